package io.sunco.oauth;

import static io.sunco.oauth.testing.TestServers.take;
import static io.sunco.oauth.testing.TestServers.tokenInfoOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.testing.TestServers;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/** The exact limits of the builder's numeric settings and of its header rules. */
class BuilderLimitsTest {

  private static final int SIXTEEN_MIB = 16 * 1024 * 1024;

  private static SunshineOAuthClient.Builder builder() {
    return SunshineOAuthClient.builder().clientId("cid");
  }

  /** The built client's {@code toString()}, which shows its configuration; the client is closed. */
  private static String describe(SunshineOAuthClient.Builder builder) {
    try (SunshineOAuthClient client = builder.build()) {
      return client.toString();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1024, SIXTEEN_MIB})
  void maxResponseBytesWhenAtEitherEndOfRangeThenAcceptedAndUsed(int limit) {
    assertThat(describe(builder().maxResponseBytes(limit)))
        .contains("maxResponseBytes=" + limit + ",");
  }

  @ParameterizedTest
  @ValueSource(ints = {1023, SIXTEEN_MIB + 1, 0, -1})
  void maxResponseBytesWhenOneBeyondRangeThenIllegalArgumentException(int limit) {
    assertThatThrownBy(() -> builder().maxResponseBytes(limit))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxResponseBytes must be from 1 KiB to 16 MiB");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, Integer.MAX_VALUE})
  void maxConnectionsWhenAtLeastOneThenAcceptedAndClientBuilds(int connections) {
    try (SunshineOAuthClient client =
        builder().pool(PoolSettings.defaults().withMaxConnections(connections)).build()) {
      assertThat(client.clientId()).isEqualTo("cid");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void maxConnectionsWhenLessThanOneThenIllegalArgumentException(int connections) {
    assertThatThrownBy(() -> PoolSettings.defaults().withMaxConnections(connections))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxConnections must be at least 1");
  }

  @ParameterizedTest
  @ValueSource(ints = {1, Integer.MAX_VALUE})
  void maxPendingAcquiresWhenAtLeastOneThenAcceptedAndClientBuilds(int pending) {
    try (SunshineOAuthClient client =
        builder().pool(PoolSettings.defaults().withMaxPendingAcquires(pending)).build()) {
      assertThat(client.clientId()).isEqualTo("cid");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void maxPendingAcquiresWhenLessThanOneThenIllegalArgumentException(int pending) {
    assertThatThrownBy(() -> PoolSettings.defaults().withMaxPendingAcquires(pending))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxPendingAcquires must be at least 1");
  }

  /** Every boundary of the RFC 9110 tchar ranges, and each of the listed symbols. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a", "z", "A", "Z", "0", "9", "!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_",
        "`", "|", "~"
      })
  void defaultHeaderWhenNameIsOneTokenCharThenAccepted(String name) {
    assertThat(describe(builder().defaultHeader(name, "v")))
        .contains("defaultHeaders=[" + name + "]");
  }

  /** The neighbours of the tchar ranges, and the RFC 9110 delimiters. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "@",
        "[",
        "{",
        "/",
        ":",
        "\"",
        "(",
        ")",
        ",",
        ";",
        "<",
        "=",
        ">",
        "?",
        "\\",
        "]",
        "}",
        " ",
        "\t",
        "\u007f",
        "\u00e9",
        "X-\u0000"
      })
  void defaultHeaderWhenNameHoldsNonTokenCharThenIllegalArgumentException(String name) {
    assertThatThrownBy(() -> builder().defaultHeader(name, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("header name is not a valid token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "~", "!", "a\tb", " ", "tab\t", "x ~ y"})
  void defaultHeaderWhenValueIsVisibleAsciiSpaceOrTabThenAccepted(String value) {
    assertThat(describe(builder().defaultHeader("X-A", value))).contains("defaultHeaders=[X-A]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u001f", "a\u007fb", "\u0080", "caf\u00e9", "a\rb", "a\nb", "\u0000"})
  void defaultHeaderWhenValueHoldsControlOrNonAsciiThenIllegalArgumentException(String value) {
    assertThatThrownBy(() -> builder().defaultHeader("X-A", value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the value of header X-A must be visible ASCII");
  }

  @Test
  void defaultHeaderWhenValueHasSpaceAndTildeThenSentVerbatim() throws Exception {
    try (MockWebServer server = TestServers.start();
        SunshineOAuthClient client =
            TestServers.clientFor(server).defaultHeader("X-A", "a b~c").build()) {
      server.enqueue(tokenInfoOk());

      StepVerifier.create(client.getTokenInfo(AccessToken.bearer("tok")))
          .expectNextCount(1)
          .verifyComplete();

      assertThat(take(server).getHeaders().get("X-A")).isEqualTo("a b~c");
    }
  }

  @Test
  void defaultHeaderWhenSameNameInOtherCaseThenReplacesOnlyThatHeader() throws Exception {
    try (MockWebServer server = TestServers.start();
        SunshineOAuthClient client =
            TestServers.clientFor(server)
                .defaultHeader("X-A", "first")
                .defaultHeader("X-B", "kept")
                .defaultHeader("x-a", "second")
                .build()) {
      assertThat(client.toString()).contains("x-a", "X-B").doesNotContain("X-A");
      server.enqueue(tokenInfoOk());

      StepVerifier.create(client.getTokenInfo(AccessToken.bearer("tok")))
          .expectNextCount(1)
          .verifyComplete();

      RecordedRequest request = take(server);
      assertThat(request.getHeaders().values("X-A")).containsExactly("second");
      assertThat(request.getHeaders().get("X-B")).isEqualTo("kept");
    }
  }
}
