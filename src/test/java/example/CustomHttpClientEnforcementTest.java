package example;

import static io.sunco.oauth.testing.TestServers.json;
import static io.sunco.oauth.testing.TestServers.tokenInfoOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.ChannelOption;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/**
 * What the README says the library still enforces when the application passes its own Reactor Netty
 * {@code HttpClient} with {@code httpClient(..)}: here one that would follow redirects, with a
 * one-minute connect timeout and its own pool, idle time and headers.
 */
class CustomHttpClientEnforcementTest {

  private static final AccessToken TOKEN = AccessToken.bearer("token");
  private static final Duration VERIFY = Duration.ofSeconds(20);

  private final List<Object> connectTimeouts = new CopyOnWriteArrayList<>();
  private ConnectionProvider pool;
  private HttpClient http;
  private MockWebServer server;

  @BeforeEach
  void setUp() {
    server = TestServers.start();
    pool =
        ConnectionProvider.builder("application-pool")
            .maxConnections(4)
            .maxIdleTime(Duration.ofSeconds(50))
            .build();
    http =
        HttpClient.create(pool)
            .followRedirect(true) // the library turns this off on its copy
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 60_000) // replaced by Timeouts.connect()
            .headers(h -> h.set("X-Corp-Trace", "on"))
            .doOnConnect(
                config ->
                    connectTimeouts.add(
                        config.options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS)));
  }

  @AfterEach
  void tearDown() {
    server.close();
    pool.dispose();
  }

  private SunshineOAuthClient.Builder client() {
    return TestServers.clientFor(server)
        .httpClient(http)
        .retryBudget(RetryBudget.unlimited())
        .retryPolicy(
            RetryPolicy.defaults()
                .withInitialBackoff(Duration.ofMillis(10))
                .withMaxBackoff(Duration.ofMillis(50)));
  }

  @Test
  void callWhenServerRedirectsThenRedirectNotFollowedAndApiExceptionWithTheStatus()
      throws Exception {
    server.enqueue(
        new MockResponse.Builder().code(302).addHeader("Location", "/elsewhere").build());
    server.enqueue(tokenInfoOk());
    try (SunshineOAuthClient client = client().build()) {

      StepVerifier.create(client.getTokenInfo(TOKEN))
          .expectErrorSatisfies(e -> assertThat(((SunshineApiException) e).status()).isEqualTo(302))
          .verify(VERIFY);
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void callWhenBodyOverTheLimitThenBodyTooLarge() {
    server.enqueue(json(200, "{\"pad\":\"" + "x".repeat(4096) + "\"}"));
    try (SunshineOAuthClient client = client().maxResponseBytes(1024).build()) {

      StepVerifier.create(client.getTokenInfo(TOKEN))
          .expectErrorSatisfies(
              e ->
                  assertThat(((SunshineTransportException) e).reason())
                      .isEqualTo(SunshineTransportException.Reason.BODY_TOO_LARGE))
          .verify(VERIFY);
    }
  }

  @Test
  void callWhenServerNeverAnswersThenAttemptDeadline() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    try (SunshineOAuthClient client =
        client()
            .timeouts(Timeouts.defaults().withAttempt(Duration.ofMillis(500)))
            .retryPolicy(RetryPolicy.none())
            .build()) {

      StepVerifier.create(client.getTokenInfo(TOKEN))
          .expectErrorSatisfies(
              e -> {
                SunshineTimeoutException timeout = (SunshineTimeoutException) e;
                assertThat(timeout.deadline()).isEqualTo(SunshineTimeoutException.Deadline.ATTEMPT);
                assertThat(timeout.attempts()).isEqualTo(1);
              })
          .verify(VERIFY);
    }
  }

  @Test
  void callWhen503ThenRetriedByThePolicyForTokenInfoButNotForGetToken() {
    server.enqueue(json(503, "{}"));
    server.enqueue(tokenInfoOk());
    server.enqueue(json(503, "{}"));
    try (SunshineOAuthClient client = client().build()) {

      StepVerifier.create(client.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
      assertThat(server.getRequestCount()).isEqualTo(2);

      StepVerifier.create(client.getToken("code"))
          .expectErrorSatisfies(e -> assertThat(((SunshineApiException) e).status()).isEqualTo(503))
          .verify(VERIFY);
      assertThat(server.getRequestCount()).isEqualTo(3);
    }
  }

  @Test
  void connectWhenHttpClientSetsItsOwnConnectTimeoutThenTheClientsTimeoutsApply() {
    server.enqueue(tokenInfoOk());
    try (SunshineOAuthClient client =
        client().timeouts(Timeouts.defaults().withConnect(Duration.ofSeconds(2))).build()) {

      StepVerifier.create(client.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
    }
    assertThat(connectTimeouts).containsExactly(2000);
  }

  @Test
  void callWhenHttpClientHasHeadersThenKeptBesideTheClientsOwnAndDefaultHeaders() throws Exception {
    server.enqueue(tokenInfoOk());
    try (SunshineOAuthClient client =
        client().defaultHeader("X-Zendesk-Marketplace-Bot-Id", "your-bot-id").build()) {

      StepVerifier.create(client.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
    }
    RecordedRequest request = TestServers.take(server);
    assertThat(request.getHeaders().get("X-Corp-Trace")).isEqualTo("on");
    assertThat(request.getHeaders().get("X-Zendesk-Marketplace-Bot-Id")).isEqualTo("your-bot-id");
    assertThat(request.getHeaders().get("User-Agent")).isEqualTo(SunshineOAuthClient.USER_AGENT);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer token");
  }

  @Test
  void buildWhenBaseUrlIsPlainHttpOnANonLoopbackHostThenRefused() {
    assertThatThrownBy(
            () ->
                SunshineOAuthClient.builder()
                    .clientId("client-id")
                    .httpClient(http)
                    .baseUrl("http://sunco.corp.example/sc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }
}
