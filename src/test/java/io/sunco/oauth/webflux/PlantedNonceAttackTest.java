package io.sunco.oauth.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.InMemoryReplayGuard;
import io.sunco.oauth.callback.SignedStateCodec;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.BlockingHttp;
import io.sunco.oauth.testing.EmulatorClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunctions;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Account-linking CSRF with a planted nonce (RFC 9700 §4.7): user A starts a flow, plants A's nonce
 * cookie in user B's browser (as a sibling subdomain can, for a cookie without the {@code __Host-}
 * prefix) and sends B to A's consent URL. With the defaults (attributes derived again from the
 * callback's request), B's callback ends in {@code 403}: the emulator sees no token request, the
 * sink nothing. Over https the nonce cookie is {@code __Host-} prefixed, so a planted plain-named
 * cookie is not read at all. The routes run on a real loopback server; each user is a browser-like
 * client with its own cookie jar that follows the consent redirects through the emulator.
 */
class PlantedNonceAttackTest {

  private static final String SESSION_COOKIE = "app_user";
  private static final String PREFIX = "/oauth/sunshine";
  private static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < KEY.length; i++) {
      KEY[i] = (byte) (31 * i + 7);
    }
  }

  /** The application's attributes: its signed-in user, from its own session cookie. */
  private static final FlowAttributes SIGNED_IN_USER =
      request ->
          Mono.justOrEmpty(request.cookies().getFirst(SESSION_COOKIE))
              .map(cookie -> Map.of("user", cookie.getValue()));

  private final AtomicReference<HttpHandler> handler = new AtomicReference<>();
  private DisposableServer server;
  private String appUrl;
  private String httpsAppUrl;
  private @Nullable SunshineOAuthEmulator emulator;
  private @Nullable SunshineOAuthClient client;
  private final RoutesFixture.RecordingSink sink = new RoutesFixture.RecordingSink();

  @BeforeEach
  void setUp() {
    // The server first: the redirect URI registered at the emulator names its port.
    server =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .handle(
                (request, response) ->
                    new ReactorHttpHandlerAdapter(handler.get()).apply(request, response))
            .bindNow();
    appUrl = "http://127.0.0.1:" + server.port();
    httpsAppUrl = "https://127.0.0.1:" + server.port();
  }

  @AfterEach
  void tearDown() {
    server.disposeNow();
    if (client != null) {
      client.close();
    }
    if (emulator != null) {
      emulator.close();
    }
  }

  private void serve(UnaryOperator<SunshineOAuthRoutes.Builder> strategy) {
    serve(strategy, SIGNED_IN_USER);
  }

  private void serve(
      UnaryOperator<SunshineOAuthRoutes.Builder> strategy, FlowAttributes attributes) {
    serve(strategy, attributes, appUrl);
  }

  /**
   * Serves the routes with the redirect URI under {@code base}; over {@link #httpsAppUrl} the
   * browsers keep their cookies as for https but reach the server over plain http, as behind a
   * proxy that ends TLS.
   */
  private void serve(
      UnaryOperator<SunshineOAuthRoutes.Builder> strategy, FlowAttributes attributes, String base) {
    String redirectUri = base + PREFIX + SunshineOAuthRoutes.CALLBACK_PATH;
    if (emulator != null) {
      client.close();
      emulator.close();
    }
    emulator =
        SunshineOAuthEmulator.start(
            Integration.of(RoutesFixture.CLIENT_ID, RoutesFixture.CLIENT_SECRET, redirectUri),
            RoutesFixture.APP);
    client =
        EmulatorClients.clientFor(emulator, RoutesFixture.CLIENT_ID, RoutesFixture.CLIENT_SECRET)
            .build();
    SunshineOAuthRoutes routes =
        strategy
            .apply(
                SunshineOAuthRoutes.builder()
                    .client(client)
                    .redirectUri(redirectUri)
                    .sink(sink)
                    .attributes(attributes))
            .build();
    handler.set(RouterFunctions.toHttpHandler(routes.routerFunction()));
  }

  private static SunshineOAuthRoutes.Builder stateStore(SunshineOAuthRoutes.Builder routes) {
    return routes;
  }

  private static SunshineOAuthRoutes.Builder signedStates(SunshineOAuthRoutes.Builder routes) {
    return routes.signedStates(SignedStateCodec.create(KEY), InMemoryReplayGuard.create());
  }

  @Test
  void
      callbackWhenVictimCarriesPlantedNonceToAttackersConsentUrlWithStoreThen403NothingExchanged() {
    serve(PlantedNonceAttackTest::stateStore);
    assertAttackRefused();
  }

  @Test
  void callbackWhenVictimCarriesPlantedNonceToAttackersConsentUrlWithSignedStatesThen403() {
    serve(PlantedNonceAttackTest::signedStates);
    assertAttackRefused();
  }

  @Test
  void callbackWhenEachUserCompletesOwnFlowThenConnectedUnderOwnUser() {
    // The harness works: without the planted cookie, the same browsers connect.
    for (UnaryOperator<SunshineOAuthRoutes.Builder> strategy :
        List.<UnaryOperator<SunshineOAuthRoutes.Builder>>of(
            PlantedNonceAttackTest::stateStore, PlantedNonceAttackTest::signedStates)) {
      serve(strategy);
      assertBobConnectsOwnFlow(appUrl);
    }
    assertThat(sink.saved).hasSize(2);
  }

  @Test
  void callbackWhenSameUserCheckGivenUpThenPlantedNonceStoresVictimsAppUnderAttacker() {
    // What the default prevents: the victim's app ends up linked to the attacker's user.
    serve(
        PlantedNonceAttackTest::stateStore,
        FlowAttributes.completableByAnyUser(SIGNED_IN_USER::atStart));
    Browser alice = new Browser("alice");
    String consentUrl = BlockingHttp.location(alice.get(appUrl + PREFIX + "/start"));
    Browser bob = new Browser("bob");
    bob.plant(alice.cookie(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME));

    assertThat(bob.follow(consentUrl).statusCode()).isEqualTo(303);
    assertThat(sink.saved)
        .singleElement()
        .extracting(saved -> saved.attributes().get("user"))
        .isEqualTo("alice");
  }

  @Test
  void callbackWhenHttpsAndSiblingPlantsPlainNamedNonceThenIgnored400NothingExchanged() {
    // The same-user check given up: the __Host- cookie alone must stop the planted nonce.
    for (UnaryOperator<SunshineOAuthRoutes.Builder> strategy :
        List.<UnaryOperator<SunshineOAuthRoutes.Builder>>of(
            PlantedNonceAttackTest::stateStore, PlantedNonceAttackTest::signedStates)) {
      serve(strategy, FlowAttributes.completableByAnyUser(SIGNED_IN_USER::atStart), httpsAppUrl);
      Browser alice = new Browser("alice");
      String consentUrl = BlockingHttp.location(alice.get(httpsAppUrl + PREFIX + "/start"));
      HttpCookie nonce = alice.cookie("__Host-" + SunshineOAuthRoutes.DEFAULT_COOKIE_NAME);
      assertThat(nonce.getSecure()).isTrue();
      assertThat(nonce.getPath()).isEqualTo("/");

      // A sibling host can set only a cookie without the prefix, as a parent-domain cookie.
      Browser bob = new Browser("bob");
      bob.plant(new HttpCookie(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME, nonce.getValue()));
      HttpResponse<String> callback = bob.follow(consentUrl);

      assertThat(callback.statusCode()).isEqualTo(400);
      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
      assertThat(sink.saved).isEmpty();
    }
  }

  @Test
  void callbackWhenHttpsAndOwnFlowThenConnectedThroughTheHostCookie() {
    serve(PlantedNonceAttackTest::stateStore, SIGNED_IN_USER, httpsAppUrl);
    assertBobConnectsOwnFlow(httpsAppUrl);
    assertThat(sink.saved).hasSize(1);
  }

  /** Bob starts and completes his own flow at {@code url}: connected, saved under his user. */
  private void assertBobConnectsOwnFlow(String url) {
    Browser bob = new Browser("bob");

    HttpResponse<String> done = bob.follow(BlockingHttp.location(bob.get(url + PREFIX + "/start")));

    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(sink.saved)
        .last()
        .extracting(saved -> saved.attributes().get("user"))
        .isEqualTo("bob");
  }

  private void assertAttackRefused() {
    Browser alice = new Browser("alice");
    HttpResponse<String> started = alice.get(appUrl + PREFIX + "/start");
    assertThat(started.statusCode()).isEqualTo(302);
    String consentUrl = BlockingHttp.location(started);
    HttpCookie planted = alice.cookie(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME);

    Browser bob = new Browser("bob");
    bob.plant(planted);
    HttpResponse<String> callback = bob.follow(consentUrl);

    assertThat(callback.uri().getPath()).isEqualTo(PREFIX + SunshineOAuthRoutes.CALLBACK_PATH);
    assertThat(callback.statusCode()).isEqualTo(403);
    assertThat(callback.body()).contains("This authorization belongs to another session");
    assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
    assertThat(sink.saved).isEmpty();
  }

  /**
   * A browser with its own cookie jar, signed in to the application as {@code user}; it follows
   * redirects through the emulator and stops at the application's first answer.
   */
  private final class Browser {
    private final CookieManager jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    Browser(String user) {
      HttpCookie session = new HttpCookie(SESSION_COOKIE, user);
      session.setPath("/");
      session.setVersion(0);
      jar.getCookieStore().add(URI.create(appUrl), session);
    }

    /** Puts a cookie in this browser's jar for the application, as a sibling host could. */
    void plant(HttpCookie cookie) {
      HttpCookie copy = new HttpCookie(cookie.getName(), cookie.getValue());
      copy.setPath(cookie.getPath() == null ? "/" : cookie.getPath());
      copy.setVersion(0);
      jar.getCookieStore().add(URI.create(appUrl), copy);
    }

    HttpCookie cookie(String name) {
      return jar.getCookieStore().getCookies().stream()
          .filter(cookie -> cookie.getName().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no cookie " + name));
    }

    /** GETs {@code url}; an https URL of the application goes over http, cookies as for https. */
    HttpResponse<String> get(String url) {
      URI uri = URI.create(url);
      URI wire =
          url.startsWith(httpsAppUrl)
              ? URI.create(appUrl + url.substring(httpsAppUrl.length()))
              : uri;
      HttpRequest.Builder request = HttpRequest.newBuilder(wire).GET();
      try {
        jar.get(uri, Map.of())
            .forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        HttpResponse<String> response = BlockingHttp.send(request, BlockingHttp.DEFAULT_TIMEOUT);
        jar.put(uri, response.headers().map());
        return response;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Follows redirects from {@code url} until the application answers. */
    HttpResponse<String> follow(String url) {
      String next = url;
      for (int hops = 0; hops < 10; hops++) {
        HttpResponse<String> response = get(next);
        boolean fromApp = response.uri().toString().startsWith(appUrl);
        if (fromApp || response.statusCode() / 100 != 3) {
          return response;
        }
        next = response.uri().resolve(BlockingHttp.location(response)).toString();
      }
      throw new AssertionError("more than 10 redirects from " + url);
    }
  }
}
