package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_SECRET;
import static io.sunco.oauth.emulator.TestHttp.OTHER_APP;
import static io.sunco.oauth.emulator.TestHttp.client;
import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.errorCode;
import static io.sunco.oauth.emulator.TestHttp.revoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.Credentials;
import io.sunco.oauth.Credentials.JwtScope;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.testing.ApiErrors;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** {@code DELETE /oauth/authorization} with API keys, driven by the library's own credentials. */
class ApiKeyRevokeTest {

  private static final String APP_KEY = "app_5e4af71a81966cff";
  private static final String APP_SECRET = "app-key-secret-0123";
  private static final String ACCOUNT_KEY = "act_5e4af71a81966cff";
  private static final String ACCOUNT_SECRET = "account-key-secret-4567";

  @AutoClose
  private final SunshineOAuthEmulator emulator =
      emulatorBuilder()
          .app(OTHER_APP)
          .apiKey(ApiKey.integration(APP_KEY, APP_SECRET, CLIENT_ID, APP.id()))
          .apiKey(ApiKey.account(ACCOUNT_KEY, ACCOUNT_SECRET, CLIENT_ID))
          .start();

  @AutoClose private final SunshineOAuthClient client = client(emulator);
  private AccessToken appToken = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, APP.id()));
  private final AccessToken otherAppToken =
      AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, OTHER_APP.id()));

  private void revoked(Credentials credentials) {
    StepVerifier.create(client.revokeAccess(credentials)).verifyComplete();
  }

  private void refused(Credentials credentials) {
    StepVerifier.create(client.revokeAccess(credentials))
        .expectErrorSatisfies(
            ApiErrors.apiError(
                api -> {
                  assertThat(api.status()).isEqualTo(401);
                  assertThat(api.hasErrorCode("unauthorized")).isTrue();
                }))
        .verify();
  }

  private boolean works(AccessToken token) {
    return client
        .getTokenInfo(token)
        .map(info -> true)
        .onErrorReturn(SunshineApiException.class, false)
        .block();
  }

  @Nested
  class Basic {

    @Test
    void revokeAccessWhenIntegrationKeyThenItsAppOnlyIsRevoked() {
      revoked(Credentials.basic(APP_KEY, APP_SECRET));

      assertThat(works(appToken)).isFalse();
      assertThat(works(otherAppToken)).isTrue();
    }

    @Test
    void revokeAccessWhenAccountKeyThenEveryAppIsRevoked() {
      revoked(Credentials.basic(ACCOUNT_KEY, ACCOUNT_SECRET));

      assertThat(works(appToken)).isFalse();
      assertThat(works(otherAppToken)).isFalse();
    }

    @Test
    void revokeAccessWhenRepeatedThenStill200() {
      revoked(Credentials.basic(APP_KEY, APP_SECRET));
      revoked(Credentials.basic(APP_KEY, APP_SECRET));
    }

    @Test
    void revokeAccessWhenWrongSecretOrUnknownKeyThen401AndNothingRevoked() {
      refused(Credentials.basic(APP_KEY, "wrong-secret"));
      refused(Credentials.basic("app_unknown", APP_SECRET));
      refused(Credentials.basic(CLIENT_ID, CLIENT_SECRET));

      assertThat(works(appToken)).isTrue();
    }

    @Test
    void revokeWhenBasicRefusedThenV2ErrorWithBasicChallengeAndNoSecretEchoed() {
      HttpResponse<String> response = revoke(emulator, TestHttp.basic(APP_KEY, "wrong-secret"));
      HttpResponse<String> malformed = revoke(emulator, "Basic !!!");

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(errorCode(response)).isEqualTo("unauthorized");
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
      assertThat(response.body()).doesNotContain("wrong-secret").doesNotContain(APP_KEY);
      assertThat(malformed.statusCode()).isEqualTo(401);
    }

    @Test
    void removeApiKeyWhenRemovedThenRefused() {
      assertThat(emulator.removeApiKey(APP_KEY)).isTrue();
      assertThat(emulator.removeApiKey(APP_KEY)).isFalse();

      refused(Credentials.basic(APP_KEY, APP_SECRET));
    }
  }

  @Nested
  class Jwt {

    @Test
    void revokeAccessWhenAppScopedJwtOfIntegrationKeyThenItsAppIsRevoked() {
      revoked(Credentials.jwt(APP_KEY, APP_SECRET, JwtScope.APP));

      assertThat(works(appToken)).isFalse();
      assertThat(works(otherAppToken)).isTrue();
    }

    @Test
    void revokeAccessWhenAccountKeyJwtOfEitherScopeThenEveryAppIsRevoked() {
      revoked(Credentials.jwt(ACCOUNT_KEY, ACCOUNT_SECRET, JwtScope.ACCOUNT));
      assertThat(works(appToken)).isFalse();
      appToken = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, APP.id()));

      revoked(Credentials.jwt(ACCOUNT_KEY, ACCOUNT_SECRET, JwtScope.APP));

      assertThat(works(appToken)).isFalse();
      assertThat(works(otherAppToken)).isFalse();
    }

    @Test
    void revokeAccessWhenSignedWithAnotherSecretOrUnknownKidThen401() {
      refused(Credentials.jwt(APP_KEY, "another-secret", JwtScope.APP));
      refused(Credentials.jwt(ACCOUNT_KEY, APP_SECRET, JwtScope.ACCOUNT));
      refused(Credentials.jwt("app_unknown", APP_SECRET, JwtScope.APP));

      assertThat(works(appToken)).isTrue();
    }

    @Test
    void revokeAccessWhenAccountScopeClaimedWithIntegrationKeyThen401() {
      refused(Credentials.jwt(APP_KEY, APP_SECRET, JwtScope.ACCOUNT));

      assertThat(works(appToken)).isTrue();
    }

    @Test
    void revokeWhenAlgNoneOrAnotherAlgorithmThen401() {
      String none =
          b64("{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"" + APP_KEY + "\"}")
              + "."
              + b64("{\"scope\":\"app\"}")
              + ".";
      String hs512 = appKeyJwt().sign(Algorithm.HMAC512(APP_SECRET));
      String hs256Lowercase =
          b64("{\"alg\":\"hs256\",\"kid\":\"" + APP_KEY + "\"}") + "." + b64("{\"scope\":\"app\"}");

      for (String token : new String[] {none, hs512, hs256Lowercase + ".x"}) {
        HttpResponse<String> response = deleteWithBearer(token);

        assertThat(response.statusCode()).as(token).isEqualTo(401);
        assertThat(errorCode(response)).isEqualTo("unauthorized");
      }
      assertThat(works(appToken)).isTrue();
    }

    @Test
    void revokeWhenJwtExpiresThenOnlyTheUnexpiredOneIsAccepted() {
      String expired =
          appKeyJwt()
              .withExpiresAt(Instant.now().minusSeconds(60))
              .sign(Algorithm.HMAC256(APP_SECRET));
      String valid =
          appKeyJwt()
              .withExpiresAt(Instant.now().plusSeconds(600))
              .sign(Algorithm.HMAC256(APP_SECRET));

      assertThat(deleteWithBearer(expired).statusCode()).isEqualTo(401);
      assertThat(works(appToken)).isTrue();
      assertThat(deleteWithBearer(valid).statusCode()).isEqualTo(200);
      assertThat(works(appToken)).isFalse();
    }

    @Test
    void revokeWhenJwtMalformedOrScopeMissingThen401() {
      String noScope =
          JWT.create().withKeyId(APP_KEY).withClaim("x", 1).sign(Algorithm.HMAC256(APP_SECRET));
      String otherScope =
          JWT.create()
              .withKeyId(APP_KEY)
              .withClaim("scope", "integration")
              .sign(Algorithm.HMAC256(APP_SECRET));
      String badTyp =
          JWT.create()
              .withKeyId(APP_KEY)
              .withHeader(java.util.Map.of("typ", "JOSE+JSON"))
              .withClaim("scope", "app")
              .sign(Algorithm.HMAC256(APP_SECRET));

      for (String token :
          new String[] {noScope, otherScope, badTyp, "a.b.c", b64("{\"kid\":1}") + ".e30.x"}) {
        assertThat(deleteWithBearer(token).statusCode()).as(token).isEqualTo(401);
      }
    }

    /** A JWT of the app key with {@code scope=app}, to be signed. */
    private static JWTCreator.Builder appKeyJwt() {
      return JWT.create().withKeyId(APP_KEY).withClaim("scope", "app");
    }

    private HttpResponse<String> deleteWithBearer(String token) {
      return revoke(emulator, "Bearer " + token);
    }

    private static String b64(String json) {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Nested
  class Registration {

    @Test
    void addApiKeyWhenRunningThenAcceptedAtOnce() {
      emulator.addApiKey(ApiKey.integration("app_added", "added-secret", CLIENT_ID, APP.id()));

      revoked(Credentials.basic("app_added", "added-secret"));
      assertThat(works(appToken)).isFalse();
    }

    @Test
    void apiKeyWhenDuplicateOrUnregisteredThenRefusedAtCallTime() {
      ApiKey unknownClient = ApiKey.account("act_x", "s", "nobody");
      ApiKey unknownApp = ApiKey.integration("app_x", "s", CLIENT_ID, "no-app");

      assertThatThrownBy(() -> emulator.addApiKey(ApiKey.account(APP_KEY, "other", CLIENT_ID)))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> emulator.addApiKey(unknownClient))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> emulator.addApiKey(unknownApp))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> emulatorBuilder().apiKey(unknownClient).start())
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(
              () ->
                  SunshineOAuthEmulator.builder()
                      .apiKey(unknownClient)
                      .apiKey(ApiKey.integration("act_x", "t", CLIENT_ID, APP.id())))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void apiKeyWhenInvalidThenFailsAtConstructionAndToStringHidesSecret() {
      for (String badId : new String[] {"a:b", "a b", "a\"b", "a\\b", "é", ""}) {
        assertThatThrownBy(() -> ApiKey.account(badId, "s", CLIENT_ID))
            .as(badId)
            .isInstanceOf(IllegalArgumentException.class);
      }
      assertThatThrownBy(() -> ApiKey.account("k", " ", CLIENT_ID))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ApiKey.integration("k", "s", CLIENT_ID, null))
          .isInstanceOf(NullPointerException.class);

      ApiKey key = ApiKey.integration(APP_KEY, APP_SECRET, CLIENT_ID, APP.id());
      assertThat(key.isAccountKey()).isFalse();
      assertThat(ApiKey.account(ACCOUNT_KEY, ACCOUNT_SECRET, CLIENT_ID).isAccountKey()).isTrue();
      assertThat(key.toString()).contains(APP_KEY).doesNotContain(APP_SECRET);
      assertThat(emulator.toString()).doesNotContain(APP_SECRET).doesNotContain(ACCOUNT_SECRET);
      assertThat(
              SunshineOAuthEmulator.builder()
                  .apiKey(ApiKey.account(ACCOUNT_KEY, ACCOUNT_SECRET, CLIENT_ID))
                  .toString())
          .contains(ACCOUNT_KEY)
          .doesNotContain(ACCOUNT_SECRET);
    }
  }
}
