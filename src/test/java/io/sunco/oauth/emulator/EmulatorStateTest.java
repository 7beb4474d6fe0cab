package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_SECRET;
import static io.sunco.oauth.emulator.TestHttp.INTEGRATION;
import static io.sunco.oauth.emulator.TestHttp.OTHER_APP;
import static io.sunco.oauth.emulator.TestHttp.REDIRECT_URI;
import static io.sunco.oauth.emulator.TestHttp.accessToken;
import static io.sunco.oauth.emulator.TestHttp.authorizeUrl;
import static io.sunco.oauth.emulator.TestHttp.basic;
import static io.sunco.oauth.emulator.TestHttp.delete;
import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.exchange;
import static io.sunco.oauth.emulator.TestHttp.get;
import static io.sunco.oauth.emulator.TestHttp.location;
import static io.sunco.oauth.emulator.TestHttp.queryOf;
import static io.sunco.oauth.emulator.TestHttp.revoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What a test harness reads and resets: counts by path, secrets in URLs, consent, reset. */
class EmulatorStateTest {

  private static final String KEY_SECRET = "key-secret-0123456789";

  @AutoClose
  private final SunshineOAuthEmulator emulator =
      emulatorBuilder()
          .app(OTHER_APP)
          .apiKey(ApiKey.account("act_1", KEY_SECRET, CLIENT_ID))
          .start();

  private String tokenInfoUrl() {
    return emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH;
  }

  @Nested
  class Counts {

    @Test
    void requestCountWhenPathGivenThenCountsThatPathWhateverMethodOrQuery() {
      get(tokenInfoUrl());
      get(tokenInfoUrl() + "?x=1");
      delete(tokenInfoUrl());
      get(emulator.baseUrl() + "/other");

      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_INFO_PATH)).isEqualTo(3);
      assertThat(emulator.requestCount("/other")).isEqualTo(1);
      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
      assertThatThrownBy(() -> emulator.requestCount("/x?y"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestCountWhenMoreDistinctPathsThanCountedThenTotalStillCountsAll() {
      for (int i = 0; i < RequestLog.MAX_COUNTED_PATHS + 2; i++) {
        get(emulator.baseUrl() + "/p" + i);
      }

      assertThat(emulator.requestCount("/p0")).isEqualTo(1);
      assertThat(emulator.requestCount("/p" + (RequestLog.MAX_COUNTED_PATHS + 1))).isZero();
      assertThat(emulator.requestCount()).isEqualTo(RequestLog.MAX_COUNTED_PATHS + 2);
    }
  }

  @Nested
  class SecretsInUrls {

    @Test
    void requestsWithSecretInUrlWhenNormalFlowThenNone() {
      String token = accessToken(emulator);
      get(tokenInfoUrl(), "Authorization", "Bearer " + token);
      revoke(emulator, basic("act_1", KEY_SECRET));

      assertThat(emulator.requestsWithSecretInUrl()).isEmpty();
    }

    @Test
    void requestsWithSecretInUrlWhenSecretsTokensOrCodesInUrlsThenEachOneFound() {
      String token = accessToken(emulator);
      String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
      String[] leaky = {
        tokenInfoUrl() + "?access_token=anything",
        tokenInfoUrl() + "?t=" + token,
        emulator.baseUrl() + "/v2/" + token + "/x",
        emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH + "?c=" + code,
        emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH + "?secret=" + CLIENT_SECRET,
        emulator.baseUrl() + "/keys?k=" + KEY_SECRET,
        emulator.baseUrl() + "/x?CLIENT_SECRET=1"
      };
      for (String url : leaky) {
        get(url);
      }
      get(tokenInfoUrl() + "?note=" + CLIENT_SECRET.substring(0, 5));

      assertThat(emulator.requestsWithSecretInUrl()).hasSize(leaky.length);
      assertThat(emulator.requestsWithSecretInUrl().toString())
          .doesNotContain(token)
          .doesNotContain(code)
          .doesNotContain(CLIENT_SECRET)
          .doesNotContain(KEY_SECRET);
    }
  }

  @Nested
  class Consent {

    @Test
    void consentModeWhenDenyThenRedirectsAccessDeniedWithState() {
      emulator.consentMode(ConsentMode.DENY);

      HttpResponse<String> response = get(authorizeUrl(emulator, "state", "s1"));

      assertThat(emulator.consentMode()).isEqualTo(ConsentMode.DENY);
      assertThat(response.statusCode()).isEqualTo(302);
      assertThat(location(response)).startsWith(REDIRECT_URI + "?error=access_denied");
      assertThat(queryOf(location(response))).containsOnlyKeys("error", "state");
    }

    @Test
    void consentModeWhenInteractiveAtRunTimeThenConsentPage() {
      emulator.consentMode(ConsentMode.INTERACTIVE);

      assertThat(get(authorizeUrl(emulator)).statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> emulator.consentMode(null)).isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  class Reset {

    @Test
    void resetWhenCalledThenScriptsRequestsTokensCodesAndConsentAreForgotten()
        throws InterruptedException {
      String token = accessToken(emulator);
      String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
      get(tokenInfoUrl() + "?access_token=x");
      emulator.enqueue(ScriptedResponse.status(503).always());
      emulator.consentMode(ConsentMode.DENY);

      emulator.reset();

      assertThat(emulator.requestCount()).isZero();
      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_INFO_PATH)).isZero();
      assertThat(emulator.requestsWithSecretInUrl()).isEmpty();
      assertThat(emulator.takeRequest(Duration.ZERO)).isEmpty();
      assertThat(emulator.consentMode()).isEqualTo(ConsentMode.AUTOMATIC);
      assertThat(get(tokenInfoUrl(), "Authorization", "Bearer " + token).statusCode())
          .isEqualTo(401);
      assertThat(exchange(emulator, code).statusCode()).isEqualTo(400);
      assertThat(emulator.takeRequest(Duration.ofSeconds(1)).orElseThrow().sequenceNumber())
          .isZero();
    }

    @Test
    void resetWhenCalledThenConfigurationAndKeysStay() {
      emulator.addApiKey(ApiKey.account("act_2", "second-secret", CLIENT_ID));

      emulator.reset();

      assertThat(emulator.integrations()).containsExactly(INTEGRATION);
      assertThat(emulator.apps()).containsExactly(APP, OTHER_APP);
      String token = accessToken(emulator);
      assertThat(get(tokenInfoUrl(), "Authorization", "Bearer " + token).statusCode())
          .isEqualTo(200);
      String revoke = emulator.baseUrl() + SunshineOAuthEmulator.AUTHORIZATION_PATH;
      assertThat(delete(revoke, "Authorization", basic("act_1", KEY_SECRET)).statusCode())
          .isEqualTo(200);
      assertThat(delete(revoke, "Authorization", basic("act_2", "second-secret")).statusCode())
          .isEqualTo(200);
    }
  }
}
