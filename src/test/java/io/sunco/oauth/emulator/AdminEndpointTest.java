package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.INTEGRATION;
import static io.sunco.oauth.emulator.TestHttp.OTHER_APP;
import static io.sunco.oauth.emulator.TestHttp.errorCode;
import static io.sunco.oauth.emulator.TestHttp.json;
import static io.sunco.oauth.emulator.TestHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sunco.oauth.testing.BlockingHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The emulator-only admin endpoint {@link SunshineOAuthEmulator#ADMIN_REMOVE_INTEGRATION_PATH}:
 * another process removes an integration as {@link SunshineOAuthEmulator#removeIntegration} does,
 * with the admin secret, over http and https.
 */
@ParameterizedClass
@ValueSource(booleans = {false, true})
class AdminEndpointTest extends IntegrationServerFixture {

  private static final String ADMIN_SECRET = "admin-secret-0123456789abcdef";

  @Parameter boolean tls;

  private SunshineOAuthEmulator start(SunshineOAuthEmulator.Builder builder) {
    SunshineOAuthEmulator started = (tls ? builder.tls() : builder).start();
    emulator = started;
    return started;
  }

  private SunshineOAuthEmulator startWithAdmin() {
    URI removeUrl = URI.create("http://127.0.0.1:" + integrationServer.getPort() + "/removed");
    return start(
        SunshineOAuthEmulator.builder()
            .integration(INTEGRATION.withRemoveUrl(removeUrl))
            .app(APP)
            .app(OTHER_APP)
            .adminSecret(ADMIN_SECRET));
  }

  private static HttpResponse<String> send(
      SunshineOAuthEmulator emulator, String method, String path, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .timeout(BlockingHttp.DEFAULT_TIMEOUT);
    if (headers.length > 0) {
      request.headers(headers);
    }
    return emulator.isTls()
        ? BlockingHttp.send(request.build(), emulator.certificatePem())
        : BlockingHttp.send(request.build());
  }

  private static HttpResponse<String> remove(
      SunshineOAuthEmulator emulator, String body, String... headers) {
    return send(
        emulator, "POST", SunshineOAuthEmulator.ADMIN_REMOVE_INTEGRATION_PATH, body, headers);
  }

  private static HttpResponse<String> removeAsAdmin(SunshineOAuthEmulator emulator, String appId) {
    return remove(
        emulator,
        json("clientId", CLIENT_ID, "appId", appId),
        "Authorization",
        "Bearer " + ADMIN_SECRET,
        "Content-Type",
        "application/json");
  }

  private static int tokenInfoStatus(SunshineOAuthEmulator emulator, String token) {
    return send(
            emulator,
            "GET",
            SunshineOAuthEmulator.TOKEN_INFO_PATH,
            "",
            "Authorization",
            "Bearer " + token)
        .statusCode();
  }

  @Test
  void removeWhenTheAdminSecretIsRightThenAccessEndsTheRemoveUrlIsPostedAndTheAnswerSaysSo()
      throws Exception {
    integrationServer.enqueue(new MockResponse.Builder().code(202).build());
    SunshineOAuthEmulator emulator = startWithAdmin();
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());

    HttpResponse<String> answer = removeAsAdmin(emulator, APP.id());

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = parse(answer.body());
    assertThat(body.path("clientId").asText()).isEqualTo(CLIENT_ID);
    assertThat(body.path("appId").asText()).isEqualTo(APP.id());
    assertThat(body.path("accessEnded").asBoolean()).isTrue();
    assertThat(body.path("removeUrlCalled").asBoolean()).isTrue();
    assertThat(body.path("removeUrlStatus").asInt()).isEqualTo(202);
    assertThat(tokenInfoStatus(emulator, token)).isEqualTo(401);
    mockwebserver3.RecordedRequest notification =
        integrationServer.takeRequest(5, TimeUnit.SECONDS);
    assertThat(notification).isNotNull();
    assertThat(parse(notification.getBody().utf8()).path("appId").asText()).isEqualTo(APP.id());
  }

  @Test
  void removeWhenRepeatedThenNothingIsPostedAndTheAnswerHasNoStatus() {
    integrationServer.enqueue(new MockResponse.Builder().code(200).build());
    SunshineOAuthEmulator emulator = startWithAdmin();
    emulator.issueAccessToken(CLIENT_ID, APP.id());

    removeAsAdmin(emulator, APP.id());
    HttpResponse<String> again = removeAsAdmin(emulator, APP.id());

    assertThat(again.statusCode()).isEqualTo(200);
    JsonNode body = parse(again.body());
    assertThat(body.path("accessEnded").asBoolean(true)).isFalse();
    assertThat(body.path("removeUrlCalled").asBoolean(true)).isFalse();
    assertThat(body.has("removeUrlStatus")).isFalse();
    assertThat(integrationServer.getRequestCount()).isEqualTo(1);
  }

  @Test
  void removeWhenTheSecretIsWrongOrMissingThen401AndNothingChanges() {
    SunshineOAuthEmulator emulator = startWithAdmin();
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());
    String body = json("clientId", CLIENT_ID, "appId", APP.id());

    HttpResponse<String> wrong =
        remove(
            emulator,
            body,
            "Authorization",
            "Bearer not-the-admin-secret",
            "Content-Type",
            "application/json");
    HttpResponse<String> missing = remove(emulator, body, "Content-Type", "application/json");
    HttpResponse<String> basic =
        remove(
            emulator,
            body,
            "Authorization",
            TestHttp.basic("admin", ADMIN_SECRET),
            "Content-Type",
            "application/json");

    for (HttpResponse<String> refused : java.util.List.of(wrong, missing, basic)) {
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(errorCode(refused)).isEqualTo("unauthorized");
      assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
      assertThat(refused.body()).doesNotContain(ADMIN_SECRET).doesNotContain("not-the-admin");
    }
    assertThat(tokenInfoStatus(emulator, token)).isEqualTo(200);
    assertThat(integrationServer.getRequestCount()).isZero();
  }

  @Test
  void removeWhenTheBodyIsNotTheEndpointsThen400AndNothingChanges() {
    SunshineOAuthEmulator emulator = startWithAdmin();
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());
    String[] admin = {"Authorization", "Bearer " + ADMIN_SECRET};

    HttpResponse<String> form =
        remove(
            emulator,
            "clientId=" + CLIENT_ID + "&appId=" + APP.id(),
            "Authorization",
            "Bearer " + ADMIN_SECRET,
            "Content-Type",
            "application/x-www-form-urlencoded");
    HttpResponse<String> noAppId =
        remove(
            emulator,
            json("clientId", CLIENT_ID),
            admin[0],
            admin[1],
            "Content-Type",
            "application/json");
    HttpResponse<String> numberAppId =
        remove(
            emulator,
            "{\"clientId\":\"" + CLIENT_ID + "\",\"appId\":42}",
            admin[0],
            admin[1],
            "Content-Type",
            "application/json");
    HttpResponse<String> unknownApp = removeAsAdmin(emulator, "no-such-app");
    HttpResponse<String> unknownClient =
        remove(
            emulator,
            json("clientId", "no-such-client", "appId", APP.id()),
            admin[0],
            admin[1],
            "Content-Type",
            "application/json");

    for (HttpResponse<String> refused :
        java.util.List.of(form, noAppId, numberAppId, unknownApp, unknownClient)) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(errorCode(refused)).isEqualTo("invalid_request");
    }
    assertThat(parse(unknownApp.body()).path("errors").path(0).path("title").asText())
        .isEqualTo("No app has this appId");
    assertThat(tokenInfoStatus(emulator, token)).isEqualTo(200);
  }

  @Test
  void adminPathWhenOtherMethodThen405WithAllowPost() {
    SunshineOAuthEmulator emulator = startWithAdmin();

    HttpResponse<String> get =
        send(
            emulator,
            "GET",
            SunshineOAuthEmulator.ADMIN_REMOVE_INTEGRATION_PATH,
            "",
            "Authorization",
            "Bearer " + ADMIN_SECRET);

    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).hasValue("POST");
  }

  @Test
  void adminPathWhenNoAdminSecretWasConfiguredThen404AsOnTheService() {
    SunshineOAuthEmulator emulator =
        start(SunshineOAuthEmulator.builder().integration(INTEGRATION).app(APP));
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());

    HttpResponse<String> answer = removeAsAdmin(emulator, APP.id());

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(errorCode(answer)).isEqualTo("not_found");
    assertThat(tokenInfoStatus(emulator, token)).isEqualTo(200);
  }

  @Test
  void adminSecretWhenShownOrPutInAUrlThenHiddenAndReported() {
    SunshineOAuthEmulator.Builder builder =
        SunshineOAuthEmulator.builder().integration(INTEGRATION).app(APP).adminSecret(ADMIN_SECRET);
    assertThat(builder.toString()).contains("adminSecret=****").doesNotContain(ADMIN_SECRET);
    SunshineOAuthEmulator emulator = start(builder);

    HttpResponse<String> leaked = send(emulator, "GET", "/v2/tokenInfo?token=" + ADMIN_SECRET, "");

    assertThat(leaked.statusCode()).isEqualTo(401);
    assertThat(emulator.requestsWithSecretInUrl()).hasSize(1);
    assertThat(emulator.requestsWithSecretInUrl().get(0).toString()).doesNotContain(ADMIN_SECRET);
    assertThat(emulator.toString()).doesNotContain(ADMIN_SECRET);
  }

  @Test
  void adminSecretWhenNotVisibleAsciiThenRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> SunshineOAuthEmulator.builder().adminSecret(""))
        .isInstanceOf(IllegalArgumentException.class);
    for (String bad : new String[] {"has space", "tab\tin", "caf\u00e9"}) {
      assertThatThrownBy(() -> SunshineOAuthEmulator.builder().adminSecret(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageNotContaining(bad);
    }
    assertThatThrownBy(() -> SunshineOAuthEmulator.builder().adminSecret(null))
        .isInstanceOf(NullPointerException.class);
  }
}
