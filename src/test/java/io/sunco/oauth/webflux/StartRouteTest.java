package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RoutesFixture.CLIENT_ID;
import static io.sunco.oauth.webflux.RoutesFixture.REDIRECT_URI;
import static io.sunco.oauth.webflux.RoutesFixture.START;
import static io.sunco.oauth.webflux.RoutesFixture.assertSafePage;
import static io.sunco.oauth.webflux.RoutesFixture.query;
import static io.sunco.oauth.webflux.RoutesFixture.start;
import static io.sunco.oauth.webflux.RoutesFixture.startAnswer;
import static io.sunco.oauth.webflux.RoutesFixture.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class StartRouteTest {

  @AutoClose private final RoutesFixture fixture = new RoutesFixture();

  @Test
  void startWhenHttpRequestThenFoundToEmulatorAuthorizeUrlWithState() {
    RoutesFixture.Started started = start(web(fixture.routes().build()));

    URI consent = started.consent();
    assertThat(consent.toString())
        .startsWith(fixture.emulator.baseUrl() + SunshineOAuthEmulator.AUTHORIZE_PATH + "?");
    assertThat(query(consent, "client_id")).isEqualTo(CLIENT_ID);
    assertThat(query(consent, "response_type")).isEqualTo("code");
    assertThat(query(consent, "redirect_uri")).isEqualTo(REDIRECT_URI);
    assertThat(started.state()).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void startWhenHttpRequestThenHttpOnlyLaxPathScopedCookieWithoutSecure() {
    ResponseCookie cookie = start(web(fixture.routes().build())).cookie();

    assertThat(cookie.getName()).isEqualTo("sunco_oauth_nonce");
    assertThat(cookie.getValue()).matches("[A-Za-z0-9_-]{43}");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.isSecure()).isFalse();
    assertThat(cookie.getSameSite()).isEqualTo("Lax");
    assertThat(cookie.getPath()).isEqualTo("/oauth/sunshine");
    assertThat(cookie.getDomain()).isNull();
    assertThat(cookie.getMaxAge()).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void startWhenHttpsRequestThenSecureCookie() {
    WebTestClient web = web(fixture.routes().build());

    EntityExchangeResult<byte[]> result =
        web.get()
            .uri(URI.create("https://127.0.0.1:8443" + START))
            .exchange()
            .expectStatus()
            .isFound()
            .expectBody()
            .returnResult();

    ResponseCookie cookie = result.getResponseCookies().getFirst("sunco_oauth_nonce");
    assertThat(cookie.isSecure()).isTrue();
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Lax");
    assertThat(result.getResponseHeaders().getFirst("Set-Cookie"))
        .contains("; Secure")
        .contains("; HttpOnly")
        .contains("; SameSite=Lax")
        .contains("; Path=/oauth/sunshine");
  }

  @Test
  void startWhenRedirectUriIsHttpsThenHostPrefixedSecureCookieEvenBehindTlsTerminatingProxy() {
    SunshineOAuthRoutes routes =
        fixture.routes().redirectUri("https://bot.example.com/app/oauth/sunshine/callback").build();

    // Path=/ is shared by every route set of the host: the name carries the routes' path.
    String name = "__Host-sunco_oauth_nonce_app.oauth.sunshine";
    ResponseCookie cookie = start(web(routes), name).cookie();

    // What a browser requires of a __Host- cookie: Secure, Path=/, no Domain.
    assertThat(cookie.isSecure()).isTrue();
    assertThat(cookie.getPath()).isEqualTo("/");
    assertThat(cookie.getDomain()).isNull();
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(routes.cookieName()).isEqualTo(name);
  }

  @Test
  void startWhenCustomPrefixAndCookieThenRoutesAndCookieFollow() {
    SunshineOAuthRoutes routes =
        fixture
            .routes()
            .prefix("/connect")
            .redirectUri("http://127.0.0.1:8080/connect/callback")
            .cookieName("connect_nonce")
            .cookieMaxAge(Duration.ofMinutes(3))
            .build();
    WebTestClient web = web(routes);

    EntityExchangeResult<byte[]> result =
        web.get()
            .uri("/connect/start")
            .exchange()
            .expectStatus()
            .isFound()
            .expectBody()
            .returnResult();

    ResponseCookie cookie = result.getResponseCookies().getFirst("connect_nonce");
    assertThat(cookie.getPath()).isEqualTo("/connect");
    assertThat(cookie.getMaxAge()).isEqualTo(Duration.ofMinutes(3));
    web.get().uri(START).exchange().expectStatus().isNotFound();
  }

  @Test
  void startWhenCalledTwiceThenFreshStateAndNonceEachTime() {
    WebTestClient web = web(fixture.routes().build());

    RoutesFixture.Started first = start(web);
    RoutesFixture.Started second = start(web);

    assertThat(second.state()).isNotEqualTo(first.state());
    assertThat(second.cookie().getValue()).isNotEqualTo(first.cookie().getValue());
    assertThat(first.state()).isNotEqualTo(first.cookie().getValue());
  }

  @Test
  void startWhenDoneThenStateSavedBoundToCookieNonceWithRedirectUri() {
    InMemoryPendingAuthorizationStore store = InMemoryPendingAuthorizationStore.create();
    RoutesFixture.Started started = start(web(fixture.routes().stateStore(store).build()));

    StepVerifier.create(store.consume(started.state()))
        .assertNext(
            data -> {
              assertThat(data.browserBinding()).isEqualTo(started.cookie().getValue());
              assertThat(data.redirectUri()).contains(URI.create(REDIRECT_URI));
            })
        .verifyComplete();
  }

  @Test
  void startWhenAnsweredThenNoStoreAndNoReferrer() {
    WebTestClient web = web(fixture.routes().build());

    web.get()
        .uri(START)
        .exchange()
        .expectStatus()
        .isFound()
        .expectHeader()
        .valueEquals("Cache-Control", "no-store")
        .expectHeader()
        .valueEquals("Referrer-Policy", "no-referrer");
  }

  /** A store's save that errors in its {@code Mono}, or throws at call time. */
  static Stream<Arguments> failingSaves() {
    Function<String, Mono<Void>> errors =
        state -> Mono.error(new IllegalStateException("store down: " + state));
    Function<String, Mono<Void>> throwing =
        state -> {
          throw new IllegalArgumentException("store down: " + state);
        };
    return Stream.of(Arguments.of("errors", errors), Arguments.of("throws", throwing));
  }

  @ParameterizedTest(name = "save {0}")
  @MethodSource("failingSaves")
  void startWhenStoreFailsThen500PageWithoutCookie(String how, Function<String, Mono<Void>> save) {
    PendingAuthorizationStore broken =
        new PendingAuthorizationStore() {
          @Override
          public Mono<Void> save(String state, PendingAuthorization data) {
            return save.apply(state);
          }

          @Override
          public Mono<PendingAuthorization> consume(String state) {
            return Mono.empty();
          }
        };
    WebTestClient web = web(fixture.routes().stateStore(broken).build());

    EntityExchangeResult<byte[]> result = startAnswer(web, 500);

    assertSafePage(result, "store down");
    assertThat(result.getResponseCookies()).isEmpty();
    assertThat(result.getResponseHeaders().getLocation()).isNull();
  }
}
