package io.sunco.oauth;

import static io.sunco.oauth.testing.TestServers.fixture;
import static io.sunco.oauth.testing.TestServers.json;
import static io.sunco.oauth.testing.TestServers.take;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.testing.TestServers;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/** Response bodies are capped, and the client never disposes resources it was handed. */
class ResponseLimitsTest {

  private static final AccessToken TOKEN = AccessToken.bearer("t");

  private MockWebServer server;

  @BeforeEach
  void setUp() {
    server = TestServers.start();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  private static void expectBodyTooLarge(SunshineOAuthClient client) {
    StepVerifier.create(client.getTokenInfo(TOKEN))
        .expectErrorSatisfies(
            error -> {
              assertThat(error).isInstanceOf(SunshineTransportException.class);
              assertThat(((SunshineTransportException) error).reason())
                  .isEqualTo(SunshineTransportException.Reason.BODY_TOO_LARGE);
            })
        .verify(Duration.ofSeconds(10));
  }

  @Test
  void responseWhenContentLengthAboveDefaultLimitThenBodyTooLarge() {
    server.enqueue(json(200, "{\"pad\":\"" + "x".repeat(70 * 1024) + "\"}"));
    try (SunshineOAuthClient client = TestServers.clientFor(server).build()) {
      expectBodyTooLarge(client);
    }
  }

  @Test
  void responseWhenChunkedBodyGrowsPastLimitThenBodyTooLargeAndConnectionNotReused()
      throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .chunkedBody(new Buffer().writeUtf8("{\"pad\":\"" + "x".repeat(8 * 1024) + "\"}"), 512)
            .build());
    server.enqueue(json(200, fixture("token-info-success.json")));
    try (SunshineOAuthClient client =
        TestServers.clientFor(server).maxResponseBytes(4096).build()) {
      expectBodyTooLarge(client);
      StepVerifier.create(client.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
    }
    take(server);
    // The half-read connection was closed, not pooled: the second call came on a new one.
    assertThat(take(server).getExchangeIndex()).isZero();
  }

  @Test
  void responseWhenBodyWithinConfiguredLimitThenDecoded() {
    String pad = "y".repeat(100 * 1024);
    server.enqueue(json(200, "{\"app\":{\"id\":\"a1\",\"pad\":\"" + pad + "\"}}"));
    try (SunshineOAuthClient client =
        TestServers.clientFor(server).maxResponseBytes(200 * 1024).build()) {
      StepVerifier.create(client.getTokenInfo(TOKEN))
          .assertNext(info -> assertThat(info.appId()).isEqualTo("a1"))
          .verifyComplete();
    }
  }

  @Test
  void errorResponseWhenBodyAboveLimitThenBodyTooLargeNotApiException() {
    server.enqueue(
        new MockResponse.Builder()
            .code(500)
            .body("<html>" + "z".repeat(80 * 1024) + "</html>")
            .build());
    try (SunshineOAuthClient client = TestServers.clientFor(server).build()) {
      expectBodyTooLarge(client);
    }
  }

  @Test
  void closeWhenUserSuppliedHttpClientThenItsPoolStaysUsable() {
    ConnectionProvider provider = ConnectionProvider.create("user-pool", 4);
    try {
      HttpClient shared = HttpClient.create(provider);
      server.enqueue(json(200, fixture("token-info-success.json")));
      server.enqueue(json(200, fixture("token-info-success.json")));

      SunshineOAuthClient first = TestServers.clientFor(server).httpClient(shared).build();
      StepVerifier.create(first.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
      first.close();

      assertThat(provider.isDisposed()).isFalse();
      SunshineOAuthClient second = TestServers.clientFor(server).httpClient(shared).build();
      StepVerifier.create(second.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
      second.close();
    } finally {
      provider.dispose();
    }
  }

  @Test
  void closeWhenClientOwnsPoolThenLaterCallsFail() {
    SunshineOAuthClient client = TestServers.clientFor(server).build();
    StepVerifier.create(client.closeLater()).verifyComplete();

    StepVerifier.create(client.getTokenInfo(TOKEN))
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed"))
        .verify(Duration.ofSeconds(10));
    assertThat(server.getRequestCount()).isZero();
  }
}
