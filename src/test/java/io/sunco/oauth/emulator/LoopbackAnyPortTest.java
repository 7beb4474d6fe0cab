package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.authorizeUrl;
import static io.sunco.oauth.emulator.TestHttp.decide;
import static io.sunco.oauth.emulator.TestHttp.get;
import static io.sunco.oauth.emulator.TestHttp.location;
import static io.sunco.oauth.emulator.TestHttp.queryOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 8252 §7.3: any port on a registered loopback redirect URI, only when enabled. */
class LoopbackAnyPortTest {

  private static final String REGISTERED = "http://127.0.0.1:8090/callback";
  private static final Integration LOOPBACK =
      Integration.of(
          CLIENT_ID,
          "secret",
          REGISTERED,
          "http://[::1]:8090/callback",
          "http://127.0.0.1:8091/tenant?id=a",
          "http://localhost:8090/callback",
          "https://127.0.0.1:8443/secure",
          "http://127.0.0.1/noport");

  private static SunshineOAuthEmulator start(boolean anyPort, ConsentMode mode) {
    return SunshineOAuthEmulator.builder()
        .integration(LOOPBACK)
        .app(APP)
        .loopbackAnyPort(anyPort)
        .consentMode(mode)
        .start();
  }

  private static HttpResponse<String> authorize(SunshineOAuthEmulator emulator, String uri) {
    return get(authorizeUrl(emulator, "redirect_uri", uri, "state", "s"));
  }

  @Nested
  class WhenEnabled {

    /**
     * The answer to an authorize request for {@code requested} with automatic consent, checked to
     * have {@code status}.
     */
    private HttpResponse<String> authorizedAutomatically(String requested, int status) {
      try (SunshineOAuthEmulator emulator = start(true, ConsentMode.AUTOMATIC)) {
        HttpResponse<String> response = authorize(emulator, requested);
        assertThat(response.statusCode()).isEqualTo(status);
        return response;
      }
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "http://127.0.0.1:51234/callback",
          "http://127.0.0.1:1/callback",
          "http://127.0.0.1/callback",
          "http://127.0.0.1:8090/callback",
          "http://[::1]:40000/callback",
          "http://127.0.0.1:9/tenant?id=a",
          "https://127.0.0.1:1/secure",
          "http://127.0.0.1:65535/noport"
        })
    void authorizeWhenOnlyThePortDiffersThenRedirectsToTheRequestedUri(String requested) {
      HttpResponse<String> response = authorizedAutomatically(requested, 302);

      assertThat(location(response)).startsWith(requested);
      assertThat(queryOf(location(response))).containsKey("code").containsEntry("state", "s");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "http://127.0.0.1:51234/callback/",
          "http://127.0.0.1:51234/Callback",
          "http://127.0.0.1:51234/callback?x=1",
          "http://127.0.0.1:9/tenant?id=b",
          "http://127.0.0.1:9/tenant",
          "https://127.0.0.1:51234/callback",
          "HTTP://127.0.0.1:51234/callback",
          "http://localhost:51234/callback",
          "http://127.0.0.2:51234/callback",
          "http://[::1]:51234/noport",
          "http://[0:0:0:0:0:0:0:1]:51234/callback",
          "http://user@127.0.0.1:51234/callback",
          "http://127.0.0.1:051234/callback",
          "http://127.0.0.1:/callback",
          "http://127.0.0.1:99999/callback",
          "http://127.0.0.1.evil.example:8090/callback",
          "http://evil.example:8090/callback"
        })
    void authorizeWhenMoreThanThePortDiffersThen400WithoutRedirect(String requested) {
      HttpResponse<String> response = authorizedAutomatically(requested, 400);

      assertThat(response.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void decisionWhenInteractiveThenTheRequestedPortIsKeptThroughTheConsentPage() {
      try (SunshineOAuthEmulator emulator = start(true, ConsentMode.INTERACTIVE)) {
        String requested = "http://127.0.0.1:51234/callback";
        assertThat(authorize(emulator, requested).body()).contains(requested);

        HttpResponse<String> allowed =
            decide(
                emulator,
                "client_id",
                CLIENT_ID,
                "redirect_uri",
                requested,
                "state",
                "s",
                "decision",
                "allow");

        assertThat(allowed.statusCode()).isEqualTo(302);
        assertThat(location(allowed)).startsWith(requested + "?code=");
      }
    }
  }

  @Test
  void authorizeWhenDisabledByDefaultThenOtherPortIs400() {
    try (SunshineOAuthEmulator emulator =
        SunshineOAuthEmulator.builder().integration(LOOPBACK).app(APP).start()) {
      HttpResponse<String> other = authorize(emulator, "http://127.0.0.1:51234/callback");
      HttpResponse<String> exact = authorize(emulator, REGISTERED);

      assertThat(other.statusCode()).isEqualTo(400);
      assertThat(other.headers().firstValue("Location")).isEmpty();
      assertThat(exact.statusCode()).isEqualTo(302);
    }
  }

  @Test
  void builderToStringWhenEnabledThenSaysSo() {
    assertThat(SunshineOAuthEmulator.builder().loopbackAnyPort(true).toString())
        .contains("loopbackAnyPort");
    assertThat(SunshineOAuthEmulator.builder().toString()).doesNotContain("loopbackAnyPort");
  }
}
