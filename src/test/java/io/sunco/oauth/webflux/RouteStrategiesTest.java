package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RoutesFixture.callback;
import static io.sunco.oauth.webflux.RoutesFixture.callbackTarget;
import static io.sunco.oauth.webflux.RoutesFixture.consent;
import static io.sunco.oauth.webflux.RoutesFixture.start;
import static io.sunco.oauth.webflux.RoutesFixture.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.InMemoryReplayGuard;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.SignedStateCodec;
import io.sunco.oauth.callback.StateGenerator;
import io.sunco.oauth.emulator.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * The routes' two state strategies (a store, or signed states with a replay guard), the
 * application's flow attributes in each, and the clock that stamps saved states.
 */
class RouteStrategiesTest {

  private static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < KEY.length; i++) {
      KEY[i] = (byte) (i * 37 + 5);
    }
  }

  @AutoClose private final RoutesFixture fixture = new RoutesFixture();

  /**
   * Attributes from the request's {@code X-User} header; the default {@link
   * FlowAttributes#stillMatches} lets only the same user complete the flow.
   */
  static final FlowAttributes BY_USER_HEADER =
      request ->
          Mono.justOrEmpty(request.headers().firstHeader("X-User"))
              .map(user -> Map.of("user", user));

  /** Starts a flow as {@code user} and plays the browser up to the callback. */
  static String[] startAs(WebTestClient web, String user) {
    var result =
        web.get()
            .uri(RoutesFixture.START)
            .header("X-User", user)
            .exchange()
            .expectStatus()
            .isFound()
            .expectBody()
            .returnResult();
    String cookie =
        result.getResponseCookies().getFirst(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME).getValue();
    return new String[] {
      callbackTarget(consent(result.getResponseHeaders().getLocation())), cookie
    };
  }

  static WebTestClient.ResponseSpec callbackAs(WebTestClient web, String[] flow, String user) {
    return web.get()
        .uri(RoutesFixture.APP_URL + flow[0])
        .cookie(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME, flow[1])
        .header("X-User", user)
        .exchange();
  }

  private List<String> tokenRequests() throws InterruptedException {
    List<String> seen = new ArrayList<>();
    for (Optional<RecordedRequest> r = fixture.emulator.takeRequest(Duration.ofMillis(300));
        r.isPresent();
        r = fixture.emulator.takeRequest(Duration.ofMillis(300))) {
      if (r.get().pathWithoutQuery().equals("/oauth/token")) {
        seen.add(r.get().method());
      }
    }
    return seen;
  }

  @Nested
  class WithAStateStore {

    @Test
    void callbackWhenAttributesAttachedAtStartThenSinkGetsThem() {
      WebTestClient web = web(fixture.routes().attributes(BY_USER_HEADER).build());

      callbackAs(web, startAs(web, "alice"), "alice").expectStatus().isSeeOther();

      fixture.sink.assertSavedOnce(Map.of("user", "alice"));
    }

    @Test
    void callbackWhenOtherSessionThen403AndCodeNeverExchanged() throws Exception {
      WebTestClient web = web(fixture.routes().attributes(BY_USER_HEADER).build());
      String[] flow = startAs(web, "alice");

      callbackAs(web, flow, "mallory").expectStatus().isForbidden();

      assertThat(fixture.sink.saved).isEmpty();
      assertThat(tokenRequests()).isEmpty();
      // The state was burned: the rightful user cannot reuse this link either.
      callbackAs(web, flow, "alice").expectStatus().isBadRequest();
    }

    @Test
    void callbackWhenStillMatchesErrorsThen500AndCodeNeverExchanged() throws Exception {
      FlowAttributes broken =
          new FlowAttributes() {
            @Override
            public Mono<Map<String, String>> atStart(ServerRequest request) {
              return Mono.just(Map.of("user", "alice"));
            }

            @Override
            public Mono<Boolean> stillMatches(ServerRequest r, Map<String, String> a) {
              return Mono.error(new IllegalStateException("session store down"));
            }
          };
      WebTestClient web = web(fixture.routes().attributes(broken).build());

      callbackAs(web, startAs(web, "alice"), "alice").expectStatus().isEqualTo(500);

      assertThat(tokenRequests()).isEmpty();
    }

    @Test
    void startWhenAttributesFailOrTooManyThen500() {
      FlowAttributes failing = request -> Mono.error(new IllegalStateException("no session"));
      web(fixture.routes().attributes(failing).build())
          .get()
          .uri(RoutesFixture.START)
          .exchange()
          .expectStatus()
          .isEqualTo(500);
      Map<String, String> many = new java.util.HashMap<>();
      for (int i = 0; i <= FlowAttributes.MAX_ATTRIBUTES; i++) {
        many.put("k" + i, "v");
      }
      web(fixture.routes().attributes(request -> Mono.just(many)).build())
          .get()
          .uri(RoutesFixture.START)
          .exchange()
          .expectStatus()
          .isEqualTo(500);
    }

    @Test
    void startWhenClockSetThenSavedStateStampedWithIt() {
      Instant fixed = Instant.parse("2026-01-02T03:04:05Z");
      List<PendingAuthorization> saved = new ArrayList<>();
      InMemoryPendingAuthorizationStore store = InMemoryPendingAuthorizationStore.create();
      var recording =
          new io.sunco.oauth.callback.PendingAuthorizationStore() {
            @Override
            public Mono<Void> save(String state, PendingAuthorization data) {
              saved.add(data);
              return store.save(state, data);
            }

            @Override
            public Mono<PendingAuthorization> consume(String state) {
              return store.consume(state);
            }
          };
      WebTestClient web =
          web(
              fixture
                  .routes()
                  .stateStore(recording)
                  .clock(Clock.fixed(fixed, ZoneOffset.UTC))
                  .build());

      start(web);

      assertThat(saved)
          .singleElement()
          .satisfies(data -> assertThat(data.createdAt()).isEqualTo(fixed));
    }
  }

  @Nested
  class WithSignedStates {

    private SunshineOAuthRoutes.Builder signed() {
      return fixture
          .routes()
          .signedStates(SignedStateCodec.create(KEY), InMemoryReplayGuard.create());
    }

    @Test
    void callbackWhenSignedStateThenConnectedAndReplayRefused() {
      SunshineOAuthRoutes routes = signed().build();
      WebTestClient web = web(routes);
      RoutesFixture.Started started = start(web);
      String target = callbackTarget(consent(started.consent()));

      callback(web, target, started.cookie().getValue()).expectStatus().isSeeOther();
      callback(web, target, started.cookie().getValue()).expectStatus().isBadRequest();

      assertThat(fixture.sink.saved).hasSize(1);
      assertThat(routes.stateStore()).isEmpty();
      assertThat(started.state()).hasSize(99);
    }

    @Test
    void callbackWhenSignedStateWithAttributesThenSinkGetsThemAndOtherSessionRefused() {
      WebTestClient web = web(signed().attributes(BY_USER_HEADER).build());

      callbackAs(web, startAs(web, "alice"), "alice").expectStatus().isSeeOther();
      callbackAs(web, startAs(web, "bob"), "mallory").expectStatus().isForbidden();

      fixture.sink.assertSavedOnce(Map.of("user", "alice"));
    }

    @Test
    void callbackWhenSealedAttributesAlteredThen400AndNoExchange() throws Exception {
      WebTestClient web = web(signed().attributes(BY_USER_HEADER).build());
      String[] flow = startAs(web, "alice");
      String nonce = flow[1].substring(0, flow[1].indexOf('.'));
      // Another flow's sealed attributes, for user mallory, under the same key but another nonce.
      String[] other = startAs(web, "mallory");
      String forged = nonce + other[1].substring(other[1].indexOf('.'));

      callbackAs(web, new String[] {flow[0], forged}, "mallory").expectStatus().isBadRequest();

      assertThat(fixture.sink.saved).isEmpty();
      assertThat(tokenRequests()).isEmpty();
    }

    @Test
    void buildWhenSignedStatesAndStateStoreThenRefused() {
      assertThatThrownBy(
              () -> signed().stateStore(InMemoryPendingAuthorizationStore.create()).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("choose one");
      assertThatThrownBy(() -> signed().stateGenerator(StateGenerator.create()).build())
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> fixture.routes().signedStates(null, InMemoryReplayGuard.create()))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> fixture.routes().attributes(null))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> fixture.routes().clock(null))
          .isInstanceOf(NullPointerException.class);
    }
  }
}
