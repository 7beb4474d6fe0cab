package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_SECRET;
import static io.sunco.oauth.emulator.TestHttp.authorizeCode;
import static io.sunco.oauth.emulator.TestHttp.clientGrant;
import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.errorCode;
import static io.sunco.oauth.emulator.TestHttp.form;
import static io.sunco.oauth.emulator.TestHttp.grant;
import static io.sunco.oauth.emulator.TestHttp.json;
import static io.sunco.oauth.emulator.TestHttp.parse;
import static io.sunco.oauth.emulator.TestHttp.post;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The token endpoint parses like a service: declared content types, unknown members ignored. */
class TokenRequestParsingTest {

  @AutoClose private final SunshineOAuthEmulator emulator = emulatorBuilder().start();
  private final String tokenUrl = emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH;

  private String jsonRequest(String code) {
    return json(clientGrant(code, CLIENT_ID, CLIENT_SECRET));
  }

  private static void assertV2InvalidRequest(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(errorCode(response)).isEqualTo("invalid_request");
    assertThat(parse(response.body()).path("errors").path(0).path("title").asText()).isNotBlank();
  }

  @Nested
  class ContentType {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "application/json",
          "application/json; charset=utf-8",
          "Application/JSON;charset=UTF-8",
          "APPLICATION/JSON ; charset=\"utf-8\"",
          "application/vnd.api+json"
        })
    void tokenWhenJsonTypeInAnySpellingThenAccepted(String type) {
      HttpResponse<String> response = post(tokenUrl, type, jsonRequest(authorizeCode(emulator)));

      assertThat(response.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "application/x-www-form-urlencoded",
          "application/x-www-form-urlencoded; charset=UTF-8",
          "Application/X-WWW-Form-Urlencoded"
        })
    void tokenWhenFormTypeInAnySpellingThenAccepted(String type) {
      String body = form(clientGrant(authorizeCode(emulator), CLIENT_ID, CLIENT_SECRET));

      assertThat(post(tokenUrl, type, body).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/xml", "multipart/form-data", "json", "*/*"})
    void tokenWhenJsonSentWithAnUnrelatedTypeThen400AndCodeNotSpent(String type) {
      String code = authorizeCode(emulator);

      assertV2InvalidRequest(post(tokenUrl, type, jsonRequest(code)));
      assertThat(post(tokenUrl, "application/json", jsonRequest(code)).statusCode()).isEqualTo(200);
    }

    @org.junit.jupiter.api.Test
    void tokenWhenNoContentTypeThen400EvenForAValidJsonBody() {
      HttpResponse<String> response =
          TestHttp.send(
              "POST",
              tokenUrl,
              HttpRequest.BodyPublishers.ofString(jsonRequest(authorizeCode(emulator))));

      assertV2InvalidRequest(response);
      assertThat(response.body()).contains("Content-Type");
    }
  }

  @Nested
  class Members {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "1",
          "1.5",
          "true",
          "null",
          "[1,\"a\"]",
          "{\"nested\":{\"deep\":[]}}",
          "\"text\""
        })
    void tokenWhenUnknownMemberOfAnyTypeThenIgnored(String value) {
      String body = jsonRequest(authorizeCode(emulator));
      String withExtra = body.substring(0, body.length() - 1) + ",\"extra\":" + value + "}";

      HttpResponse<String> response = post(tokenUrl, "application/json", withExtra);

      assertThat(response.statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{",
          "",
          "[]",
          "\"code\"",
          "null",
          "{\"code\":1,\"grant_type\":\"authorization_code\"}",
          "{\"code\":\"a\",\"grant_type\":[\"authorization_code\"]}",
          "{\"code\":\"a\",\"code\":\"b\"}",
          "{\"code\":\"a\"} trailing",
          "{\"code\":\"a\"}{}"
        })
    void tokenWhenJsonBodyMalformedThen400V2(String body) {
      assertV2InvalidRequest(post(tokenUrl, "application/json", body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"code=a&code=b&grant_type=authorization_code", "code=%zz", ""})
    void tokenWhenFormBodyMalformedOrEmptyThen400V2(String body) {
      assertV2InvalidRequest(post(tokenUrl, "application/x-www-form-urlencoded", body));
    }

    @org.junit.jupiter.api.Test
    void tokenWhenFormHasUnknownFieldsThenIgnored() {
      String body =
          form(
              grant(
                  authorizeCode(emulator),
                  "client_id",
                  CLIENT_ID,
                  "client_secret",
                  CLIENT_SECRET,
                  "redirect_uri",
                  "http://127.0.0.1:8080/callback",
                  "extra",
                  "1"));

      assertThat(post(tokenUrl, "application/x-www-form-urlencoded", body).statusCode())
          .isEqualTo(200);
    }
  }
}
