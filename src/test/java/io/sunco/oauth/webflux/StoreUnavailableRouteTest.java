package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RoutesFixture.assertCleared;
import static io.sunco.oauth.webflux.RoutesFixture.assertSafePage;
import static io.sunco.oauth.webflux.RoutesFixture.body;
import static io.sunco.oauth.webflux.RoutesFixture.callbackAnswer;
import static io.sunco.oauth.webflux.RoutesFixture.callbackTarget;
import static io.sunco.oauth.webflux.RoutesFixture.consent;
import static io.sunco.oauth.webflux.RoutesFixture.start;
import static io.sunco.oauth.webflux.RoutesFixture.startAnswer;
import static io.sunco.oauth.webflux.RoutesFixture.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.callback.ReplayGuard;
import io.sunco.oauth.callback.SignedStateCodec;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * A shared state store or replay guard that cannot answer ({@link StoreUnavailableException}) is a
 * {@code 503} page on the start and on the callback route, and no code is exchanged. The Redis
 * implementations are tested the same way against a real redis-server in {@code
 * io.sunco.oauth.redis}.
 */
class StoreUnavailableRouteTest {

  private static final String TITLE = "The authorization is unavailable right now";

  @AutoClose private final RoutesFixture fixture = new RoutesFixture();

  private static StoreUnavailableException down(Operation operation) {
    return StoreUnavailableException.timedOut(operation, Duration.ofSeconds(2));
  }

  @Test
  void startWhenStoreUnavailableThen503PageWithoutCookieOrRedirect() {
    RoutesFixture.FlakyStore store = new RoutesFixture.FlakyStore();
    store.up = false;
    WebTestClient web = web(fixture.routes().stateStore(store).build());

    EntityExchangeResult<byte[]> result = startAnswer(web, 503);

    assertSafePage(result);
    assertThat(body(result)).contains(TITLE).contains("href=\"/oauth/sunshine/start\"");
    assertThat(result.getResponseCookies()).isEmpty();
    assertThat(result.getResponseHeaders().getLocation()).isNull();
  }

  @Test
  void callbackWhenStoreUnavailableThen503PageCookieClearedAndNoCodeExchanged() {
    RoutesFixture.FlakyStore store = new RoutesFixture.FlakyStore();
    WebTestClient web = web(fixture.routes().stateStore(store).build());
    RoutesFixture.Started started = start(web);
    String target = callbackTarget(consent(started.consent()));
    store.up = false;

    EntityExchangeResult<byte[]> result =
        callbackAnswer(web, target, started.cookie().getValue(), 503);

    assertSafePage(result, started.state());
    assertThat(body(result)).contains(TITLE);
    assertCleared(result);
    assertThat(fixture.emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
    assertThat(fixture.sink.saved).isEmpty();
  }

  @Test
  void callbackWhenReplayGuardUnavailableThen503AndNoCodeExchanged() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    ReplayGuard down = (replayKey, expiresAt) -> Mono.error(down(Operation.MARK_USED));
    WebTestClient web =
        web(fixture.routes().signedStates(SignedStateCodec.create(key), down).build());
    RoutesFixture.Started started = start(web);
    String target = callbackTarget(consent(started.consent()));

    EntityExchangeResult<byte[]> result =
        callbackAnswer(web, target, started.cookie().getValue(), 503);

    assertThat(body(result)).contains(TITLE);
    assertThat(fixture.emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
    assertThat(fixture.sink.saved).isEmpty();
  }
}
