package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RoutesFixture.APP;
import static io.sunco.oauth.webflux.RoutesFixture.CALLBACK;
import static io.sunco.oauth.webflux.RoutesFixture.assertCleared;
import static io.sunco.oauth.webflux.RoutesFixture.assertSafePage;
import static io.sunco.oauth.webflux.RoutesFixture.callback;
import static io.sunco.oauth.webflux.RoutesFixture.callbackAnswer;
import static io.sunco.oauth.webflux.RoutesFixture.callbackTarget;
import static io.sunco.oauth.webflux.RoutesFixture.consent;
import static io.sunco.oauth.webflux.RoutesFixture.query;
import static io.sunco.oauth.webflux.RoutesFixture.start;
import static io.sunco.oauth.webflux.RoutesFixture.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/** The callback route against the emulator: the happy path, and every way the browser can fail. */
class CallbackRouteTest {

  @AutoClose private final RoutesFixture fixture = new RoutesFixture();
  private final WebTestClient web = web(fixture.routes().build());

  @Test
  void
      callbackWhenEmulatorRedirectFollowedWithCookieThenSinkGetsWorkingTokenAndSeeOtherToSuccess() {
    RoutesFixture.Started started = start(web);
    URI redirect = consent(started.consent());
    String code = query(redirect, "code");

    EntityExchangeResult<byte[]> result =
        callback(web, callbackTarget(redirect), started.cookie().getValue())
            .expectStatus()
            .isSeeOther()
            .expectHeader()
            .location("/connected")
            .expectHeader()
            .valueEquals("Cache-Control", "no-store")
            .expectHeader()
            .valueEquals("Referrer-Policy", "no-referrer")
            .expectBody()
            .returnResult();

    assertCleared(result);
    assertThat(result.getResponseBodyContent()).isNullOrEmpty();
    assertThat(fixture.sink.saved).hasSize(1);
    RoutesFixture.RecordingSink.Saved saved = fixture.sink.saved.get(0);
    assertThat(saved.info().appId()).isEqualTo(APP.id());
    assertThat(saved.info().subdomain()).contains("acme");
    StepVerifier.create(fixture.client.getTokenInfo(saved.token()))
        .assertNext(info -> assertThat(info.appId()).isEqualTo(APP.id()))
        .verifyComplete();
    assertThat(result.getResponseHeaders().toString())
        .doesNotContain(code)
        .doesNotContain(saved.token().value());
  }

  @Test
  void callbackWhenReplayedThen400AndSinkCalledOnce() {
    RoutesFixture.Started started = start(web);
    String target = callbackTarget(consent(started.consent()));
    callback(web, target, started.cookie().getValue()).expectStatus().isSeeOther();

    EntityExchangeResult<byte[]> replay =
        callbackAnswer(web, target, started.cookie().getValue(), 400);

    assertSafePage(replay, query(URI.create(target), "code"), started.state());
    assertThat(body(replay)).contains("not valid").contains("href=\"/oauth/sunshine/start\"");
    assertCleared(replay);
    assertThat(fixture.sink.saved).hasSize(1);
  }

  @Test
  void callbackWhenCookieOfAnotherBrowserThen400AndNoTokenExchange() {
    RoutesFixture.Started victim = start(web);
    RoutesFixture.Started attacker = start(web);
    String target = callbackTarget(consent(victim.consent()));

    EntityExchangeResult<byte[]> result =
        callbackAnswer(web, target, attacker.cookie().getValue(), 400);

    assertSafePage(result, query(URI.create(target), "code"), attacker.cookie().getValue());
    assertCleared(result);
    assertThat(fixture.sink.saved).isEmpty();
  }

  @Test
  void callbackWhenNoCookieThen400() {
    RoutesFixture.Started started = start(web);
    String target = callbackTarget(consent(started.consent()));

    EntityExchangeResult<byte[]> result = callbackAnswer(web, target, null, 400);

    assertSafePage(result, query(URI.create(target), "code"));
    assertThat(fixture.sink.saved).isEmpty();
  }

  /**
   * Callbacks the state check refuses: no state, one not issued here, a duplicated code, no query,
   * and a denial whose state is forged (a 400, not the denial's answer). {@code STATE} stands for
   * the flow's own state.
   */
  @ParameterizedTest(name = "query [{0}]")
  @ValueSource(
      strings = {
        "?code=abc123",
        "?code=abc123&state=not-issued-here",
        "?code=a&code=b&state=STATE",
        "",
        "?error=access_denied&state=forged"
      })
  void callbackWhenStateOrQueryRefusedThen400PageAndCookieCleared(String query) {
    RoutesFixture.Started started = start(web);

    EntityExchangeResult<byte[]> result =
        callbackAnswer(
            web,
            CALLBACK + query.replace("STATE", started.state()),
            started.cookie().getValue(),
            400);

    assertSafePage(result, "abc123", started.state());
    assertCleared(result);
    assertThat(fixture.sink.saved).isEmpty();
  }

  @Test
  void callbackWhenStateExpiredThen400() {
    MutableClock clock = MutableClock.atEpochDay();
    InMemoryPendingAuthorizationStore store =
        InMemoryPendingAuthorizationStore.builder().clock(clock).ttl(Duration.ofMinutes(1)).build();
    WebTestClient expiring = web(fixture.routes().stateStore(store).build());
    RoutesFixture.Started started = start(expiring);
    String target = callbackTarget(consent(started.consent()));

    clock.advance(Duration.ofMinutes(2));

    EntityExchangeResult<byte[]> result =
        callbackAnswer(expiring, target, started.cookie().getValue(), 400);
    assertSafePage(result, query(URI.create(target), "code"));
    assertThat(fixture.sink.saved).isEmpty();
  }

  /** Any {@code error} redirect with the flow's state is a denial: the value is undocumented. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"error=access_denied", "error=server_error&error_description=%3Cscript%3E"})
  void callbackWhenErrorRedirectThen403DenialPageAndCookieCleared(String error) {
    RoutesFixture.Started started = start(web);

    EntityExchangeResult<byte[]> result =
        callbackAnswer(
            web,
            CALLBACK + "?" + error + "&state=" + started.state(),
            started.cookie().getValue(),
            403);

    assertSafePage(result, started.state(), "<script>", "server_error");
    assertThat(body(result)).contains("<h1 id=\"title\">Access was denied</h1>");
    assertCleared(result);
    assertThat(fixture.sink.saved).isEmpty();
  }

  @Test
  void callbackWhenDeniedAndDenialUrlSetThenSeeOtherToIt() {
    WebTestClient denying = web(fixture.routes().denialUrl("/denied").build());
    RoutesFixture.Started started = start(denying);

    EntityExchangeResult<byte[]> result =
        callbackAnswer(
            denying,
            CALLBACK + "?error=access_denied&state=" + started.state(),
            started.cookie().getValue(),
            303);

    assertThat(result.getResponseHeaders().getLocation()).hasToString("/denied");
    assertCleared(result);
  }

  @Test
  void callbackWhenCodeHoldsControlCharacterThen400WithoutCallingTokenEndpoint() throws Exception {
    RoutesFixture.Started started = start(web);
    int before = fixture.emulator.requestCount();

    callback(web, CALLBACK + "?code=%01abc&state=" + started.state(), started.cookie().getValue())
        .expectStatus()
        .isBadRequest();

    assertThat(fixture.emulator.requestCount()).isEqualTo(before);
  }

  @Test
  void callbackWhenSuccessThenTokenNeverInAnyAnswerOfTheFlow() {
    RoutesFixture.Started started = start(web);
    String target = callbackTarget(consent(started.consent()));
    EntityExchangeResult<byte[]> first =
        callback(web, target, started.cookie().getValue()).expectBody().returnResult();
    EntityExchangeResult<byte[]> second =
        callback(web, target, started.cookie().getValue()).expectBody().returnResult();

    AccessToken token = fixture.sink.saved.get(0).token();
    for (EntityExchangeResult<byte[]> result : List.of(first, second)) {
      assertThat(body(result))
          .doesNotContain(token.value())
          .doesNotContain(query(URI.create(target), "code"));
      assertThat(result.getResponseHeaders().toString()).doesNotContain(token.value());
    }
  }

  private static String body(EntityExchangeResult<byte[]> result) {
    byte[] content = result.getResponseBodyContent();
    return content == null ? "" : new String(content, StandardCharsets.UTF_8);
  }
}
