package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.Credentials.JwtScope;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The accessors, equals/hashCode contracts, toString and argument limits of the value types. */
class ValueTypesTest {

  /**
   * Checks the equals/hashCode contract: {@code same} equals {@code value} with the same hash code,
   * and each of {@code others} (each differing from {@code value} in one field) is unequal and, for
   * these small fixed inputs, has another hash code.
   */
  private static void assertValueSemantics(Object value, Object same, Object... others) {
    assertThat(value).isEqualTo(value).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(same).isEqualTo(value);
    assertThat(value).isNotEqualTo(null).isNotEqualTo("not a value");
    for (Object other : others) {
      assertThat(value).isNotEqualTo(other);
      assertThat(other).isNotEqualTo(value);
      assertThat(other.hashCode()).isNotEqualTo(value.hashCode());
    }
  }

  @Test
  void tokenInfoWhenMadeThenAccessorsReturnWhatWasGiven() {
    TokenInfo info = TokenInfo.of("app-1", "acme", "Acme Support");

    assertThat(info.appId()).isEqualTo("app-1");
    assertThat(info.subdomain()).contains("acme");
    assertThat(info.displayName()).contains("Acme Support");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "a.b", "a_b", "a-", "-a", "ü", "a b"})
  void tokenInfoWhenSubdomainNotOneDnsLabelThenIllegalArgumentException(String subdomain) {
    assertThatThrownBy(() -> TokenInfo.of("app-1", subdomain, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("subdomain must be a single DNS label");
  }

  @Test
  void tokenInfoWhenSubdomainGivenThenApiBaseUrlOnZendeskInLowerCase() {
    assertThat(TokenInfo.of("app-1", "Acme-0", null).apiBaseUrl())
        .contains(URI.create("https://acme-0.zendesk.com/sc"));
    assertThat(TokenInfo.of("app-1", "7", null).apiBaseUrl())
        .contains(URI.create("https://7.zendesk.com/sc"));
    assertThat(TokenInfo.of("app-1", null, null).apiBaseUrl()).isEmpty();
  }

  @Test
  void exchangeKeyWhenShownThenNamesEndpointAndClientButNeverTheSecretOrTheCode() {
    ExchangeKey key =
        new ExchangeKey(
            URI.create("https://oauth-bridge.zendesk.com/sc/oauth/token"),
            "cid-1",
            "the-secret-7",
            Map.of("X-Zendesk-Marketplace-Bot-Id", "bot-1"),
            "the-code-9");

    assertThat(key.toString())
        .isEqualTo(
            "ExchangeKey[https://oauth-bridge.zendesk.com/sc/oauth/token, cid-1,"
                + " clientSecret=****, code=****]");
  }

  @Test
  void tokenInfoWhenComparedThenEqualOnlyWhenEveryFieldIsEqual() {
    assertValueSemantics(
        TokenInfo.of("app-1", "acme", "Acme"),
        TokenInfo.of("app-1", "acme", "Acme"),
        TokenInfo.of("app-2", "acme", "Acme"),
        TokenInfo.of("app-1", "other", "Acme"),
        TokenInfo.of("app-1", null, "Acme"),
        TokenInfo.of("app-1", "acme", "Other"),
        TokenInfo.of("app-1", "acme", null));
  }

  @Test
  void tokenInfoWhenToStringThenNamesTypeAndEveryField() {
    assertThat(TokenInfo.of("app-1", "acme", "Acme").toString())
        .isEqualTo("TokenInfo[appId=app-1, subdomain=acme, displayName=Acme]");
    assertThat(TokenInfo.of("app-1", null, null).toString())
        .isEqualTo("TokenInfo[appId=app-1, subdomain=, displayName=]");
  }

  @Test
  void accessTokenWhenComparedThenEqualOnlyForTheSameValue() {
    assertValueSemantics(
        AccessToken.bearer("token-1"),
        AccessToken.bearer("token-1"),
        AccessToken.bearer("token-2"),
        AccessToken.bearer("token-10"));
  }

  @Test
  void basicWhenMadeThenKeyIdReturnedAndSecretHidden() {
    Credentials.Basic basic = (Credentials.Basic) Credentials.basic("app_5e4a", "basic-secret");

    assertThat(basic.keyId()).isEqualTo("app_5e4a");
    assertThat(basic.toString())
        .isEqualTo("Credentials.Basic[keyId=app_5e4a, secret=****]")
        .doesNotContain("basic-secret");
  }

  @Test
  void basicWhenComparedThenEqualOnlyForTheSameKeyIdAndSecret() {
    assertValueSemantics(
        Credentials.basic("key-1", "secret-1"),
        Credentials.basic("key-1", "secret-1"),
        Credentials.basic("key-2", "secret-1"),
        Credentials.basic("key-1", "secret-2"),
        Credentials.jwt("key-1", "secret-1", JwtScope.APP));
  }

  @ParameterizedTest
  @ValueSource(strings = {":key", "key:", "k:ey", ":"})
  void basicWhenKeyIdHoldsColonAnywhereThenIllegalArgumentException(String keyId) {
    assertThatThrownBy(() -> Credentials.basic(keyId, "secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyId must not contain ':'");
  }

  @Test
  void jwtWhenMadeThenKeyIdAndScopeReturnedAndSecretHidden() {
    Credentials.Jwt jwt =
        (Credentials.Jwt) Credentials.jwt("act_1", "jwt-secret", JwtScope.ACCOUNT);

    assertThat(jwt.keyId()).isEqualTo("act_1");
    assertThat(jwt.scope()).isEqualTo(JwtScope.ACCOUNT);
    assertThat(jwt.toString())
        .isEqualTo("Credentials.Jwt[keyId=act_1, scope=account, secret=****]")
        .doesNotContain("jwt-secret");
  }

  @Test
  void jwtWhenComparedThenEqualOnlyForTheSameKeyIdSecretAndScope() {
    assertValueSemantics(
        Credentials.jwt("key-1", "secret-1", JwtScope.APP),
        Credentials.jwt("key-1", "secret-1", JwtScope.APP),
        Credentials.jwt("key-2", "secret-1", JwtScope.APP),
        Credentials.jwt("key-1", "secret-2", JwtScope.APP),
        Credentials.jwt("key-1", "secret-1", JwtScope.ACCOUNT),
        Credentials.basic("key-1", "secret-1"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"kid", "kid\"", "\\kid", "kid\\", "k\"i\\d"})
  void jwtWhenKeyIdHoldsQuoteOrBackslashAnywhereThenIllegalArgumentException(String keyId) {
    assertThatThrownBy(() -> Credentials.jwt(keyId, "secret", JwtScope.APP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("keyId must not contain '\"' or '\\'");
  }

  @Test
  void authorizeRequestWhenComparedThenEqualOnlyWhenBothFieldsAreEqual() {
    assertValueSemantics(
        AuthorizeRequest.of("https://app.example/cb", "state-1"),
        AuthorizeRequest.of("https://app.example/cb", "state-1"),
        AuthorizeRequest.of("https://app.example/other", "state-1"),
        AuthorizeRequest.of("https://app.example/cb", "state-2"),
        AuthorizeRequest.builder().state("state-1").build(),
        AuthorizeRequest.builder().redirectUri("https://app.example/cb").build());
    assertValueSemantics(
        AuthorizeRequest.builder().build(),
        AuthorizeRequest.builder().build(),
        AuthorizeRequest.builder().state("s").build());
  }

  @Test
  void authorizeRequestWhenStateSetThenToStringMasksIt() {
    assertThat(AuthorizeRequest.of("https://app.example/cb", "csrf-state-value").toString())
        .isEqualTo("AuthorizeRequest[redirectUri=https://app.example/cb, state=****]")
        .doesNotContain("csrf-state-value");
  }

  @Test
  void authorizeRequestWhenNoStateNorRedirectThenToStringSaysSo() {
    assertThat(AuthorizeRequest.builder().build().toString())
        .isEqualTo("AuthorizeRequest[redirectUri=(first registered), state=(none)]");
  }

  /** {@code !} (0x21) and {@code ~} (0x7E) are the ends of the visible ASCII range. */
  @ParameterizedTest
  @ValueSource(strings = {"!", "~", "!~", "a!b~c"})
  void headerSafeValueWhenAtEitherEndOfVisibleAsciiThenAccepted(String value) {
    assertThat(AccessToken.bearer(value).value()).isEqualTo(value);
    assertThat(Credentials.basic(value, "secret")).isNotNull();
    try (SunshineOAuthClient client = SunshineOAuthClient.builder().clientId(value).build()) {
      assertThat(client.clientId()).isEqualTo(value);
    }
  }

  /** Space (0x20), DEL (0x7F), tab, and the first non-ASCII character are refused. */
  @ParameterizedTest
  @ValueSource(strings = {"a b", "a\u007fb", "a\tb", "a\u0080b", "a\u001fb"})
  void headerSafeValueWhenJustOutsideVisibleAsciiThenIllegalArgumentException(String value) {
    assertThatThrownBy(() -> AccessToken.bearer(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token must hold only visible ASCII characters; found one at index 1");
    assertThatThrownBy(() -> SunshineOAuthClient.builder().clientId(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("clientId must hold only visible ASCII characters; found one at index 1");
  }
}
