package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_SECRET;
import static io.sunco.oauth.emulator.TestHttp.INTEGRATION;
import static io.sunco.oauth.emulator.TestHttp.authorizeCode;
import static io.sunco.oauth.emulator.TestHttp.basic;
import static io.sunco.oauth.emulator.TestHttp.clientGrant;
import static io.sunco.oauth.emulator.TestHttp.errorCode;
import static io.sunco.oauth.emulator.TestHttp.exchange;
import static io.sunco.oauth.emulator.TestHttp.form;
import static io.sunco.oauth.emulator.TestHttp.grant;
import static io.sunco.oauth.emulator.TestHttp.json;
import static io.sunco.oauth.emulator.TestHttp.parse;
import static io.sunco.oauth.emulator.TestHttp.post;
import static io.sunco.oauth.emulator.TestHttp.postForm;
import static io.sunco.oauth.emulator.TestHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sunco.oauth.testing.MutableClock;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TokenEndpointTest {

  private static final String ODD_ID = "odd client";
  private static final String ODD_SECRET = "p@ss w+rd:%41";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-02T03:04:05Z"));

  @AutoClose
  private final SunshineOAuthEmulator emulator =
      SunshineOAuthEmulator.builder()
          .integration(INTEGRATION)
          .integration(Integration.of(ODD_ID, ODD_SECRET, "https://odd.example/cb"))
          .app(APP)
          .clock(clock)
          .codeLifetime(Duration.ofMinutes(1))
          .start();

  private final String tokenUrl = emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH;

  /** Ways a client may present its request and credentials that are accepted. */
  @Nested
  class AcceptedRequests {

    @Test
    void tokenWhenJsonBodyThenBearerToken() {
      HttpResponse<String> response = exchange(emulator, authorizeCode(emulator));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
      JsonNode body = parse(response.body());
      assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
      assertThat(body.get("access_token").asText()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
      assertThat(body.has("expires_in")).isFalse();
      assertThat(body.has("refresh_token")).isFalse();
    }

    @Test
    void tokenWhenFormBodyThenBearerToken() {
      HttpResponse<String> response =
          postForm(tokenUrl, form(clientGrant(authorizeCode(emulator), CLIENT_ID, CLIENT_SECRET)));

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(parse(response.body()).get("token_type").asText()).isEqualTo("Bearer");
    }

    @Test
    void tokenWhenFormBodyHasEncodedSpecialCharactersThenDecoded() {
      String code = emulator.issueAuthorizationCode(ODD_ID, APP.id());

      HttpResponse<String> response =
          postForm(tokenUrl, form(clientGrant(code, ODD_ID, ODD_SECRET)));

      assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void tokenWhenBasicClientAuthThenBearerToken() {
      HttpResponse<String> response =
          postJson(
              tokenUrl,
              json(grant(authorizeCode(emulator))),
              "Authorization",
              basic(CLIENT_ID, CLIENT_SECRET));

      assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void tokenWhenBasicCredentialsFormEncodedOrRawThenBothAccepted() {
      String encoded =
          basic(
              URLEncoder.encode(ODD_ID, StandardCharsets.UTF_8),
              URLEncoder.encode(ODD_SECRET, StandardCharsets.UTF_8));
      HttpResponse<String> formEncoded =
          postForm(
              tokenUrl,
              form(grant(emulator.issueAuthorizationCode(ODD_ID, APP.id()))),
              "Authorization",
              encoded);
      HttpResponse<String> raw =
          postForm(
              tokenUrl,
              form(grant(emulator.issueAuthorizationCode(ODD_ID, APP.id()))),
              "Authorization",
              basic(ODD_ID, ODD_SECRET));

      assertThat(formEncoded.statusCode()).isEqualTo(200);
      assertThat(raw.statusCode()).isEqualTo(200);
    }
  }

  /** Client authentication that fails. */
  @Nested
  class ClientAuthentication {

    @Test
    void tokenWhenBasicAndSecretInBodyThenInvalidRequest() {
      HttpResponse<String> response =
          postJson(
              tokenUrl,
              json(grant(authorizeCode(emulator), "client_secret", CLIENT_SECRET)),
              "Authorization",
              basic(CLIENT_ID, CLIENT_SECRET));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(errorCode(response)).isEqualTo("invalid_request");
    }

    @Test
    void tokenWhenWrongSecretThen401InvalidClient() {
      HttpResponse<String> response =
          postJson(tokenUrl, json(clientGrant(authorizeCode(emulator), CLIENT_ID, "wrong")));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(errorCode(response)).isEqualTo("invalid_client");
      assertThat(response.body()).doesNotContain("wrong");
    }

    @Test
    void tokenWhenWrongBasicSecretThen401WithBasicChallenge() {
      HttpResponse<String> response =
          postJson(
              tokenUrl,
              json(grant(authorizeCode(emulator))),
              "Authorization",
              basic(CLIENT_ID, "wrong"));

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .hasValueSatisfying(value -> assertThat(value).startsWith("Basic"));
    }

    @Test
    void tokenWhenUnknownClientOrNoCredentialsThen401() {
      HttpResponse<String> unknown =
          postJson(tokenUrl, json(clientGrant("c", "nobody", CLIENT_SECRET)));
      HttpResponse<String> none = postJson(tokenUrl, json(grant("c")));
      HttpResponse<String> malformed =
          postJson(tokenUrl, json(grant("c")), "Authorization", "Basic !!!");

      assertThat(unknown.statusCode()).isEqualTo(401);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(malformed.statusCode()).isEqualTo(401);
      assertThat(errorCode(none)).isEqualTo("invalid_client");
    }
  }

  /** The authorization code: single use, short-lived, bound to its client. */
  @Nested
  class AuthorizationCodes {

    @Test
    void tokenWhenCodeReusedThenInvalidGrant() {
      String code = authorizeCode(emulator);
      assertThat(exchange(emulator, code).statusCode()).isEqualTo(200);

      HttpResponse<String> again = exchange(emulator, code);

      assertThat(again.statusCode()).isEqualTo(400);
      assertThat(again.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonNode error = parse(again.body()).get("errors").get(0);
      assertThat(error.get("code").asText()).isEqualTo("invalid_grant");
      assertThat(error.get("title").asText()).isNotBlank();
      assertThat(again.body()).doesNotContain(code);
    }

    @Test
    void tokenWhenCodeUnknownThenInvalidGrant() {
      assertThat(errorCode(exchange(emulator, "no-such-code"))).isEqualTo("invalid_grant");
    }

    @Test
    void tokenWhenCodeExpiredThenInvalidGrant() {
      String code = authorizeCode(emulator);
      clock.advance(Duration.ofMinutes(1).plusSeconds(1));

      HttpResponse<String> response = exchange(emulator, code);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(errorCode(response)).isEqualTo("invalid_grant");
      assertThat(response.body()).contains("expired");
    }

    @Test
    void tokenWhenCodeAtEndOfLifetimeThenStillAccepted() {
      String code = authorizeCode(emulator);
      clock.advance(Duration.ofMinutes(1));

      assertThat(exchange(emulator, code).statusCode()).isEqualTo(200);
    }

    @Test
    void tokenWhenCodeIssuedToOtherClientThenInvalidGrantAndCodeBurnt() {
      String code = emulator.issueAuthorizationCode(ODD_ID, APP.id());

      HttpResponse<String> stolen = exchange(emulator, code);
      HttpResponse<String> owner = postForm(tokenUrl, form(clientGrant(code, ODD_ID, ODD_SECRET)));

      assertThat(errorCode(stolen)).isEqualTo("invalid_grant");
      assertThat(errorCode(owner)).isEqualTo("invalid_grant");
    }
  }

  /** Malformed requests: wrong grant, missing parameters, bad body, wrong method. */
  @Nested
  class MalformedRequests {

    @Test
    void tokenWhenGrantTypeWrongThenUnsupportedGrantType() {
      HttpResponse<String> response =
          postJson(
              tokenUrl,
              json(
                  "code",
                  authorizeCode(emulator),
                  "grant_type",
                  "client_credentials",
                  "client_id",
                  CLIENT_ID,
                  "client_secret",
                  CLIENT_SECRET));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(errorCode(response)).isEqualTo("unsupported_grant_type");
    }

    @Test
    void tokenWhenGrantTypeOrCodeMissingThenInvalidRequest() {
      HttpResponse<String> noGrant =
          postJson(
              tokenUrl, json("code", "c", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET));
      HttpResponse<String> noCode =
          postJson(
              tokenUrl,
              json(
                  "grant_type",
                  "authorization_code",
                  "client_id",
                  CLIENT_ID,
                  "client_secret",
                  CLIENT_SECRET));

      assertThat(noGrant.statusCode()).isEqualTo(400);
      assertThat(errorCode(noGrant)).isEqualTo("invalid_request");
      assertThat(noCode.statusCode()).isEqualTo(400);
      assertThat(errorCode(noCode)).isEqualTo("invalid_request");
    }

    @Test
    void tokenWhenBodyMalformedThenInvalidRequest() {
      for (String body :
          new String[] {
            "{", "[]", "{\"code\": 1}", "", "null", "{\"code\":\"a\",\"code\":\"b\"}"
          }) {
        HttpResponse<String> response = postJson(tokenUrl, body);

        assertThat(response.statusCode()).as(body).isEqualTo(400);
        assertThat(errorCode(response)).as(body).isEqualTo("invalid_request");
      }
      HttpResponse<String> repeated =
          postForm(tokenUrl, "code=a&code=b&grant_type=authorization_code");
      HttpResponse<String> badEscape = postForm(tokenUrl, "code=%zz&grant_type=authorization_code");
      HttpResponse<String> text = post(tokenUrl, "text/plain", "code=a");

      assertThat(repeated.statusCode()).isEqualTo(400);
      assertThat(badEscape.statusCode()).isEqualTo(400);
      assertThat(text.statusCode()).isEqualTo(400);
    }

    @Test
    void tokenWhenGetThen405() {
      HttpResponse<String> response = TestHttp.get(tokenUrl);

      assertThat(response.statusCode()).isEqualTo(405);
      assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }
  }
}
