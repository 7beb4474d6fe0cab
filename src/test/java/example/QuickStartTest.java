package example;

import static example.ExampleEmulator.APP;
import static example.ExampleEmulator.CALLBACK;
import static example.ExampleEmulator.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.junit.SunshineOAuthEmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The README's Quick start ({@link QuickStart}, run as written), and the flow guide
 * (src/site/markdown/flow.md): the client (built as written, from the environment) and the flow
 * ({@link ConnectFlow}, on the extension's client pointed at the emulator), run end to end: start,
 * consent, callback, store, disconnect.
 */
class QuickStartTest {

  @RegisterExtension
  static final SunshineOAuthEmulatorExtension SUNCO = ExampleEmulator.extension();

  /** The README's first block, as written: the production client. */
  static SunshineOAuthClient quickStartClient() {
    // tag::readme-quick-start-client[]
    SunshineOAuthClient client =
        SunshineOAuthClient.builder()
            .clientId("5e4af71a81966cfff3ef6550") // required
            .clientSecret(System.getenv("SUNCO_CLIENT_SECRET")) // null: no secret, no getToken
            .baseUrl(SunshineOAuthClient.OAUTH_BRIDGE) // the default; LEGACY_US, LEGACY_EU, ..
            .defaultHeader("X-Zendesk-Marketplace-Bot-Id", "your-bot-id") // sent on every call
            .build(); // build once, share, close() at shutdown
    // end::readme-quick-start-client[]
    return client;
  }

  /** The guide's flow ({@link ConnectFlow}) on the extension's client, pointed at the emulator. */
  private ConnectFlow flow;

  /** A flow started on the client, and the callback the browser is sent back to after consent. */
  private record Consented(ConnectFlow.Start started, URI callbackUri) {}

  private Consented startAndConsent(SunshineOAuthClient client) {
    flow = new ConnectFlow(client, CALLBACK);
    ConnectFlow.Start started = flow.start().block();
    return new Consented(started, SUNCO.followConsent(URI.create(started.consentUrl())));
  }

  /** The README's Quick start, the whole file {@link QuickStart}, run as written. */
  @Test
  void quickStartMainWhenRunThenConnectsCallsTheApiWithTheStoredTokenAndRevokes() {
    PrintStream console = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      QuickStart.main(new String[0]);
    } finally {
      System.setOut(console);
    }

    // The emulator answers GET /v2/apps/{id} with the app only for a live bearer token of it.
    assertThat(printed.toString(StandardCharsets.UTF_8).lines())
        .satisfiesExactly(
            line -> assertThat(line).isEqualTo("connected app " + APP.id() + ", subdomain acme"),
            line ->
                assertThat(line)
                    .startsWith("GET /v2/apps/" + APP.id() + ": {\"app\":{")
                    .contains("\"id\":\"" + APP.id() + "\"", "\"subdomain\":\"acme\""),
            line -> assertThat(line).isEqualTo("access revoked"));
  }

  @Test
  void quickStartClientWhenBuiltFromTheEnvironmentThenBuildsWithTheBotHeader() {
    try (SunshineOAuthClient built = quickStartClient()) {
      assertThat(built.baseUrl()).isEqualTo(SunshineOAuthClient.OAUTH_BRIDGE);
      assertThat(built.settings().defaultHeaders())
          .containsEntry("X-Zendesk-Marketplace-Bot-Id", "your-bot-id");
      assertThat(built.authorizeUrl(AuthorizeRequest.of(CALLBACK, "s")))
          .startsWith("https://oauth-bridge.zendesk.com/sc/oauth/authorize?client_id=" + CLIENT_ID);
      if (System.getenv("SUNCO_CLIENT_SECRET") == null) {
        // No secret in the environment: the client builds, and only getToken refuses.
        assertThatThrownBy(() -> built.getToken("code")).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Test
  void flowWhenConsentedThenTokenAndAppStoredTogetherAndRevokedOnDisconnect(
      SunshineOAuthEmulator emulator, SunshineOAuthClient emulatorClient) {
    Consented consented = startAndConsent(emulatorClient);
    ConnectFlow.Start started = consented.started();
    assertThat(started.consentUrl()).startsWith(emulator.baseUrl()).contains("&state=");
    URI callbackUri = consented.callbackUri();
    assertThat(callbackUri.toString()).startsWith(CALLBACK + "?code=");

    StepVerifier.create(flow.callback(callbackUri, started.nonce()))
        .assertNext(app -> assertThat(app.appId()).isEqualTo(APP.id()))
        .verifyComplete();
    ConnectFlow.Connection stored = flow.connections().get(APP.id());
    assertThat(stored.app().apiBaseUrl()).hasValue(URI.create("https://acme.zendesk.com/sc"));
    assertThat(emulatorClient.getTokenInfo(stored.token()).block().appId()).isEqualTo(APP.id());

    StepVerifier.create(flow.disconnect(APP.id())).verifyComplete();
    assertThat(flow.connections()).isEmpty();
    StepVerifier.create(emulatorClient.getTokenInfo(stored.token()))
        .expectErrorSatisfies(e -> assertThat(((SunshineApiException) e).status()).isEqualTo(401))
        .verify();
    assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isEqualTo(1);
  }

  @Test
  void callbackWhenAnotherBrowsersNonceThenForeignStateAndNoCodeExchanged(
      SunshineOAuthEmulator emulator, SunshineOAuthClient emulatorClient) {
    URI callbackUri = startAndConsent(emulatorClient).callbackUri();

    StepVerifier.create(flow.callback(callbackUri, "another-browsers-nonce"))
        .expectErrorSatisfies(
            e ->
                assertThat(((AuthorizationCallbackException) e).reason())
                    .isEqualTo(AuthorizationCallbackException.Reason.FOREIGN_STATE))
        .verify();
    assertThat(flow.connections()).isEmpty();
    assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
  }

  @Test
  void callbackWhenSubscribedTwiceThenSecondRefusedAsReplayedAndCodeSentOnce(
      SunshineOAuthEmulator emulator, SunshineOAuthClient emulatorClient) {
    Consented consented = startAndConsent(emulatorClient);
    Mono<TokenInfo> connected = flow.callback(consented.callbackUri(), consented.started().nonce());

    StepVerifier.create(connected).expectNextCount(1).verifyComplete();
    StepVerifier.create(connected)
        .expectErrorSatisfies(
            e ->
                assertThat(((AuthorizationCallbackException) e).reason())
                    .isEqualTo(AuthorizationCallbackException.Reason.REPLAYED_STATE))
        .verify();
    assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isEqualTo(1);
  }

  /** What the README says in words: a second subscription to getToken sends the spent code. */
  @Test
  void getTokenWhenSubscribedTwiceThenCodeSentTwiceAndSecondRefusedWithInvalidGrant(
      SunshineOAuthEmulator emulator, SunshineOAuthClient emulatorClient) {
    String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
    Mono<AccessToken> token = emulatorClient.getToken(code);

    StepVerifier.create(token).expectNextCount(1).verifyComplete();
    StepVerifier.create(token)
        .expectErrorSatisfies(
            e -> assertThat(((SunshineApiException) e).hasErrorCode("invalid_grant")).isTrue())
        .verify();
    assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isEqualTo(2);
  }
}
