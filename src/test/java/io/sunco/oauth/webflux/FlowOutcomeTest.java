package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RoutesFixture.CALLBACK;
import static io.sunco.oauth.webflux.RoutesFixture.CLIENT_SECRET;
import static io.sunco.oauth.webflux.RoutesFixture.assertOneFlowLine;
import static io.sunco.oauth.webflux.RoutesFixture.callback;
import static io.sunco.oauth.webflux.RoutesFixture.callbackTarget;
import static io.sunco.oauth.webflux.RoutesFixture.consent;
import static io.sunco.oauth.webflux.RoutesFixture.flowLines;
import static io.sunco.oauth.webflux.RoutesFixture.query;
import static io.sunco.oauth.webflux.RoutesFixture.start;
import static io.sunco.oauth.webflux.RoutesFixture.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.LogLines;
import io.sunco.oauth.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Each outcome of a callback, driven through the routes: its one log line (level, outcome, reason
 * code, route, status, never the code, state, nonce, token or secret) and its meter (the {@value
 * SunshineOAuthRoutes#OBSERVATION_NAME} observation as a timer under Micrometer's meter handler).
 */
class FlowOutcomeTest {

  @AutoClose private final RoutesFixture fixture = new RoutesFixture();
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final ObservationRegistry observations = RoutesFixture.timedInto(meters);
  private final List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET));

  private SunshineOAuthRoutes.Builder routes() {
    return fixture.routes().observationRegistry(observations);
  }

  /** Starts a flow, consents at the emulator: the callback target and the browser's nonce. */
  private String[] consented(WebTestClient web) {
    RoutesFixture.Started started = start(web);
    String target = callbackTarget(consent(started.consent()));
    URI uri = URI.create(RoutesFixture.APP_URL + target);
    secrets.add(query(uri, "code"));
    secrets.add(query(uri, "state"));
    secrets.add(started.cookie().getValue());
    return new String[] {target, started.cookie().getValue()};
  }

  private void assertOneLine(List<LogLines.Line> lines, Level level, String... parts) {
    LogLines.Line line = assertOneFlowLine(lines, level, parts);
    assertThat(line.text()).contains("route=" + CALLBACK);
    for (String secret : secrets) {
      assertThat(line.text()).doesNotContain(secret);
    }
    assertThat(line.text()).doesNotContain("eyJ", "?code", "state=");
  }

  private void assertCounted(FlowOutcome outcome) {
    Timer timer =
        meters
            .find(SunshineOAuthRoutes.OBSERVATION_NAME)
            .tag(SunshineOAuthRoutes.OUTCOME_KEY, outcome.tag())
            .timer();
    assertThat(timer).as("timer of %s", outcome.tag()).isNotNull();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(
            meters.find(SunshineOAuthRoutes.OBSERVATION_NAME).timers().stream()
                .mapToLong(Timer::count)
                .sum())
        .as("one observation per callback")
        .isEqualTo(1);
  }

  @Test
  void callbackWhenConnectedThenNoLineAndConnectedCounted() {
    WebTestClient web = web(routes().build());
    String[] flow = consented(web);

    List<LogLines.Line> lines =
        flowLines(() -> callback(web, flow[0], flow[1]).expectStatus().isSeeOther());

    assertThat(lines).isEmpty();
    assertCounted(FlowOutcome.CONNECTED);
  }

  @Test
  void callbackWhenDeniedThenInfoLineWithReasonAndDeniedCounted() {
    WebTestClient web = web(routes().build());
    RoutesFixture.Started started = start(web);
    secrets.add(started.cookie().getValue());
    secrets.add(started.state());

    List<LogLines.Line> lines =
        flowLines(
            () ->
                callback(
                        web,
                        CALLBACK + "?error=access_denied&state=" + started.state(),
                        started.cookie().getValue())
                    .expectStatus()
                    .isForbidden());

    assertOneLine(
        lines, Level.INFO, "flow refused", "outcome=denied", "reason=ACCESS_DENIED", "status=403");
    assertCounted(FlowOutcome.DENIED);
  }

  @Test
  void callbackWhenReplayedThenInfoLineAndReplayedStateCounted() {
    WebTestClient web = web(routes().build());
    String[] flow = consented(web);
    callback(web, flow[0], flow[1]).expectStatus().isSeeOther();
    meters.clear();

    List<LogLines.Line> lines =
        flowLines(() -> callback(web, flow[0], flow[1]).expectStatus().isBadRequest());

    assertOneLine(
        lines, Level.INFO, "outcome=replayed_state", "reason=REPLAYED_STATE", "status=400");
    assertCounted(FlowOutcome.REPLAYED_STATE);
  }

  @Test
  void callbackWhenCookieOfAnotherBrowserThenInfoLineAndForeignStateCounted() {
    WebTestClient web = web(routes().build());
    String[] victim = consented(web);
    String attacker = start(web).cookie().getValue();
    secrets.add(attacker);

    List<LogLines.Line> lines =
        flowLines(() -> callback(web, victim[0], attacker).expectStatus().isBadRequest());

    assertOneLine(lines, Level.INFO, "outcome=foreign_state", "reason=FOREIGN_STATE");
    assertCounted(FlowOutcome.FOREIGN_STATE);
    assertThat(fixture.emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
  }

  @Test
  void callbackWhenStateExpiredThenInfoLineAndExpiredStateCounted() {
    MutableClock clock = MutableClock.atEpochDay();
    InMemoryPendingAuthorizationStore store =
        InMemoryPendingAuthorizationStore.builder().clock(clock).ttl(Duration.ofMinutes(1)).build();
    WebTestClient web = web(routes().stateStore(store).build());
    String[] flow = consented(web);
    clock.advance(Duration.ofMinutes(2));

    List<LogLines.Line> lines =
        flowLines(() -> callback(web, flow[0], flow[1]).expectStatus().isBadRequest());

    assertOneLine(lines, Level.INFO, "outcome=expired_state", "reason=EXPIRED_STATE");
    assertCounted(FlowOutcome.EXPIRED_STATE);
  }

  @Test
  void callbackWhenNoStateThenInfoLineAndMalformedCounted() {
    WebTestClient web = web(routes().build());
    String[] flow = consented(web);

    List<LogLines.Line> lines =
        flowLines(
            () -> callback(web, CALLBACK + "?code=abc", flow[1]).expectStatus().isBadRequest());

    assertOneLine(lines, Level.INFO, "outcome=malformed", "reason=MISSING_STATE");
    assertCounted(FlowOutcome.MALFORMED);
  }

  @Test
  void callbackWhenAnotherUserThenInfoLineAndOtherUserCounted() {
    WebTestClient web =
        web(
            routes()
                .attributes(
                    FlowAttributes.ofUser(
                        "user",
                        request -> Mono.justOrEmpty(request.headers().firstHeader("X-User"))))
                .build());
    RoutesFixture.Started started = start(web.mutate().defaultHeader("X-User", "alice").build());
    String target = callbackTarget(consent(started.consent()));
    secrets.add(started.cookie().getValue());

    List<LogLines.Line> lines =
        flowLines(
            () ->
                web.get()
                    .uri(URI.create(RoutesFixture.APP_URL + target))
                    .header("X-User", "mallory")
                    .cookie(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME, started.cookie().getValue())
                    .exchange()
                    .expectStatus()
                    .isForbidden());

    assertOneLine(lines, Level.INFO, "outcome=other_user", "reason=OTHER_SESSION", "status=403");
    assertCounted(FlowOutcome.OTHER_USER);
    assertThat(fixture.emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
  }

  @Test
  void callbackWhenTokenEndpointFailsThenWarnLineAndUpstreamErrorCounted() {
    WebTestClient web = web(routes().build());
    String[] flow = consented(web);
    fixture.emulator.enqueue(
        ScriptedResponse.status(500).onlyPath(SunshineOAuthEmulator.TOKEN_PATH));

    List<LogLines.Line> lines =
        flowLines(() -> callback(web, flow[0], flow[1]).expectStatus().isEqualTo(502));

    assertOneLine(
        lines,
        Level.WARNING,
        "flow failed",
        "outcome=upstream_error",
        "reason=UPSTREAM",
        "status=502");
    assertCounted(FlowOutcome.UPSTREAM_ERROR);
  }

  @Test
  void callbackWhenStoreUnavailableThenWarnLineAndStoreUnavailableCounted() {
    RoutesFixture.FlakyStore flaky = new RoutesFixture.FlakyStore();
    WebTestClient web = web(routes().stateStore(flaky).build());
    String[] flow = consented(web);
    flaky.up = false;

    List<LogLines.Line> lines =
        flowLines(() -> callback(web, flow[0], flow[1]).expectStatus().isEqualTo(503));

    assertOneLine(
        lines,
        Level.WARNING,
        "outcome=store_unavailable",
        "reason=STORE_UNAVAILABLE",
        "status=503",
        "StoreUnavailableException");
    assertCounted(FlowOutcome.STORE_UNAVAILABLE);
  }

  @Test
  void callbackWhenSinkFailsThenWarnLineWithAppIdAndSinkFailedCounted() {
    fixture.sink.answer = () -> Mono.error(new IllegalStateException("database password=hunter2"));
    secrets.add("hunter2");
    WebTestClient web = web(routes().build());
    String[] flow = consented(web);

    List<LogLines.Line> lines =
        flowLines(() -> callback(web, flow[0], flow[1]).expectStatus().isEqualTo(500));

    secrets.add(fixture.sink.saved.get(0).token().value());
    assertOneLine(
        lines,
        Level.WARNING,
        "outcome=sink_failed",
        "reason=SAVE",
        "status=500",
        "app=" + RoutesFixture.APP.id(),
        "cause=java.lang.IllegalStateException");
    assertCounted(FlowOutcome.SINK_FAILED);
  }

  @Test
  void callbackWhenBrowserGoesAwayWhileSavingThenInfoLineAndCancelledCounted() throws Exception {
    CountDownLatch saving = new CountDownLatch(1);
    fixture.sink.answer =
        () -> {
          saving.countDown();
          return Mono.never();
        };
    SunshineOAuthRoutes routes = routes().build();
    String[] flow = consented(web(routes));
    ServerRequest request =
        ServerRequest.create(
            MockServerWebExchange.from(
                MockServerHttpRequest.get(RoutesFixture.APP_URL + flow[0])
                    .cookie(
                        new org.springframework.http.HttpCookie(
                            SunshineOAuthRoutes.DEFAULT_COOKIE_NAME, flow[1]))),
            ServerCodecConfigurer.create().getReaders());

    List<LogLines.Line> lines =
        flowLines(
            () ->
                StepVerifier.create(routes.callback(request))
                    .then(() -> awaitQuietly(saving))
                    .thenCancel()
                    .verify());

    assertOneLine(
        lines, Level.INFO, "outcome=cancelled", "status=none", "app=" + RoutesFixture.APP.id());
    assertCounted(FlowOutcome.CANCELLED);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(20, TimeUnit.SECONDS)).as("the sink was reached").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void callbackWhenRefusalsRepeatThenAtMostTheLimitPerMinuteAndTheNextLineCountsTheRest() {
    // Near the wrap of a signed long: the window works on differences of nanoTime only.
    long[] nanos = {Long.MAX_VALUE - 1_000};
    WebTestClient web = web(routes().logTicker(() -> nanos[0]).build());
    int repeated = SunshineOAuthRoutes.LOG_LINES_PER_MINUTE + 5;

    List<LogLines.Line> firstMinute =
        flowLines(
            () -> {
              for (int i = 0; i < repeated; i++) {
                callback(web, CALLBACK + "?code=abc", "x").expectStatus().isBadRequest();
              }
            });
    nanos[0] += Duration.ofSeconds(59).toNanos();
    List<LogLines.Line> sameWindow =
        flowLines(() -> callback(web, CALLBACK + "?code=abc", "x").expectStatus().isBadRequest());
    nanos[0] += Duration.ofSeconds(1).toNanos();
    List<LogLines.Line> nextMinute =
        flowLines(() -> callback(web, CALLBACK + "?code=abc", "x").expectStatus().isBadRequest());

    assertThat(firstMinute).hasSize(SunshineOAuthRoutes.LOG_LINES_PER_MINUTE);
    assertThat(sameWindow).isEmpty();
    assertThat(nextMinute)
        .singleElement()
        .extracting(LogLines.Line::text)
        .asString()
        .contains("outcome=malformed", "(6 earlier lines of this outcome were left out");
    // The meters count every callback, logged or not.
    assertThat(
            meters
                .find(SunshineOAuthRoutes.OBSERVATION_NAME)
                .tag(SunshineOAuthRoutes.OUTCOME_KEY, "malformed")
                .timer()
                .count())
        .isEqualTo(repeated + 2L);
  }

  @Test
  void tagWhenEveryOutcomeThenLowerCaseNameAndOnlyOurFailuresWarn() {
    assertThat(FlowOutcome.values())
        .extracting(FlowOutcome::tag)
        .containsExactly(
            "connected",
            "denied",
            "replayed_state",
            "foreign_state",
            "expired_state",
            "malformed",
            "other_user",
            "upstream_error",
            "store_unavailable",
            "sink_failed",
            "internal_error",
            "cancelled",
            "started");
    assertThat(
            java.util.Arrays.stream(FlowOutcome.values())
                .filter(FlowOutcome::isOurFailure)
                .toList())
        .containsExactly(
            FlowOutcome.UPSTREAM_ERROR,
            FlowOutcome.STORE_UNAVAILABLE,
            FlowOutcome.SINK_FAILED,
            FlowOutcome.INTERNAL_ERROR);
  }
}
