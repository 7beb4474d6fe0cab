package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RoutesFixture.CLIENT_SECRET;
import static io.sunco.oauth.webflux.RoutesFixture.assertOneFlowLine;
import static io.sunco.oauth.webflux.RoutesFixture.callback;
import static io.sunco.oauth.webflux.RoutesFixture.callbackTarget;
import static io.sunco.oauth.webflux.RoutesFixture.consent;
import static io.sunco.oauth.webflux.RoutesFixture.flowLines;
import static io.sunco.oauth.webflux.RoutesFixture.start;
import static io.sunco.oauth.webflux.RoutesFixture.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.LogLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpCookie;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * What {@link FlowOutcomeTest} leaves out: the start route's observation and log line, an internal
 * error, the timer's duration, the parent observation and {@code error()} of a failure, and one
 * line and one observation per callback when a cancel and a failure race.
 */
class FlowObservationTest {

  @AutoClose private final RoutesFixture fixture = new RoutesFixture();
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private final ObservationRegistry observations = RoutesFixture.timedInto(meters);

  private static void assertOneWarnLine(List<LogLines.Line> lines, String... parts) {
    assertThat(assertOneFlowLine(lines, Level.WARNING, parts).text()).doesNotContain(CLIENT_SECRET);
  }

  private Timer timer(String name, FlowOutcome outcome) {
    Timer timer = meters.find(name).tag(SunshineOAuthRoutes.OUTCOME_KEY, outcome.tag()).timer();
    assertThat(timer).as("timer %s of %s", name, outcome.tag()).isNotNull();
    return timer;
  }

  @Nested
  class StartRoute {

    @Test
    void startWhenStartedThenStartObservationCountedAndNoLine() {
      WebTestClient web = web(fixture.routes().observationRegistry(observations).build());

      List<LogLines.Line> lines = flowLines(() -> start(web));

      assertThat(lines).isEmpty();
      assertThat(timer(SunshineOAuthRoutes.START_OBSERVATION_NAME, FlowOutcome.STARTED).count())
          .isEqualTo(1);
      assertThat(meters.find(SunshineOAuthRoutes.OBSERVATION_NAME).timers()).isEmpty();
    }

    @Test
    void startWhenStoreUnavailableThen503WarnLineOnStartRouteAndStoreUnavailableCounted() {
      RoutesFixture.FlakyStore down = new RoutesFixture.FlakyStore();
      down.up = false;
      WebTestClient web =
          web(fixture.routes().stateStore(down).observationRegistry(observations).build());

      List<LogLines.Line> lines =
          flowLines(
              () -> web.get().uri(RoutesFixture.START).exchange().expectStatus().isEqualTo(503));

      assertOneWarnLine(
          lines,
          "outcome=store_unavailable",
          "route=" + RoutesFixture.START,
          "status=503",
          "cause=" + StoreUnavailableException.class.getName());
      assertThat(
              timer(SunshineOAuthRoutes.START_OBSERVATION_NAME, FlowOutcome.STORE_UNAVAILABLE)
                  .count())
          .isEqualTo(1);
    }
  }

  @Nested
  class Callback {

    /** Starts a flow and consents: the callback target and the nonce. */
    private String[] consented(WebTestClient web) {
      RoutesFixture.Started started = start(web);
      return new String[] {callbackTarget(consent(started.consent())), started.cookie().getValue()};
    }

    private ServerRequest request(String[] flow) {
      return ServerRequest.create(
          MockServerWebExchange.from(
              MockServerHttpRequest.get(RoutesFixture.APP_URL + flow[0])
                  .cookie(new HttpCookie(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME, flow[1]))),
          ServerCodecConfigurer.create().getReaders());
    }

    @Test
    void callbackWhenClientClosedThenWarnLineAndInternalErrorCounted() {
      WebTestClient web = web(fixture.routes().observationRegistry(observations).build());
      String[] flow = consented(web);
      fixture.client.close();

      List<LogLines.Line> lines =
          flowLines(() -> callback(web, flow[0], flow[1]).expectStatus().isEqualTo(500));

      assertOneWarnLine(lines, "outcome=internal_error", "reason=INTERNAL", "status=500", "cause=");
      assertThat(lines.get(0).text()).doesNotContain(flow[1]);
      assertThat(timer(SunshineOAuthRoutes.OBSERVATION_NAME, FlowOutcome.INTERNAL_ERROR).count())
          .isEqualTo(1);
    }

    @Test
    void callbackWhenConnectedThenTimerDurationPositiveAndWithinTheCallsWallTime() {
      WebTestClient web = web(fixture.routes().observationRegistry(observations).build());
      String[] flow = consented(web);

      long before = System.nanoTime();
      callback(web, flow[0], flow[1]).expectStatus().isSeeOther();
      long wall = System.nanoTime() - before;

      double timed =
          timer(SunshineOAuthRoutes.OBSERVATION_NAME, FlowOutcome.CONNECTED)
              .totalTime(TimeUnit.NANOSECONDS);
      assertThat(timed).isPositive().isLessThanOrEqualTo(wall);
    }

    @Test
    void callbackWhenServerObservationInContextThenItIsTheParentAndAFailureIsItsError() {
      TestObservationRegistry registry = TestObservationRegistry.create();
      SunshineOAuthRoutes routes = fixture.routes().observationRegistry(registry).build();
      String[] flow = consented(web(routes));
      fixture.emulator.enqueue(
          ScriptedResponse.status(500).onlyPath(SunshineOAuthEmulator.TOKEN_PATH));
      Observation server = Observation.start("http.server.requests", registry);

      StepVerifier.create(
              routes
                  .callback(request(flow))
                  .contextWrite(context -> context.put("micrometer.observation", server)))
          .assertNext(answer -> assertThat(answer.statusCode().value()).isEqualTo(502))
          .verifyComplete();
      server.stop();

      TestObservationRegistryAssert.assertThat(registry)
          .hasObservationWithNameEqualTo(SunshineOAuthRoutes.OBSERVATION_NAME)
          .that()
          .hasParentObservationEqualTo(server)
          .hasLowCardinalityKeyValue(SunshineOAuthRoutes.OUTCOME_KEY, "upstream_error")
          .assertThatError()
          .hasMessageStartingWith("upstream_error UPSTREAM: ")
          .hasNoCause()
          .satisfies(
              error -> assertThat(error.getMessage()).doesNotContain(flow[1], CLIENT_SECRET));
    }

    @Test
    void callbackWhenRefusedThenObservedWithoutError() {
      TestObservationRegistry registry = TestObservationRegistry.create();
      WebTestClient web = web(fixture.routes().observationRegistry(registry).build());

      callback(web, RoutesFixture.CALLBACK + "?code=abc", "x").expectStatus().isBadRequest();

      TestObservationRegistryAssert.assertThat(registry)
          .hasObservationWithNameEqualTo(SunshineOAuthRoutes.OBSERVATION_NAME)
          .that()
          .hasLowCardinalityKeyValue(SunshineOAuthRoutes.OUTCOME_KEY, "malformed")
          .doesNotHaveError();
    }
  }

  @Test
  void callbackWhenCancelStoppedTheFlowFirstThenTheLateFailureNeitherLogsNorObserves() {
    List<FlowOutcome> stopped = new ArrayList<>();
    FlowObserver.Once ended = new FlowObserver.Once((outcome, error) -> stopped.add(outcome));
    ResponsePolicy policy =
        new ResponsePolicy("sunco_oauth_nonce", "/oauth/sunshine", Duration.ofMinutes(1), false);
    FailureAnswers failures =
        new FailureAnswers(
            policy, "/oauth/sunshine/start", null, new FlowLog(System::nanoTime), "/s", "/c");
    assertThat(ended.stop(FlowOutcome.CANCELLED, null)).isTrue();

    List<LogLines.Line> lines =
        flowLines(
            () -> {
              Mono<ServerResponse> answer =
                  failures.callback(
                      new Failure.Stop(Failure.UPSTREAM, new IllegalStateException("late"), true),
                      policy.cleared(false),
                      null,
                      ended);
              StepVerifier.create(answer)
                  .assertNext(page -> assertThat(page.statusCode().value()).isEqualTo(502))
                  .verifyComplete();
            });

    assertThat(lines).isEmpty();
    assertThat(stopped).containsExactly(FlowOutcome.CANCELLED);
  }
}
