package io.sunco.oauth.webflux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.IntegrationRemoval;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.ConnectionStatus;
import io.sunco.oauth.store.InMemorySealedRecords;
import io.sunco.oauth.store.KeyRing;
import io.sunco.oauth.store.RemovalResult;
import io.sunco.oauth.testing.EmulatorClients;
import io.sunco.oauth.testing.LogLines;
import io.sunco.oauth.testing.Revocations;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.test.StepVerifier;

/**
 * Issue 26, items 5 and 6 as routes: {@link ConnectedAppRoutes} over the real store (in memory),
 * the real client and the real emulator (over https), the removal route served on a loopback port
 * that the emulator's {@code removeUrl} points to.
 */
class ConnectedAppRoutesTest {

  static final String CLIENT_ID = RoutesFixture.CLIENT_ID;
  static final String CLIENT_SECRET = RoutesFixture.CLIENT_SECRET;
  static final App APP = RoutesFixture.APP;
  static final String APP_URL = RoutesFixture.APP_URL;
  static final String DISCONNECT = ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH;
  static final String REMOVED = ConnectedAppRoutes.DEFAULT_REMOVAL_PATH;

  // The removal route's server starts first: the emulator's removeUrl needs its port, and the
  // routes need the emulator's client; requests before the routes are set answer 503.
  private final AtomicReference<BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>>>
      handler = new AtomicReference<>((request, response) -> response.status(503).send().then());
  private final DisposableServer server =
      HttpServer.create()
          .host("127.0.0.1")
          .port(0)
          .handle((request, response) -> handler.get().apply(request, response))
          .bindNow();
  private final SunshineOAuthEmulator emulator =
      SunshineOAuthEmulator.builder()
          .integration(
              Integration.of(CLIENT_ID, CLIENT_SECRET, RoutesFixture.REDIRECT_URI)
                  .withRemoveUrl(URI.create("http://127.0.0.1:" + server.port() + REMOVED)))
          .app(APP)
          .tls()
          .start();
  private final SunshineOAuthClient client =
      EmulatorClients.clientFor(emulator, CLIENT_ID, CLIENT_SECRET).build();
  private final ConnectedAppStore store =
      ConnectedAppStore.builder()
          .records(InMemorySealedRecords.create())
          .keyRing(ring())
          .clientId(CLIENT_ID)
          .build();
  private final BlockingQueue<RemovalResult> checked = new LinkedBlockingQueue<>();
  private final long[] now = {0};

  @AfterEach
  void stop() {
    server.disposeNow();
    client.close();
    emulator.close();
  }

  private static KeyRing ring() {
    byte[] key = new byte[KeyRing.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return KeyRing.builder().key("k1", key).primary("k1").build();
  }

  /**
   * Routes whose user is named by the {@code X-User} header and may disconnect the app they
   * connected, as an application would decide from its session.
   */
  private ConnectedAppRoutes.Builder routes() {
    return ConnectedAppRoutes.builder()
        .store(store)
        .client(client)
        .appOfRequest(
            request ->
                Mono.justOrEmpty(request.headers().firstHeader("X-User"))
                    .flatMap(user -> store.findByAttribute("user", user).next())
                    .map(ConnectedAppRecord::appId))
        .ticker(() -> now[0])
        .removalChecked(checked::add);
  }

  private static WebTestClient web(ConnectedAppRoutes routes) {
    return WebTestClient.bindToRouterFunction(routes.routerFunction())
        .configureClient()
        .baseUrl(APP_URL)
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** Connects the app for alice, as the callback route with {@code TokenSink.savingTo} does. */
  private AccessToken connectedByAlice() {
    AccessToken token = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, APP.id()));
    StepVerifier.create(
            store.connect(
                token,
                TokenInfo.of(APP.id(), APP.subdomain(), APP.displayName()),
                Map.of("user", "alice")))
        .expectNextCount(1)
        .verifyComplete();
    return token;
  }

  private void assertKept(ConnectionStatus status) {
    StepVerifier.create(store.find(APP.id()).map(ConnectedAppRecord::status))
        .expectNext(status)
        .verifyComplete();
  }

  private void assertGone() {
    StepVerifier.create(store.find(APP.id())).verifyComplete();
  }

  private RemovalResult nextCheck() throws InterruptedException {
    RemovalResult result = checked.poll(20, TimeUnit.SECONDS);
    assertThat(result).as("a removal check ended").isNotNull();
    return result;
  }

  @Nested
  class Disconnect {

    private WebTestClient.ResponseSpec post(WebTestClient web, String user, String... headers) {
      WebTestClient.RequestBodySpec request = web.post().uri(DISCONNECT).header("X-User", user);
      for (int i = 0; i < headers.length; i += 2) {
        request = request.header(headers[i], headers[i + 1]);
      }
      return request.exchange();
    }

    @Test
    void disconnectWhenSameOriginThen204TheTokenIsRefusedAndTheRecordIsGone() {
      AccessToken token = connectedByAlice();
      WebTestClient web = web(routes().build());

      post(web, "alice", "Sec-Fetch-Site", "same-origin")
          .expectStatus()
          .isNoContent()
          .expectHeader()
          .valueEquals("Cache-Control", "no-store");

      Revocations.assertRefused(client, token);
      assertGone();
    }

    @Test
    void disconnectWhenRepeatedThen204Again() {
      connectedByAlice();
      // A function that names the app whether or not it is still connected.
      ConnectedAppRoutes routes =
          ConnectedAppRoutes.builder()
              .store(store)
              .client(client)
              .appOfRequest(request -> Mono.just(APP.id()))
              .build();
      WebTestClient web = web(routes);

      web.post().uri(DISCONNECT).exchange().expectStatus().isNoContent();
      web.post().uri(DISCONNECT).exchange().expectStatus().isNoContent();

      assertGone();
    }

    @Test
    void disconnectWhenOriginIsTheAppItselfThen204() {
      connectedByAlice();

      post(web(routes().build()), "alice", "Origin", APP_URL).expectStatus().isNoContent();

      assertGone();
    }

    @Test
    void disconnectWhenCrossSiteThen403AndNothingChanges() {
      AccessToken token = connectedByAlice();
      WebTestClient web = web(routes().build());

      post(web, "alice", "Sec-Fetch-Site", "cross-site").expectStatus().isForbidden();
      post(web, "alice", "Sec-Fetch-Site", "same-site").expectStatus().isForbidden();
      post(web, "alice", "Origin", "https://evil.example").expectStatus().isForbidden();
      post(web, "alice", "Origin", "null").expectStatus().isForbidden();
      post(web, "alice", "Origin", "http://127.0.0.1:8081").expectStatus().isForbidden();

      assertKept(ConnectionStatus.CONNECTED);
      Revocations.assertValid(client, token);
      assertThat(emulator.requestCount(SunshineOAuthEmulator.AUTHORIZATION_PATH)).isZero();
    }

    @Test
    void disconnectWhenTheUserHasNoAppThen403AndNothingChanges() {
      AccessToken token = connectedByAlice();

      post(web(routes().build()), "mallory").expectStatus().isForbidden();

      assertKept(ConnectionStatus.CONNECTED);
      Revocations.assertValid(client, token);
    }

    @Test
    void disconnectWhenGetThenNotRoutedAndNothingChanges() {
      connectedByAlice();

      web(routes().build())
          .get()
          .uri(DISCONNECT)
          .header("X-User", "alice")
          .exchange()
          .expectStatus()
          .isNotFound();

      assertKept(ConnectionStatus.CONNECTED);
    }

    @Test
    void disconnectWhenTheRevokeAnswers503Then202AndTheRecordIsKeptPending() {
      AccessToken token = connectedByAlice();
      emulator.enqueue(
          ScriptedResponse.status(503).onlyPath(SunshineOAuthEmulator.AUTHORIZATION_PATH));

      List<LogLines.Line> lines =
          LogLines.withLevels(
              "io.sunco.oauth.webflux",
              () -> post(web(routes().build()), "alice").expectStatus().isAccepted());

      assertKept(ConnectionStatus.DISCONNECT_PENDING);
      Revocations.assertValid(client, token);
      assertThat(lines).isNotEmpty();
      assertThat(lines)
          .allSatisfy(line -> assertThat(line.text()).doesNotContain(token.value(), "eyJ"));
    }
  }

  @Nested
  class Removal {

    private void serve(ConnectedAppRoutes routes) {
      handler.set(
          new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes.routerFunction())));
    }

    private static WebTestClient.ResponseSpec hint(WebTestClient web, String body) {
      return web.post()
          .uri(REMOVED)
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(body)
          .exchange();
    }

    @Test
    void removeIntegrationWhenTheAdminRemovesItThenTheRemoveUrlCallEndsWithTheRecordGone()
        throws InterruptedException {
      serve(routes().build());
      AccessToken token = connectedByAlice();

      StepVerifier.create(emulator.removeIntegration(CLIENT_ID, APP.id()))
          .expectNext(new IntegrationRemoval(true, true, OptionalInt.of(202)))
          .verifyComplete();

      assertThat(nextCheck()).isEqualTo(RemovalResult.REMOVED);
      assertGone();
      Revocations.assertRefused(client, token);
    }

    @Test
    void removalWhenForgedForALiveAppThen202AndNothingChanges() throws InterruptedException {
      AccessToken token = connectedByAlice();

      hint(
              web(routes().build()),
              "{\"integrationId\":\"" + CLIENT_ID + "\",\"appId\":\"" + APP.id() + "\"}")
          .expectStatus()
          .isAccepted()
          .expectBody()
          .isEmpty();

      assertThat(nextCheck()).isEqualTo(RemovalResult.STILL_CONNECTED);
      assertKept(ConnectionStatus.CONNECTED);
      Revocations.assertValid(client, token);
    }

    @Test
    void removalWhenTheAppIsUnknownOrTheBodyIsNotJsonThenTheSameAnswer()
        throws InterruptedException {
      connectedByAlice();
      WebTestClient web = web(routes().build());

      hint(web, "{\"appId\":\"63ac4f1b8e2f3a0011c0ffee\"}")
          .expectStatus()
          .isAccepted()
          .expectBody()
          .isEmpty();
      assertThat(nextCheck()).isEqualTo(RemovalResult.NOT_CONNECTED);
      hint(web, "not json").expectStatus().isAccepted().expectBody().isEmpty();
      hint(web, "[\"" + APP.id() + "\"]").expectStatus().isAccepted().expectBody().isEmpty();

      assertKept(ConnectionStatus.CONNECTED);
      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_INFO_PATH)).isZero();
    }

    @Test
    void removalWhenOverTheRateLimitThen429WithoutTouchingTheService() throws InterruptedException {
      connectedByAlice();
      WebTestClient web = web(routes().removalsPerMinute(2).build());
      String body = "{\"appId\":\"" + APP.id() + "\"}";

      hint(web, body).expectStatus().isAccepted();
      hint(web, body).expectStatus().isAccepted();
      hint(web, body).expectStatus().isEqualTo(429).expectHeader().valueEquals("Retry-After", "60");
      assertThat(nextCheck()).isEqualTo(RemovalResult.STILL_CONNECTED);
      assertThat(nextCheck()).isEqualTo(RemovalResult.STILL_CONNECTED);

      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_INFO_PATH)).isEqualTo(2);
      assertThat(checked).isEmpty();
      now[0] += Duration.ofMinutes(1).toNanos();
      hint(web, body).expectStatus().isAccepted();
      assertThat(nextCheck()).isEqualTo(RemovalResult.STILL_CONNECTED);
    }
  }

  @Nested
  class Building {

    @Test
    void buildWhenAppOfRequestIsMissingThenIllegalStateException() {
      assertThatThrownBy(() -> ConnectedAppRoutes.builder().store(store).client(client).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("appOfRequest");
    }

    @Test
    void removalsPerMinuteWhenOutOfRangeThenIllegalArgumentException() {
      assertThatThrownBy(() -> ConnectedAppRoutes.builder().removalsPerMinute(0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ConnectedAppRoutes.builder().removalsPerMinute(10_001))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void buildWhenBothPathsAreTheSameThenIllegalStateException() {
      assertThatThrownBy(() -> routes().removalPath(DISCONNECT).build())
          .isInstanceOf(IllegalStateException.class);
    }
  }
}
