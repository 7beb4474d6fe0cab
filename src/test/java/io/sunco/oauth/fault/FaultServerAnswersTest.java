package io.sunco.oauth.fault;

import static io.sunco.oauth.testing.TestServers.fixture;
import static io.sunco.oauth.testing.TestServers.json;
import static io.sunco.oauth.testing.TestServers.tokenInfoOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.testing.ClientAgainstServer;
import io.sunco.oauth.testing.ConcurrentCalls;
import io.sunco.oauth.testing.TestServers;
import java.net.InetAddress;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** What the server (or a proxy in front of it) answers, on real sockets; requests are counted. */
class FaultServerAnswersTest extends ClientAgainstServer {

  private static final AccessToken TOKEN = AccessToken.bearer("t");
  private static final Duration VERIFY = Duration.ofSeconds(15);

  private static MockResponse proxyPage(int status) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "text/html")
        .body(fixture("error-proxy.html"))
        .build();
  }

  @Test
  void getTokenInfoWhenProxyHtml502ThenRetriedAndSucceeds() {
    server.enqueue(proxyPage(502));
    server.enqueue(tokenInfoOk());
    StepVerifier.create(client.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void getTokenWhenProxyHtml502ThenNotRetriedAndStatusKept() {
    server.enqueue(proxyPage(502));
    StepVerifier.create(client.getToken("code-1"))
        .expectErrorSatisfies(
            e -> {
              SunshineApiException api = (SunshineApiException) e;
              assertThat(api.status()).isEqualTo(502);
              assertThat(api.errors()).isEmpty();
              assertThat(api.requestMayHaveBeenProcessed()).isTrue();
            })
        .verify(VERIFY);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void getTokenInfoWhen503StormThenThreeAttemptsThenError() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          json(503, "{\"errors\":[{\"code\":\"service_unavailable\",\"title\":\"Down\"}]}"));
    }
    StepVerifier.create(client.getTokenInfo(TOKEN))
        .expectErrorSatisfies(e -> assertThat(((SunshineApiException) e).status()).isEqualTo(503))
        .verify(VERIFY);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void getTokenInfoWhen503StormUnderConcurrencyThenBudgetHoldsRequestsNearCallCount() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return json(503, "{}");
          }
        });
    int calls = 300;
    try (SunshineOAuthClient budgeted =
        TestServers.fastClientFor(server)
            .retryBudget(RetryBudget.defaults())
            // 300 calls queue for 64 connections: the short fault-test deadlines would trip.
            .timeouts(io.sunco.oauth.policy.Timeouts.defaults())
            .build()) {
      List<Object> outcomes =
          ConcurrentCalls.tokenInfoOutcomes(budgeted, TOKEN, calls, Duration.ofSeconds(60));
      assertThat(outcomes)
          .hasSize(calls)
          .allSatisfy(
              outcome -> {
                assertThat(outcome).isInstanceOf(SunshineApiException.class);
                assertThat(((SunshineApiException) outcome).status()).isEqualTo(503);
              });
    }
    // Without a budget 300 failing calls would send 900 requests; the default budget of 10
    // tokens allows about 5 retries in all.
    assertThat(server.getRequestCount()).isBetween(calls, calls + 10);
  }

  @Test
  void getTokenWhen429WithRetryAfterSecondsThenRetriedAfterThatWait() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
    server.enqueue(json(200, fixture("token-success.json")));
    long start = System.nanoTime();
    StepVerifier.create(client.getToken("code-1")).expectNextCount(1).verifyComplete();
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void getTokenInfoWhen429WithRetryAfterHttpDateThenRetried() {
    String soon =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).minusSeconds(5));
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", soon).build());
    server.enqueue(tokenInfoOk());
    StepVerifier.create(client.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void getTokenInfoWhen429AsksForAnHourThenErrorsAtOnceWithRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());
    StepVerifier.create(client.getTokenInfo(TOKEN))
        .expectErrorSatisfies(
            e -> assertThat(((SunshineApiException) e).retryAfter()).contains(Duration.ofHours(1)))
        .verifyThenAssertThat()
        .tookLessThan(Duration.ofSeconds(3));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void getTokenInfoWhen429WithGarbageRetryAfterThenNormalBackoff() {
    server.enqueue(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "tomorrow-ish").build());
    server.enqueue(tokenInfoOk());
    StepVerifier.create(client.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void getTokenWhenRedirectedThenNotFollowedAndOtherServerSeesNothing() {
    try (MockWebServer other = TestServers.start()) {
      other.enqueue(json(200, fixture("token-success.json")));
      server.enqueue(
          new MockResponse.Builder()
              .code(307)
              .addHeader("Location", TestServers.baseUrl(other) + "/oauth/token")
              .build());
      StepVerifier.create(client.getToken("code-1"))
          .expectErrorSatisfies(e -> assertThat(((SunshineApiException) e).status()).isEqualTo(307))
          .verify(VERIFY);
      assertThat(other.getRequestCount()).isZero();
    }
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void getTokenInfoWhenHeaderFloodThenMalformedHttpNotRetried() {
    MockResponse.Builder flood = new MockResponse.Builder().code(200);
    for (int i = 0; i < 300; i++) {
      flood.addHeader("X-Flood-" + i, "v".repeat(100));
    }
    server.enqueue(flood.body("{}").build());
    StepVerifier.create(client.getTokenInfo(TOKEN))
        .expectErrorSatisfies(
            e ->
                assertThat(((SunshineTransportException) e).reason())
                    .isEqualTo(Reason.MALFORMED_HTTP))
        .verify(VERIFY);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void callWhenCertificateUntrustedThenTlsFailedNotRetriedAndNothingSent() throws Exception {
    HeldCertificate certificate =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("127.0.0.1")
            .addSubjectAlternativeName(InetAddress.getByName("127.0.0.1").getHostAddress())
            .build();
    HandshakeCertificates serverCertificates =
        new HandshakeCertificates.Builder().heldCertificate(certificate).build();
    try (MockWebServer https = new MockWebServer()) {
      https.useHttps(serverCertificates.sslSocketFactory());
      https.start(InetAddress.getByName("127.0.0.1"), 0);
      https.enqueue(tokenInfoOk());
      try (SunshineOAuthClient tls =
          TestServers.fastClientFor(https)
              .baseUrl("https://127.0.0.1:" + https.getPort())
              // The first TLS handshake of a JVM loads the trust store: no short deadline here.
              .timeouts(io.sunco.oauth.policy.Timeouts.defaults())
              .build()) {
        StepVerifier.create(tls.getTokenInfo(TOKEN))
            .expectErrorSatisfies(
                e -> {
                  SunshineTransportException t = (SunshineTransportException) e;
                  assertThat(t.reason()).isEqualTo(Reason.TLS_FAILED);
                  assertThat(((SunshineOAuthException) e).requestMayHaveBeenProcessed()).isFalse();
                })
            .verify(VERIFY);
      }
      assertThat(https.getRequestCount()).isZero();
    }
  }
}
