package io.sunco.oauth;

import static io.sunco.oauth.testing.TestServers.fixture;
import static io.sunco.oauth.testing.TestServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.error.ApiError;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.testing.ClientAgainstServer;
import io.sunco.oauth.testing.TestServers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/** Every non-2xx answer becomes a SunshineApiException, whatever the body looks like. */
class ErrorShapesTest extends ClientAgainstServer {

  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  @Override
  protected SunshineOAuthClient.Builder clientFor(MockWebServer server) {
    // One attempt per call: this class checks decoding; retries are tested in the Fault*Test
    // classes.
    return TestServers.clientFor(server)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .retryPolicy(RetryPolicy.none());
  }

  private void expectApiError(MockResponse response, Consumer<SunshineApiException> check) {
    server.enqueue(response);
    StepVerifier.create(client.getTokenInfo(AccessToken.bearer("t")))
        .expectErrorSatisfies(
            error -> {
              assertThat(error).isInstanceOf(SunshineApiException.class);
              check.accept((SunshineApiException) error);
            })
        .verify();
  }

  @Test
  void errorWhenV2ShapeThenEveryEntryDecoded() {
    expectApiError(
        json(400, fixture("error-v2.json")),
        e ->
            assertThat(e.errors())
                .containsExactly(
                    new ApiError("invalid_grant", "The authorization code is invalid"),
                    new ApiError("bad_request", "Second entry")));
  }

  @Test
  void errorWhenV1ShapeThenCodeAndDescriptionDecoded() {
    expectApiError(
        json(401, fixture("error-v1.json")),
        e ->
            assertThat(e.errors())
                .containsExactly(new ApiError("unauthorized", "Authorization is required")));
  }

  @Test
  void errorWhenRfc6749ShapeThenErrorAndDescriptionDecoded() {
    expectApiError(
        json(400, fixture("error-rfc6749.json")),
        e -> assertThat(e.errors()).containsExactly(new ApiError("invalid_grant", "Code expired")));
  }

  @Test
  void errorWhenProxyHtmlPageThenStatusKeptAndNoErrors() {
    expectApiError(
        new MockResponse.Builder()
            .code(502)
            .addHeader("Content-Type", "text/html")
            .body(fixture("error-proxy.html"))
            .build(),
        e -> {
          assertThat(e.status()).isEqualTo(502);
          assertThat(e.errors()).isEmpty();
          assertThat(e.requestMayHaveBeenProcessed()).isTrue();
          assertThat(e.getMessage()).isEqualTo("getTokenInfo failed: HTTP 502");
        });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{",
        "{\"errors\":",
        "null",
        "[1,2]",
        "{\"errors\":[1,\"x\",null]}",
        "{\"error\":42}",
        "{\"message\":\"x\"}"
      })
  void errorWhenBodyEmptyOrBrokenThenNoParseErrorAndNoErrors(String body) {
    expectApiError(
        json(500, body),
        e -> {
          assertThat(e.status()).isEqualTo(500);
          assertThat(e.errors()).isEmpty();
        });
  }

  @Test
  void errorWhenServerTextHasControlCharactersThenStrippedAndCapped() {
    String longTitle = "x".repeat(5000);
    expectApiError(
        json(
            400,
            "{\"errors\":[{\"code\":\"bad\\r\\nInjected: yes\",\"title\":\"\\u001b[31mred\\u202e\"},"
                + "{\"code\":\"long\",\"title\":\""
                + longTitle
                + "\"}]}"),
        e -> {
          List<ApiError> errors = e.errors();
          assertThat(errors.get(0).code()).isEqualTo("bad Injected: yes");
          assertThat(errors.get(0).description()).isEqualTo("[31mred");
          assertThat(errors.get(1).description()).hasSize(200).endsWith("\u2026");
          assertThat(e.getMessage()).doesNotContain("\r", "\n", "\u001b").hasSizeLessThan(600);
        });
  }

  @Test
  void errorWhenRedirectThenSunshineApiExceptionAndNotFollowed() {
    try (MockWebServer other = TestServers.start()) {
      expectApiError(
          new MockResponse.Builder()
              .code(302)
              .addHeader("Location", TestServers.baseUrl(other) + "/v2/tokenInfo")
              .build(),
          e -> {
            assertThat(e.status()).isEqualTo(302);
            assertThat(e.getMessage()).contains("redirects are not followed");
          });
      assertThat(other.getRequestCount()).isZero();
    }
  }

  @Test
  void errorWhenRetryAfterSecondsThenDurationCarried() {
    expectApiError(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "7").build(),
        e -> {
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
          assertThat(e.requestMayHaveBeenProcessed()).isFalse();
        });
  }

  @Test
  void errorWhenRetryAfterHttpDateThenMeasuredFromClock() {
    expectApiError(
        new MockResponse.Builder()
            .code(503)
            .addHeader("Retry-After", "Sat, 28 Nov 2026 10:01:30 GMT")
            .build(),
        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(90)));
  }

  @Test
  void errorWhenRetryAfterGarbageThenEmpty() {
    expectApiError(
        new MockResponse.Builder().code(429).addHeader("Retry-After", "soon").build(),
        e -> assertThat(e.retryAfter()).isEmpty());
  }
}
