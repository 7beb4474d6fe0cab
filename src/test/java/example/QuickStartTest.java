package example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.AuthorizationStateStore;
import io.sunco.oauth.callback.InMemoryAuthorizationStateStore;
import io.sunco.oauth.callback.StateData;
import io.sunco.oauth.callback.StateGenerator;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.junit.SunshineOAuthEmulatorExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The README's Quick start ({@link QuickStart}, run as written), and the guide's flow
 * (src/site/markdown/flow.md): the client (built as written, from the environment) and the flow
 * (the members tagged below, with this test's {@link #client} pointed at the emulator), run end to
 * end: start, consent, callback, store, disconnect.
 */
class QuickStartTest {

  static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  static final String CALLBACK = "https://bot.example.com/oauth/callback";
  static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme");

  @RegisterExtension
  static final SunshineOAuthEmulatorExtension SUNCO =
      SunshineOAuthEmulatorExtension.builder()
          .integration(Integration.of(CLIENT_ID, "5XJ85yjUtRcaQu_pDINblPZb", CALLBACK))
          .app(APP)
          .build();

  /** The client of the README's first block; here the extension's, pointed at the emulator. */
  private SunshineOAuthClient client;

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

  // tag::readme-quick-start-flow[]
  // Made once at start-up and shared by every request:
  StateGenerator states = StateGenerator.create(); // seeds a DRBG: not on an event loop
  AuthorizationStateStore pending = InMemoryAuthorizationStateStore.create(); // or Redis
  AuthorizationCallback callbacks = AuthorizationCallback.usingStore(pending);
  AuthorizeRequest consent =
      AuthorizeRequest.builder()
          .redirectUri("https://bot.example.com/oauth/callback") // registered for the integration
          .build(); // a template: each flow adds its own state
  Map<String, Connection> connections = new ConcurrentHashMap<>(); // by app id: your database

  record Connection(AccessToken token, TokenInfo app) {} // API calls go to app.apiBaseUrl()

  record Start(String consentUrl, String nonce) {}

  // 1. The customer clicks "Connect": a fresh state, saved with a fresh browser nonce. Answer 302
  //    to consentUrl and set the nonce as a cookie (HttpOnly, Secure, SameSite=Lax).
  Mono<Start> start() {
    String nonce = states.next(); // binds the flow to this browser
    return states
        .generate()
        .flatMap(
            state ->
                pending
                    .save(state, StateData.of(nonce, Instant.now()))
                    .thenReturn(new Start(client.authorizeUrl(consent.withState(state)), nonce)));
  }

  // 2. The browser comes back to the redirect URI with ?code=..&state=.. and the cookie: check the
  //    state (known, unused, this browser's), exchange the code once, store token and app together.
  //    If storing fails, completeAuthorization revokes the token: no grant is left behind.
  Mono<TokenInfo> callback(URI callbackUri, String nonceFromCookie) {
    return callbacks
        .verify(callbackUri, nonceFromCookie)
        .flatMap(
            verified ->
                client.completeAuthorization(
                    verified.code(),
                    (token, app) ->
                        Mono.fromRunnable(
                                () -> connections.put(app.appId(), new Connection(token, app)))
                            .thenReturn(app)));
  }

  // 3. The customer disconnects the app: revoke the grant, then forget the token.
  Mono<Void> disconnect(String appId) {
    return Mono.justOrEmpty(connections.get(appId))
        .flatMap(
            connection ->
                client
                    .revokeAccess(connection.token())
                    .then(Mono.fromRunnable(() -> connections.remove(appId, connection))));
  }

  // end::readme-quick-start-flow[]

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
    client = emulatorClient;

    Start started = start().block();
    assertThat(started.consentUrl()).startsWith(emulator.baseUrl()).contains("&state=");
    URI callbackUri = SUNCO.followConsent(URI.create(started.consentUrl()));
    assertThat(callbackUri.toString()).startsWith(CALLBACK + "?code=");

    StepVerifier.create(callback(callbackUri, started.nonce()))
        .assertNext(app -> assertThat(app.appId()).isEqualTo(APP.id()))
        .verifyComplete();
    Connection stored = connections.get(APP.id());
    assertThat(stored.app().apiBaseUrl()).hasValue(URI.create("https://acme.zendesk.com/sc"));
    assertThat(client.getTokenInfo(stored.token()).block().appId()).isEqualTo(APP.id());

    StepVerifier.create(disconnect(APP.id())).verifyComplete();
    assertThat(connections).isEmpty();
    StepVerifier.create(client.getTokenInfo(stored.token()))
        .expectErrorSatisfies(e -> assertThat(((SunshineApiException) e).status()).isEqualTo(401))
        .verify();
    assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isEqualTo(1);
  }

  @Test
  void callbackWhenAnotherBrowsersNonceThenForeignStateAndNoCodeExchanged(
      SunshineOAuthEmulator emulator, SunshineOAuthClient emulatorClient) {
    client = emulatorClient;
    Start started = start().block();
    URI callbackUri = SUNCO.followConsent(URI.create(started.consentUrl()));

    StepVerifier.create(callback(callbackUri, states.next()))
        .expectErrorSatisfies(
            e ->
                assertThat(((AuthorizationCallbackException) e).reason())
                    .isEqualTo(AuthorizationCallbackException.Reason.FOREIGN_STATE))
        .verify();
    assertThat(connections).isEmpty();
    assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
  }

  @Test
  void callbackWhenSubscribedTwiceThenSecondRefusedAsReplayedAndCodeSentOnce(
      SunshineOAuthEmulator emulator, SunshineOAuthClient emulatorClient) {
    client = emulatorClient;
    Start started = start().block();
    URI callbackUri = SUNCO.followConsent(URI.create(started.consentUrl()));
    Mono<TokenInfo> connected = callback(callbackUri, started.nonce());

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
