package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizeTest {

  private final SunshineOAuthClient client =
      SunshineOAuthClient.builder().clientId("5e4af71a81966cfff3ef6550").build();

  @Test
  void authorizeUrlWhenRedirectAndStateThenConsentUrlOnDefaultHost() {
    assertThat(
            client.authorizeUrl(
                AuthorizeRequest.of("https://bot.example.com/oauth/callback", "xyz-123")))
        .isEqualTo(
            "https://oauth-bridge.zendesk.com/sc/oauth/authorize?client_id=5e4af71a81966cfff3ef6550"
                + "&response_type=code&state=xyz-123"
                + "&redirect_uri=https%3A%2F%2Fbot.example.com%2Foauth%2Fcallback");
  }

  @Test
  void authorizeUrlWhenNoStateThenRefusedNamingTheWayOut() {
    AuthorizeRequest template =
        AuthorizeRequest.builder().redirectUri("https://bot.example.com/cb").build();

    assertThatThrownBy(() -> client.authorizeUrl(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a state")
        .hasMessageContaining("CSRF")
        .hasMessageContaining("withoutStateGivingUpCsrfProtection()");
    assertThatThrownBy(() -> client.authorizeUrl(AuthorizeRequest.builder().build()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(template.isWithoutStateAccepted()).isFalse();
    assertThat(client.authorizeUrl(template.withState("s"))).contains("&state=s&");
  }

  @Test
  void authorizeWhenStateGivenUpExplicitlyThenOnlyClientIdAndResponseType() {
    AuthorizeRequest request =
        AuthorizeRequest.builder().withoutStateGivingUpCsrfProtection().build();
    URI uri = URI.create(client.authorizeUrl(request));

    assertThat(uri.getRawQuery())
        .isEqualTo("client_id=5e4af71a81966cfff3ef6550&response_type=code");
    assertThat(uri.getRawPath()).isEqualTo("/sc/oauth/authorize");
    assertThat(request.isWithoutStateAccepted()).isTrue();
    assertThat(request.toString()).contains("state=(none, given up)");
    assertThat(request).isNotEqualTo(AuthorizeRequest.builder().build());
  }

  @Test
  void withoutStateWhenStateSetBeforeOrAfterThenTheLastCallWins() {
    AuthorizeRequest givenUp =
        AuthorizeRequest.builder().state("s").withoutStateGivingUpCsrfProtection().build();
    AuthorizeRequest stateAgain =
        AuthorizeRequest.builder().withoutStateGivingUpCsrfProtection().state("s").build();

    assertThat(givenUp.state()).isEmpty();
    assertThat(givenUp.isWithoutStateAccepted()).isTrue();
    assertThat(stateAgain.state()).contains("s");
    assertThat(stateAgain.isWithoutStateAccepted()).isFalse();
    assertThat(givenUp.withState("t").isWithoutStateAccepted()).isFalse();
    assertThat(stateAgain).isEqualTo(AuthorizeRequest.builder().state("s").build());
  }

  @Test
  void authorizeWhenValuesNeedEncodingThenEveryParameterPercentEncoded() {
    SunshineOAuthClient odd =
        SunshineOAuthClient.builder()
            .clientId("id+with&odd=chars")
            .baseUrl("https://api.smooch.io/")
            .build();
    String redirect = "https://bot.example.com/cb?tenant=a%20b&x=ü";
    URI uri = URI.create(odd.authorizeUrl(AuthorizeRequest.of(redirect, "a b+c&d=e/~_.-")));

    assertThat(uri.toString())
        .isEqualTo(
            "https://api.smooch.io/oauth/authorize?client_id=id%2Bwith%26odd%3Dchars&response_type=code"
                + "&state=a%20b%2Bc%26d%3De%2F~_.-"
                + "&redirect_uri=https%3A%2F%2Fbot.example.com%2Fcb%3Ftenant%3Da%2520b%26x%3D%C3%BC");
  }

  @Test
  void authorizeWhenRedirectUriGivenThenDecodesBackToTheExactString() {
    String redirect = "https://bot.example.com/cb/%7Euser/?q=%2F&empty=";
    URI uri = URI.create(client.authorizeUrl(AuthorizeRequest.of(redirect, "s")));

    String encoded = uri.getRawQuery().substring(uri.getRawQuery().indexOf("redirect_uri=") + 13);
    assertThat(java.net.URLDecoder.decode(encoded, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(redirect);
  }

  @Test
  void withStateWhenCalledThenNewStateSameRedirectAndOriginalUnchanged() {
    AuthorizeRequest template = AuthorizeRequest.of("https://bot.example.com/cb", "first");

    AuthorizeRequest derived = template.withState("second");

    assertThat(derived.state()).contains("second");
    assertThat(derived.redirectUri()).contains("https://bot.example.com/cb");
    assertThat(template.state()).contains("first");
    assertThat(client.authorizeUrl(derived))
        .isEqualTo(
            client.authorizeUrl(AuthorizeRequest.of("https://bot.example.com/cb", "second")));
    AuthorizeRequest noRedirect = AuthorizeRequest.builder().build().withState("s");
    assertThat(noRedirect.redirectUri()).isEmpty();
    assertThat(noRedirect.state()).contains("s");
    assertThatThrownBy(() -> template.withState("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> template.withState("tab\there"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> template.withState(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void authorizeUrlWhenCalledThenSameAsciiTextAsTheUri() {
    SunshineOAuthClient odd =
        SunshineOAuthClient.builder().clientId("id+/&=").baseUrl("https://api.smooch.io").build();
    for (AuthorizeRequest request :
        new AuthorizeRequest[] {
          AuthorizeRequest.builder().withoutStateGivingUpCsrfProtection().build(),
          AuthorizeRequest.of("https://bot.example.com/cb?x=ü&y=a%20b", "s~t.a_t-e"),
          AuthorizeRequest.builder().state("only state").build()
        }) {
      String url = odd.authorizeUrl(request);
      URI uri = URI.create(odd.authorizeUrl(request));
      assertThat(url).isEqualTo(uri.toString()).isEqualTo(uri.toASCIIString());
      assertThat(url.chars()).allMatch(c -> c > 0x20 && c < 0x7f);
    }
    assertThat(
            odd.authorizeUrl(
                AuthorizeRequest.builder().withoutStateGivingUpCsrfProtection().build()))
        .isEqualTo(
            "https://api.smooch.io/oauth/authorize?client_id=id%2B%2F%26%3D&response_type=code");
    assertThatThrownBy(() -> odd.authorizeUrl(null)).isInstanceOf(NullPointerException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:8080/cb",
        "http://127.0.0.1/cb",
        "http://127.5.6.7:9/cb",
        "http://[::1]:8080/cb",
        "https://example.com/cb",
        "HTTPS://Example.COM/cb"
      })
  void authorizeRequestWhenRedirectUriAllowedThenAccepted(String redirect) {
    assertThat(AuthorizeRequest.of(redirect, "s").redirectUri()).contains(redirect);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/relative/cb",
        "cb",
        "https://example.com/cb#frag",
        "https://example.com/cb#",
        "http://example.com/cb",
        "http://127.0.0.1.example.com/cb",
        "http://localhost.example.com/cb",
        "ftp://example.com/cb",
        "mailto:someone@example.com",
        "https://user:pw@example.com/cb",
        "https:///cb",
        "https://exa mple.com/cb"
      })
  void authorizeRequestWhenRedirectUriForbiddenThenIllegalArgumentException(String redirect) {
    assertThatThrownBy(() -> AuthorizeRequest.builder().redirectUri(redirect))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "caf\u00e9",
        "tab\there",
        "new\nline",
        "nul\u0000",
        "del\u007f",
        "\ud83d\ude00"
      })
  void authorizeRequestWhenStateNotPrintableAsciiThenIllegalArgumentException(String state) {
    assertThatThrownBy(() -> AuthorizeRequest.builder().state(state))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e -> assertThat(e.getMessage()).doesNotContain(state.isEmpty() ? "\u0001" : state));
  }

  @Test
  void authorizeRequestWhenPrintableAsciiStateThenAccepted() {
    String all =
        new String(
            java.util.stream.IntStream.rangeClosed(0x20, 0x7E).toArray(), 0, 0x7E - 0x20 + 1);
    assertThat(AuthorizeRequest.builder().state(all).build().state()).contains(all);
  }

  @Test
  void authorizeRequestWhenToStringThenStateHidden() {
    assertThat(AuthorizeRequest.of("https://example.com/cb", "csrf-secret-value").toString())
        .contains("https://example.com/cb")
        .doesNotContain("csrf-secret-value");
  }

  @Test
  void authorizeWhenRequestNullThenNullPointerException() {
    assertThatThrownBy(() -> client.authorizeUrl(null)).isInstanceOf(NullPointerException.class);
  }
}
