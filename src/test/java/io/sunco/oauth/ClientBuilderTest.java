package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientBuilderTest {

  private static SunshineOAuthClient.Builder builder() {
    return SunshineOAuthClient.builder().clientId("cid");
  }

  @Test
  void builderWhenDefaultsThenOauthBridge() {
    assertThat(builder().build().baseUrl())
        .isEqualTo(URI.create("https://oauth-bridge.zendesk.com/sc"));
  }

  @Test
  void builderWhenLegacyHostsThenAccepted() {
    assertThat(builder().baseUrl(SunshineOAuthClient.LEGACY_US).build().baseUrl().toString())
        .isEqualTo("https://api.smooch.io");
    assertThat(builder().baseUrl(SunshineOAuthClient.LEGACY_EU).build().baseUrl().toString())
        .isEqualTo("https://api.eu-1.smooch.io");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080",
        "http://localhost:1/sc",
        "http://[::1]:9",
        "https://proxy.internal/sc/"
      })
  void builderWhenBaseUrlHttpsOrLoopbackThenAccepted(String url) {
    assertThat(builder().baseUrl(url).build().baseUrl().toString()).isEqualTo(url);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://api.smooch.io",
        "http://10.0.0.1",
        "ftp://127.0.0.1",
        "api.smooch.io",
        "/sc",
        "https://api.smooch.io?x=1",
        "https://api.smooch.io#f",
        "https://u:p@api.smooch.io",
        "https://bad host"
      })
  void builderWhenBaseUrlNotHttpsAndNotLoopbackThenIllegalArgumentException(String url) {
    assertThatThrownBy(() -> builder().baseUrl(url)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderWhenNoClientIdThenIllegalStateException() {
    assertThatThrownBy(() -> SunshineOAuthClient.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("clientId");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Authorization",
        "content-type",
        "Host",
        "Content-Length",
        "Transfer-Encoding",
        "Bad Name",
        "",
        "X:Y"
      })
  void builderWhenHeaderReservedOrInvalidThenIllegalArgumentException(String name) {
    assertThatThrownBy(() -> builder().defaultHeader(name, "v"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderWhenHeaderValueHasLineBreakThenIllegalArgumentException() {
    assertThatThrownBy(() -> builder().defaultHeader("X-A", "v\r\nX-B: injected"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderWhenLimitsOutOfRangeThenIllegalArgumentException() {
    assertThatThrownBy(() -> builder().maxResponseBytes(10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().clientSecret(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder().clientId("a b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clientIdWhenTheFirstCharacterIsNotVisibleAsciiThenRefusedAtIndexZero() {
    assertThatThrownBy(() -> builder().clientId("\u00e9abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clientId must hold only visible ASCII characters; found one at index 0");
  }

  @Test
  void clientSecretWhenNullThenNoSecretAndGetTokenSaysSoAtCallTime() {
    SunshineOAuthClient withoutSecret =
        builder().clientSecret("set-first").clientSecret(null).build();

    assertThat(withoutSecret.authorizeUrl(AuthorizeRequest.of("https://bot.example.com/cb", "s")))
        .contains("client_id=");
    assertThatThrownBy(() -> withoutSecret.getToken("a-code"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("getToken needs a client secret: set clientSecret(..)");
    assertThatThrownBy(() -> builder().clientSecret(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clientSecret");
  }

  @Test
  void clientWhenToStringThenSecretHidden() {
    String text =
        builder()
            .clientSecret("top-secret-value")
            .defaultHeader("X-Zendesk-Marketplace-Bot-Id", "acme")
            .build()
            .toString();

    assertThat(text)
        .contains("cid", "****", "X-Zendesk-Marketplace-Bot-Id")
        .doesNotContain("top-secret-value");
  }
}
