package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.accessToken;
import static io.sunco.oauth.emulator.TestHttp.delete;
import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.errorCode;
import static io.sunco.oauth.emulator.TestHttp.get;
import static io.sunco.oauth.emulator.TestHttp.parse;
import static io.sunco.oauth.emulator.TestHttp.revoke;
import static io.sunco.oauth.emulator.TestHttp.tokenInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import io.sunco.oauth.testing.MutableClock;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07Z"));
  @AutoClose private final SunshineOAuthEmulator emulator = emulatorBuilder().clock(clock).start();

  @Test
  void tokenWhenIssuedThenHs256JwtWithIntegrationScopeAndNoExpiry() {
    String token = accessToken(emulator);

    String[] parts = token.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = parse(decode(parts[0]));
    JsonNode payload = parse(decode(parts[1]));
    assertThat(header.get("alg").asText()).isEqualTo("HS256");
    assertThat(header.get("typ").asText()).isEqualTo("JWT");
    assertThat(payload.get("scope").asText()).isEqualTo("integration");
    assertThat(payload.get("appId").asText()).isEqualTo(APP.id());
    assertThat(payload.get("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());
    assertThat(payload.has("exp")).isFalse();
    assertThat(token).doesNotContain("=");

    DecodedJWT verified =
        JWT.require(Algorithm.HMAC256(emulator.signingKey())).build().verify(token);
    assertThat(verified.getAlgorithm()).isEqualTo("HS256");
    assertThat(verified.getClaim("appId").asString()).isEqualTo(APP.id());
    assertThat(verified.getExpiresAt()).isNull();
  }

  @Test
  void tokenWhenSignedWithOtherKeyThenSignatureDoesNotVerify() {
    String token = accessToken(emulator);

    assertThatThrownBy(() -> JWT.require(Algorithm.HMAC256(new byte[32])).build().verify(token))
        .isInstanceOf(SignatureVerificationException.class);
  }

  @Test
  void tokenWhenIssuedTwiceThenTokensDiffer() {
    assertThat(accessToken(emulator)).isNotEqualTo(accessToken(emulator));
  }

  @Test
  void tokenInfoWhenValidTokenThenApp() {
    String token = accessToken(emulator);

    HttpResponse<String> response = tokenInfo(emulator, "Bearer " + token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode app = parse(response.body()).get("app");
    assertThat(app.get("id").asText()).isEqualTo(APP.id());
    assertThat(app.get("subdomain").asText()).isEqualTo("acme");
    assertThat(app.get("displayName").asText()).isEqualTo("Acme Support");
    assertThat(app.size()).as("extra fields a client must ignore").isGreaterThan(3);
  }

  @Test
  void tokenInfoWhenSchemeInOtherCaseThenAccepted() {
    String token = accessToken(emulator);

    HttpResponse<String> response = tokenInfo(emulator, "bearer " + token);

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void tokenInfoWhenTokenMissingOrUnknownThen401() {
    String url = emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH;
    String token = accessToken(emulator);
    String[] parts = token.split("\\.");
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    "{\"scope\":\"integration\",\"appId\":\"other\",\"iat\":1}"
                        .getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];

    for (HttpResponse<String> response :
        java.util.List.of(
            get(url),
            get(url, "Authorization", "Bearer "),
            get(url, "Authorization", "Bearer nope"),
            get(url, "Authorization", "Basic " + token),
            get(url, "Authorization", "Bearer " + forged))) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(errorCode(response)).isEqualTo("unauthorized");
      assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }
  }

  @Test
  void revokeWhenValidTokenThen200EmptyObjectAndTokenInfo401() {
    String token = accessToken(emulator);

    HttpResponse<String> revoked = revoke(emulator, "Bearer " + token);
    HttpResponse<String> info = tokenInfo(emulator, "Bearer " + token);

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(parse(revoked.body()).isEmpty()).isTrue();
    assertThat(revoked.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(info.statusCode()).isEqualTo(401);
  }

  @Test
  void revokeWhenRepeatedThen401() {
    String token = accessToken(emulator);
    String url = emulator.baseUrl() + SunshineOAuthEmulator.AUTHORIZATION_PATH;
    delete(url, "Authorization", "Bearer " + token);

    HttpResponse<String> again = delete(url, "Authorization", "Bearer " + token);

    assertThat(again.statusCode()).isEqualTo(401);
  }

  @Test
  void revokeWhenRevokedThenEveryTokenOfThatAuthorizationEnds() {
    String first = accessToken(emulator);
    String second = accessToken(emulator);

    revoke(emulator, "Bearer " + second);

    assertThat(tokenInfo(emulator, "Bearer " + first).statusCode()).isEqualTo(401);
  }

  @Test
  void revokeWhenAuthorizedAgainThenNewTokenWorksAndOldStaysRevoked() {
    String old = accessToken(emulator);
    revoke(emulator, "Bearer " + old);

    String fresh = accessToken(emulator);

    String info = emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH;
    assertThat(get(info, "Authorization", "Bearer " + fresh).statusCode()).isEqualTo(200);
    assertThat(get(info, "Authorization", "Bearer " + old).statusCode()).isEqualTo(401);
  }

  @Test
  void revokeWhenNoTokenThen401AndWrongMethodThen405() {
    String url = emulator.baseUrl() + SunshineOAuthEmulator.AUTHORIZATION_PATH;

    assertThat(delete(url).statusCode()).isEqualTo(401);
    HttpResponse<String> wrongMethod = get(url);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("DELETE");
  }

  @Test
  void issueAccessTokenWhenRegisteredThenTokenWorks() {
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());

    assertThat(tokenInfo(emulator, "Bearer " + token).statusCode()).isEqualTo(200);
  }

  @Test
  void issueWhenUnknownClientOrAppThenIllegalArgument() {
    assertThatThrownBy(() -> emulator.issueAccessToken("nobody", APP.id()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> emulator.issueAuthorizationCode(CLIENT_ID, "nope"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> emulator.issueAccessToken(null, APP.id()))
        .isInstanceOf(NullPointerException.class);
  }

  private static String decode(String part) {
    return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
  }
}
