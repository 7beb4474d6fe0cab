package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.OTHER_APP;
import static io.sunco.oauth.emulator.TestHttp.REDIRECT_URI;
import static io.sunco.oauth.emulator.TestHttp.REDIRECT_URI_WITH_QUERY;
import static io.sunco.oauth.emulator.TestHttp.accessToken;
import static io.sunco.oauth.emulator.TestHttp.authorizeUrl;
import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.exchange;
import static io.sunco.oauth.emulator.TestHttp.get;
import static io.sunco.oauth.emulator.TestHttp.location;
import static io.sunco.oauth.emulator.TestHttp.parse;
import static io.sunco.oauth.emulator.TestHttp.queryOf;
import static io.sunco.oauth.emulator.TestHttp.tokenInfo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AuthorizeEndpointTest {

  @AutoClose
  private final SunshineOAuthEmulator emulator = emulatorBuilder().app(OTHER_APP).start();

  /** A valid request: redirected back with a fresh code and the state. */
  @Nested
  class ValidRequests {

    @Test
    void authorizeWhenValidThenRedirectsWithCodeAndState() {
      HttpResponse<String> response =
          get(authorizeUrl(emulator, "state", "xyz-123", "redirect_uri", REDIRECT_URI));

      assertThat(response.statusCode()).isEqualTo(302);
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
      String location = location(response);
      assertThat(location).startsWith(REDIRECT_URI + "?code=");
      Map<String, String> query = queryOf(location);
      assertThat(query).containsOnlyKeys("code", "state").containsEntry("state", "xyz-123");
      // Random, then the expiry (epoch ms), sealed with the emulator's key.
      assertThat(query.get("code")).matches("[A-Za-z0-9_-]{24}\\.[0-9]+\\.[A-Za-z0-9_-]{43}");
    }

    @Test
    void authorizeWhenCalledTwiceThenCodesDiffer() {
      String first = queryOf(location(get(authorizeUrl(emulator)))).get("code");
      String second = queryOf(location(get(authorizeUrl(emulator)))).get("code");

      assertThat(first).isNotEqualTo(second);
    }

    @Test
    void authorizeWhenRedirectUriHasQueryThenAppendsWithAmpersand() {
      HttpResponse<String> response =
          get(authorizeUrl(emulator, "redirect_uri", REDIRECT_URI_WITH_QUERY, "state", "s"));

      String location = location(response);
      assertThat(location).startsWith(REDIRECT_URI_WITH_QUERY + "&code=");
      assertThat(queryOf(location))
          .containsEntry("tenant", "a b")
          .containsEntry("state", "s")
          .containsKey("code");
    }

    @Test
    void authorizeWhenRedirectUriAbsentThenUsesFirstRegistered() {
      HttpResponse<String> response = get(authorizeUrl(emulator, "state", "s"));

      assertThat(response.statusCode()).isEqualTo(302);
      assertThat(location(response)).startsWith(REDIRECT_URI + "?code=");
    }

    @Test
    void authorizeWhenStateAbsentThenRedirectHasNoState() {
      HttpResponse<String> response = get(authorizeUrl(emulator));

      assertThat(queryOf(location(response))).containsOnlyKeys("code");
    }

    @Test
    void authorizeWhenStateHasReservedCharactersThenPercentEncodedAndEchoedExactly() {
      String state = "a b&c=d/é+;#%?";

      HttpResponse<String> response = get(authorizeUrl(emulator, "state", state));

      String location = location(response);
      assertThat(location).doesNotContain(" ").doesNotContain("é").doesNotContain("#");
      assertThat(queryOf(location)).containsEntry("state", state);
    }
  }

  /** An unknown client or redirect URI, or a wrong method: an error page, never a redirect. */
  @Nested
  class ErrorPages {

    @Test
    void authorizeWhenUnknownClientThen400PageWithoutRedirect() {
      HttpResponse<String> response =
          get(
              emulator.baseUrl()
                  + SunshineOAuthEmulator.AUTHORIZE_PATH
                  + "?client_id=nobody&response_type=code&state=s");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.headers().firstValue("Location")).isEmpty();
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
      assertThat(response.body()).contains("invalid_client");
    }

    @Test
    void authorizeWhenClientIdMissingThen400() {
      HttpResponse<String> response =
          get(emulator.baseUrl() + SunshineOAuthEmulator.AUTHORIZE_PATH + "?response_type=code");

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.body()).contains("client_id is required");
    }

    @Test
    void authorizeWhenRedirectUriNotRegisteredThen400WithoutRedirect() {
      for (String unregistered :
          new String[] {
            "http://evil.example/cb",
            REDIRECT_URI + "/",
            REDIRECT_URI + "?x=1",
            "HTTP://127.0.0.1:8080/callback",
            ""
          }) {
        HttpResponse<String> response = get(authorizeUrl(emulator, "redirect_uri", unregistered));

        assertThat(response.statusCode()).as(unregistered).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).as(unregistered).isEmpty();
        assertThat(response.body()).doesNotContain("evil.example");
      }
    }

    @Test
    void authorizeWhenClientIdOrRedirectUriRepeatedThen400PageWithoutRedirect() {
      HttpResponse<String> client = get(authorizeUrl(emulator, "client_id", CLIENT_ID));
      HttpResponse<String> redirect =
          get(authorizeUrl(emulator, "redirect_uri", REDIRECT_URI, "redirect_uri", REDIRECT_URI));
      for (HttpResponse<String> response : java.util.List.of(client, redirect)) {
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains("invalid_request");
      }
    }

    @Test
    void authorizeWhenPostThen405() {
      HttpResponse<String> response = TestHttp.postForm(authorizeUrl(emulator), "");

      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(TestHttp.errorCode(response)).isEqualTo("method_not_allowed");
    }
  }

  /** Other bad parameters: redirected back with an OAuth error. */
  @Nested
  class ErrorRedirects {

    @Test
    void authorizeWhenResponseTypeUnsupportedThenRedirectsBackWithErrorAndState() {
      HttpResponse<String> token =
          get(
              emulator.baseUrl()
                  + SunshineOAuthEmulator.AUTHORIZE_PATH
                  + "?client_id="
                  + CLIENT_ID
                  + "&response_type=token&state=xyz");

      assertThat(token.statusCode()).isEqualTo(302);
      assertThat(location(token)).startsWith(REDIRECT_URI + "?error=");
      assertThat(queryOf(location(token)))
          .containsOnlyKeys("error", "state")
          .containsEntry("error", "unsupported_response_type")
          .containsEntry("state", "xyz");
    }

    @Test
    void authorizeWhenResponseTypeMissingThenRedirectsBackWithInvalidRequest() {
      HttpResponse<String> missing =
          get(
              emulator.baseUrl()
                  + SunshineOAuthEmulator.AUTHORIZE_PATH
                  + "?client_id="
                  + CLIENT_ID
                  + "&state=xyz&redirect_uri="
                  + TestHttp.form("x", REDIRECT_URI_WITH_QUERY).substring(2));

      assertThat(missing.statusCode()).isEqualTo(302);
      assertThat(location(missing)).startsWith(REDIRECT_URI_WITH_QUERY + "&error=");
      assertThat(queryOf(location(missing)))
          .containsEntry("error", "invalid_request")
          .containsEntry("state", "xyz")
          .doesNotContainKey("code");
    }

    @Test
    void authorizeWhenStateRepeatedThenRedirectsInvalidRequestWithoutState() {
      HttpResponse<String> response = get(authorizeUrl(emulator, "state", "a", "state", "b"));

      assertThat(response.statusCode()).isEqualTo(302);
      assertThat(queryOf(location(response))).containsOnlyKeys("error");
      assertThat(queryOf(location(response))).containsEntry("error", "invalid_request");
    }
  }

  /** Which app the issued token is for. */
  @Nested
  class AppSelection {

    @Test
    void authorizeWhenAppIdGivenThenTokenIsForThatApp() {
      String code =
          queryOf(location(get(authorizeUrl(emulator, "app_id", OTHER_APP.id())))).get("code");
      String token = parse(exchange(emulator, code).body()).get("access_token").asText();

      HttpResponse<String> info = tokenInfo(emulator, "Bearer " + token);

      assertThat(parse(info.body()).path("app").path("id").asText()).isEqualTo(OTHER_APP.id());
    }

    @Test
    void authorizeWhenNoAppIdThenTokenIsForFirstApp() {
      String token = accessToken(emulator);

      HttpResponse<String> info = tokenInfo(emulator, "Bearer " + token);

      assertThat(parse(info.body()).path("app").path("id").asText()).isEqualTo(APP.id());
    }

    @Test
    void authorizeWhenAppIdUnknownThenRedirectsBackWithInvalidRequest() {
      HttpResponse<String> response = get(authorizeUrl(emulator, "app_id", "nope", "state", "s"));

      assertThat(response.statusCode()).isEqualTo(302);
      assertThat(queryOf(location(response)))
          .containsEntry("error", "invalid_request")
          .containsEntry("state", "s");
    }
  }
}
