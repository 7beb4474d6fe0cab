package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.INTEGRATION;
import static io.sunco.oauth.emulator.TestHttp.OTHER_APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sunco.oauth.testing.BlockingHttp;
import io.sunco.oauth.testing.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.OptionalInt;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/**
 * Issue 26, item 6: {@link SunshineOAuthEmulator#removeIntegration(String, String)}, an admin
 * removing the integration from an app, over http and over https as the service speaks it.
 */
@ParameterizedClass
@ValueSource(booleans = {false, true})
class RemoveIntegrationTest extends IntegrationServerFixture {

  @Parameter boolean tls;

  private SunshineOAuthEmulator start(Integration integration) {
    SunshineOAuthEmulator.Builder builder =
        SunshineOAuthEmulator.builder().integration(integration).app(APP).app(OTHER_APP);
    SunshineOAuthEmulator started = (tls ? builder.tls() : builder).start();
    emulator = started;
    return started;
  }

  private URI removeUrl(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + integrationServer.getPort() + pathAndQuery);
  }

  /** {@code GET path} with the bearer token, over http or over https trusting the emulator. */
  private static HttpResponse<String> get(
      SunshineOAuthEmulator emulator, String url, String token) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token)
            .timeout(BlockingHttp.DEFAULT_TIMEOUT)
            .build();
    return emulator.isTls()
        ? BlockingHttp.send(request, emulator.certificatePem())
        : BlockingHttp.send(request);
  }

  private static int tokenInfoStatus(SunshineOAuthEmulator emulator, String token) {
    return get(emulator, emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH, token)
        .statusCode();
  }

  private static int getAppStatus(SunshineOAuthEmulator emulator, String appId, String token) {
    return get(
            emulator, emulator.apiBaseUrl() + SunshineOAuthEmulator.APPS_PATH + "/" + appId, token)
        .statusCode();
  }

  @Test
  void removeIntegrationWhenItHasAccessThenEveryTokenOfTheAppIsRefusedAndRemoveUrlIsPostedOnce()
      throws Exception {
    integrationServer.enqueue(new MockResponse.Builder().code(200).build());
    SunshineOAuthEmulator emulator =
        start(INTEGRATION.withRemoveUrl(removeUrl("/sunco/removed?key=k1")));
    String first = emulator.issueAccessToken(CLIENT_ID, APP.id());
    String second = emulator.issueAccessToken(CLIENT_ID, APP.id());
    String otherApp = emulator.issueAccessToken(CLIENT_ID, OTHER_APP.id());
    assertThat(tokenInfoStatus(emulator, first)).isEqualTo(200);

    StepVerifier.create(emulator.removeIntegration(CLIENT_ID, APP.id()))
        .expectNext(new IntegrationRemoval(true, true, OptionalInt.of(200)))
        .verifyComplete();

    assertThat(tokenInfoStatus(emulator, first)).isEqualTo(401);
    assertThat(tokenInfoStatus(emulator, second)).isEqualTo(401);
    assertThat(getAppStatus(emulator, APP.id(), first)).isEqualTo(401);
    assertThat(tokenInfoStatus(emulator, otherApp)).as("another app keeps access").isEqualTo(200);
    // Emitted after the answer: the POST is already there, and it is the only one.
    assertThat(integrationServer.getRequestCount()).isEqualTo(1);
    JsonNode body = takeRemovalNotice("/sunco/removed?key=k1");
    assertThat(body.size()).as("the same two members as after a revocation").isEqualTo(2);
  }

  @Test
  void removeIntegrationWhenRepeatedThenTheSecondPostsNothing() {
    integrationServer.enqueue(new MockResponse.Builder().code(204).build());
    SunshineOAuthEmulator emulator = start(INTEGRATION.withRemoveUrl(removeUrl("/removed")));
    emulator.issueAccessToken(CLIENT_ID, APP.id());

    StepVerifier.create(emulator.removeIntegration(CLIENT_ID, APP.id()))
        .expectNext(new IntegrationRemoval(true, true, OptionalInt.of(204)))
        .verifyComplete();
    StepVerifier.create(emulator.removeIntegration(CLIENT_ID, APP.id()))
        .expectNext(new IntegrationRemoval(false, false, OptionalInt.empty()))
        .verifyComplete();

    // A POST started by the second removal would have been awaited before its emission.
    assertThat(integrationServer.getRequestCount()).isEqualTo(1);
  }

  @Test
  void removeIntegrationWhenTheAppWasNeverAuthorizedOrWasRevokedThenNothingIsPosted() {
    SunshineOAuthEmulator emulator = start(INTEGRATION.withRemoveUrl(removeUrl("/removed")));

    StepVerifier.create(emulator.removeIntegration(CLIENT_ID, OTHER_APP.id()))
        .expectNext(new IntegrationRemoval(false, false, OptionalInt.empty()))
        .verifyComplete();

    assertThat(integrationServer.getRequestCount()).isZero();
  }

  @Test
  void removeIntegrationWhenNotSubscribedThenTheTokensStillWork() {
    SunshineOAuthEmulator emulator = start(INTEGRATION);
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());

    emulator.removeIntegration(CLIENT_ID, APP.id());

    assertThat(tokenInfoStatus(emulator, token)).isEqualTo(200);
  }

  @Test
  void removeIntegrationWhenNoRemoveUrlThenAccessEndsAndNothingIsCalled() {
    SunshineOAuthEmulator emulator = start(INTEGRATION);
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());

    StepVerifier.create(emulator.removeIntegration(CLIENT_ID, APP.id()))
        .expectNext(new IntegrationRemoval(true, false, OptionalInt.empty()))
        .verifyComplete();

    assertThat(tokenInfoStatus(emulator, token)).isEqualTo(401);
  }

  @Test
  void removeIntegrationWhenRemoveUrlAnswersAnErrorThenEmitsItsStatusAndAccessStillEnds() {
    integrationServer.enqueue(new MockResponse.Builder().code(503).body("down").build());
    SunshineOAuthEmulator emulator = start(INTEGRATION.withRemoveUrl(removeUrl("/removed")));
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());

    StepVerifier.create(emulator.removeIntegration(CLIENT_ID, APP.id()))
        .expectNext(new IntegrationRemoval(true, true, OptionalInt.of(503)))
        .verifyComplete();

    assertThat(tokenInfoStatus(emulator, token)).isEqualTo(401);
  }

  @Test
  void removeIntegrationWhenRemoveUrlIsUnreachableThenEmitsNoStatusAndAccessStillEnds()
      throws IOException {
    int closedPort = Ports.unused();
    SunshineOAuthEmulator emulator =
        start(INTEGRATION.withRemoveUrl(URI.create("http://127.0.0.1:" + closedPort + "/removed")));
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());

    StepVerifier.create(emulator.removeIntegration(CLIENT_ID, APP.id()))
        .expectNext(new IntegrationRemoval(true, true, OptionalInt.empty()))
        .verifyComplete();

    assertThat(tokenInfoStatus(emulator, token)).isEqualTo(401);
  }

  @Test
  void removeIntegrationWhenTheClientOrAppIsUnknownThenRefusedAtCallTime() {
    SunshineOAuthEmulator emulator = start(INTEGRATION);
    String token = emulator.issueAccessToken(CLIENT_ID, APP.id());

    assertThatThrownBy(() -> emulator.removeIntegration(CLIENT_ID, "no-such-app"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appId");
    assertThatThrownBy(() -> emulator.removeIntegration("no-such-client", APP.id()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clientId");
    assertThatThrownBy(() -> emulator.removeIntegration(CLIENT_ID, null))
        .isInstanceOf(NullPointerException.class);
    assertThat(tokenInfoStatus(emulator, token)).isEqualTo(200);
  }

  @Test
  void integrationRemovalWhenComponentsDisagreeThenRefused() {
    assertThatThrownBy(() -> new IntegrationRemoval(false, true, OptionalInt.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IntegrationRemoval(true, false, OptionalInt.of(200)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IntegrationRemoval(true, true, null))
        .isInstanceOf(NullPointerException.class);
    assertThat(new IntegrationRemoval(true, true, OptionalInt.of(202)).removeUrlStatus())
        .hasValue(202);
  }
}
