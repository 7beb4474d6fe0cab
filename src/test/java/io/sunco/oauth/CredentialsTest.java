package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CredentialsTest {

  private static String jwtOf(Credentials credentials) {
    return ((Credentials.Jwt) credentials).authorizationHeader().substring("Bearer ".length());
  }

  @Test
  void jwtWhenAppScopeThenHs256SignedWithKidAndScopeClaim() {
    String jwt = jwtOf(Credentials.jwt("app_5e4af71a", "key-secret-123", Credentials.JwtScope.APP));

    DecodedJWT decoded = JWT.require(Algorithm.HMAC256("key-secret-123")).build().verify(jwt);
    assertThat(decoded.getAlgorithm()).isEqualTo("HS256");
    assertThat(decoded.getType()).isEqualTo("JWT");
    assertThat(decoded.getKeyId()).isEqualTo("app_5e4af71a");
    assertThat(decoded.getClaim("scope").asString()).isEqualTo("app");
    assertThat(decoded.getClaims()).containsOnlyKeys("scope");
  }

  @Test
  void jwtWhenAccountScopeThenScopeClaimIsAccount() {
    String jwt = jwtOf(Credentials.jwt("act_1", "s3cret", Credentials.JwtScope.ACCOUNT));

    assertThat(
            JWT.require(Algorithm.HMAC256("s3cret"))
                .build()
                .verify(jwt)
                .getClaim("scope")
                .asString())
        .isEqualTo("account");
  }

  @Test
  void jwtWhenVerifiedWithAnotherSecretThenSignatureRejected() {
    String jwt = jwtOf(Credentials.jwt("app_1", "right", Credentials.JwtScope.APP));

    assertThatThrownBy(() -> JWT.require(Algorithm.HMAC256("wrong")).build().verify(jwt))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @Test
  void jwtWhenEncodedThenBase64UrlWithoutPadding() {
    String jwt = jwtOf(Credentials.jwt("app_1", "secret", Credentials.JwtScope.APP));

    assertThat(jwt).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0])))
        .isEqualTo("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"app_1\"}");
  }

  @Test
  void credentialsWhenToStringThenNoSecretShown() {
    Credentials basic = Credentials.basic("key_1", "basic-secret-value");
    Credentials jwt = Credentials.jwt("key_2", "jwt-secret-value", Credentials.JwtScope.APP);
    AccessToken token = Credentials.bearer("token-value-123");

    assertThat(basic.toString()).contains("key_1").doesNotContain("basic-secret-value");
    assertThat(jwt.toString()).contains("key_2").doesNotContain("jwt-secret-value", jwtOf(jwt));
    assertThat(token.toString()).isEqualTo("AccessToken[Bearer ****]");
  }

  @Test
  void credentialsWhenInvalidThenThrowAtOnce() {
    assertThatThrownBy(() -> Credentials.basic("a:b", "s"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Credentials.basic("key", " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Credentials.basic(null, "s")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Credentials.jwt("k\"id", "s", Credentials.JwtScope.APP))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Credentials.jwt("kid", "s", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Credentials.jwt("k id", "s", Credentials.JwtScope.APP))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void accessTokenWhenValueInvalidThenIllegalArgumentExceptionWithoutEchoingIt() {
    assertThatThrownBy(() -> AccessToken.bearer("tok en-secret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("en-secret");
    assertThatThrownBy(() -> AccessToken.bearer("tok\r\nX: y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccessToken.bearer("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AccessToken.bearer(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void accessTokenWhenSameValueThenEqual() {
    assertThat(AccessToken.bearer("abc"))
        .isEqualTo(AccessToken.bearer("abc"))
        .hasSameHashCodeAs(AccessToken.bearer("abc"));
    assertThat(AccessToken.bearer("abc")).isNotEqualTo(AccessToken.bearer("abd"));
    assertThat(AccessToken.bearer("abc").tokenType()).isEqualTo("Bearer");
  }
}
