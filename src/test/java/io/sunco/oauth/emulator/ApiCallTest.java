package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.INTEGRATION;
import static io.sunco.oauth.emulator.TestHttp.OTHER_APP;
import static io.sunco.oauth.emulator.TestHttp.errorCode;
import static io.sunco.oauth.emulator.TestHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sunco.oauth.testing.BlockingHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/** The one API call the emulator answers with a token, Get App, over http and https. */
@ParameterizedClass
@ValueSource(booleans = {false, true})
class ApiCallTest {

  @Parameter boolean tls;

  private SunshineOAuthEmulator emulator;

  @BeforeEach
  void start() {
    SunshineOAuthEmulator.Builder builder =
        SunshineOAuthEmulator.builder().integration(INTEGRATION).app(APP).app(OTHER_APP);
    emulator = (tls ? builder.tls() : builder).start();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private HttpResponse<String> call(String method, String path, Optional<String> token) {
    return send(method, emulator.apiBaseUrl() + path, token);
  }

  /** Over plain HTTP, or over TLS trusting the emulator's certificate. */
  private HttpResponse<String> send(String method, String url, Optional<String> token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(BlockingHttp.DEFAULT_TIMEOUT);
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return tls
        ? BlockingHttp.send(request.build(), emulator.certificatePem())
        : BlockingHttp.send(request.build());
  }

  private HttpResponse<String> getApp(String appId, Optional<String> token) {
    return call("GET", SunshineOAuthEmulator.APPS_PATH + "/" + appId, token);
  }

  @Test
  void apiBaseUrlWhenStartedThenIsTheBaseUrlUnderSc() {
    assertThat(emulator.apiBaseUrl()).isEqualTo(emulator.baseUrl() + "/sc");
    assertThat(emulator.apiBaseUrl()).startsWith(tls ? "https://" : "http://");
  }

  @Test
  void getAppWhenTheTokenIsLiveForThatAppThenAnswersTheApp() {
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());

    HttpResponse<String> answer = getApp(APP.id(), Optional.of(token));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode app = parse(answer.body()).path("app");
    assertThat(app.path("id").asText()).isEqualTo(APP.id());
    assertThat(app.path("displayName").asText()).isEqualTo(APP.displayName());
    assertThat(app.path("subdomain").asText()).isEqualTo(APP.subdomain());
  }

  @Test
  void getAppWhenHeadThenAnswers200WithoutABody() {
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());

    HttpResponse<String> answer =
        call("HEAD", SunshineOAuthEmulator.APPS_PATH + "/" + APP.id(), Optional.of(token));

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).isEmpty();
  }

  @Test
  void getAppWhenNoTokenThenAnswers401WithBearerChallenge() {
    HttpResponse<String> answer = getApp(APP.id(), Optional.empty());

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    assertThat(errorCode(answer)).isEqualTo("unauthorized");
  }

  @Test
  void getAppWhenTheTokenIsUnknownThenAnswers401() {
    HttpResponse<String> answer = getApp(APP.id(), Optional.of("not-a-token"));

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(errorCode(answer)).isEqualTo("unauthorized");
  }

  @Test
  void getAppWhenTheTokenWasRevokedThenAnswers401() {
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());
    HttpResponse<String> revoked =
        send(
            "DELETE",
            emulator.baseUrl() + SunshineOAuthEmulator.AUTHORIZATION_PATH,
            Optional.of(token));
    assertThat(revoked.statusCode()).isEqualTo(200);

    HttpResponse<String> answer = getApp(APP.id(), Optional.of(token));

    assertThat(answer.statusCode()).isEqualTo(401);
  }

  @Test
  void getAppWhenTheTokenIsOfAnotherAppThenAnswers403() {
    String token = emulator.issueAccessToken(CLIENT_ID, OTHER_APP.id());

    HttpResponse<String> answer = getApp(APP.id(), Optional.of(token));

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(errorCode(answer)).isEqualTo("forbidden");
  }

  @Test
  void apiWhenAnyOtherPathOrMethodThenAnswers404Or405() {
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());

    assertThat(call("GET", "/v2/apps", Optional.of(token)).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/v2/apps/", Optional.of(token)).statusCode()).isEqualTo(404);
    assertThat(call("GET", "/v2/apps/" + APP.id() + "/users", Optional.of(token)).statusCode())
        .isEqualTo(404);
    HttpResponse<String> delete =
        call("DELETE", SunshineOAuthEmulator.APPS_PATH + "/" + APP.id(), Optional.of(token));
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(delete.headers().firstValue("Allow")).hasValue("GET, HEAD");
  }
}
