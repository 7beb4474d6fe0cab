package io.sunco.oauth.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.SunshineTransportException;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/**
 * The extension with {@code tls()}: an https emulator that the injected client and consent trust.
 */
class ExtensionTlsTest {

  @RegisterExtension
  static final SunshineOAuthEmulatorExtension EMULATOR =
      SunshineOAuthEmulatorExtension.builder().tls().build();

  @Test
  void tlsWhenTheFlowRunsThenConsentTokenAndTokenInfoGoOverHttpsToTheTrustedEmulator(
      SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
    assertThat(EMULATOR.baseUrl()).isEqualTo("https://127.0.0.1:" + emulator.port());
    URI consent =
        URI.create(
            client.authorizeUrl(
                AuthorizeRequest.of(SunshineOAuthEmulatorExtension.DEFAULT_REDIRECT_URI, "st")));

    URI redirect = EMULATOR.followConsent(consent);
    assertThat(redirect.toString())
        .startsWith(SunshineOAuthEmulatorExtension.DEFAULT_REDIRECT_URI + "?code=");
    String code = redirect.getQuery().split("&")[0].substring("code=".length());
    AccessToken token = client.getToken(code).block(Duration.ofSeconds(20));

    assertThat(consent.getScheme()).isEqualTo("https");
    StepVerifier.create(client.getTokenInfo(token))
        .assertNext(
            info ->
                assertThat(info.appId()).isEqualTo(SunshineOAuthEmulatorExtension.DEFAULT_APP.id()))
        .verifyComplete();
  }

  @Test
  void tlsWhenAClientOfItsOwnDoesNotTrustTheEmulatorThenTheHandshakeFails(
      SunshineOAuthEmulator emulator) {
    try (SunshineOAuthClient untrusting =
        SunshineOAuthClient.builder().clientId("c").baseUrl(emulator.baseUrl()).build()) {
      StepVerifier.create(untrusting.getTokenInfo(AccessToken.bearer("t")))
          .expectErrorSatisfies(
              e ->
                  assertThat(((SunshineTransportException) e).reason())
                      .isEqualTo(SunshineTransportException.Reason.TLS_FAILED))
          .verify();
    }
  }
}
