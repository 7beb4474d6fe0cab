package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.LogLines;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import reactor.util.context.ContextView;

/**
 * What {@link CallRunner} reports to its {@link CallObserver} and logs at DEBUG; under virtual
 * time.
 */
class CallRunnerObservationTest extends CallRunnerFixture {

  /** Records what a call reported, one line per event. */
  private static final class RecordingObserver implements CallObserver {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public CallObservation start(Operation operation, ContextView context) {
      events.add("start " + operation.methodName());
      return new CallObservation() {
        @Override
        public void succeeded(int status, int attempts) {
          events.add("succeeded " + status + " " + attempts);
        }

        @Override
        public void failed(Throwable error, int attempts) {
          events.add("failed " + error.getClass().getSimpleName() + " " + attempts);
        }

        @Override
        public void cancelled(int attempts) {
          events.add("cancelled " + attempts);
        }
      };
    }
  }

  private static CallRunner observed(CallObserver observer) {
    return new CallRunner(
        Timeouts.defaults(),
        HALF_JITTER,
        new RetryThrottle(RetryBudget.unlimited()),
        observer,
        VIRTUAL);
  }

  /** The DEBUG lines of {@link CallRunner} written while {@code body} runs. */
  private static List<String> debugLines(Runnable body) {
    return LogLines.during(CallRunner.class.getName(), body);
  }

  /** One observation per call: started, then succeeded, failed or cancelled. */
  @Nested
  class Observer {

    @Test
    void runWhenCancelledDuringBackoffThenObservationCancelledOnce() {
      Operation op = Operation.GET_TOKEN_INFO;
      RecordingObserver observer = new RecordingObserver();
      StepVerifier.withVirtualTime(() -> observed(observer).run(op, script(api(op, 503, null))))
          .expectSubscription()
          .thenAwait(Duration.ofMillis(10))
          .thenCancel()
          .verify();
      assertThat(observer.events).containsExactly("start getTokenInfo", "cancelled 1");
    }

    @Test
    void runWhenRetriedThenSucceedsThenObservationCountsAttemptsAndLastStatus() {
      Operation op = Operation.GET_TOKEN_INFO;
      RecordingObserver observer = new RecordingObserver();
      AtomicInteger made = new AtomicInteger();
      StepVerifier.withVirtualTime(
              () ->
                  observed(observer)
                      .run(
                          op,
                          tracker -> {
                            if (made.incrementAndGet() == 1) {
                              tracker.recordStatus(503);
                              return Mono.error(api(op, 503, null));
                            }
                            tracker.recordStatus(200);
                            return Mono.just("ok");
                          }))
          .thenAwait(Duration.ofSeconds(1))
          .expectNext("ok")
          .verifyComplete();
      assertThat(observer.events).containsExactly("start getTokenInfo", "succeeded 200 2");
    }

    @Test
    void runWhenFailedThenObservationFailedWithTheError() {
      Operation op = Operation.GET_TOKEN;
      RecordingObserver observer = new RecordingObserver();
      StepVerifier.withVirtualTime(() -> observed(observer).run(op, script(api(op, 400, null))))
          .expectError(SunshineApiException.class)
          .verify();
      assertThat(observer.events)
          .containsExactly("start getToken", "failed SunshineApiException 1");
    }
  }

  /** DEBUG lines saying why retries stopped. */
  @Nested
  class Logging {

    @Test
    void runWhenRetriesStopThenTheReasonIsLoggedAtDebug() {
      Operation op = Operation.GET_TOKEN_INFO;
      List<String> attemptsSpent =
          debugLines(
              () ->
                  StepVerifier.withVirtualTime(
                          () ->
                              runner(HALF_JITTER.withMaxRetries(1))
                                  .run(op, script(api(op, 503, null), api(op, 503, null))))
                      .thenAwait(Duration.ofSeconds(1))
                      .expectError(SunshineApiException.class)
                      .verify());
      assertThat(attemptsSpent)
          .anyMatch(line -> line.contains("attempt"))
          .anyMatch(line -> line.contains("retry"))
          .anyMatch(line -> line.contains("not retried") && line.contains("attempts made"));

      RetryThrottle spent = new RetryThrottle(RetryBudget.defaults().withMaxTokens(1));
      List<String> budgetSpent =
          debugLines(
              () ->
                  StepVerifier.withVirtualTime(
                          () ->
                              new CallRunner(Timeouts.defaults(), HALF_JITTER, spent, VIRTUAL)
                                  .run(op, script(api(op, 503, null))))
                      .expectError(SunshineApiException.class)
                      .verify());
      assertThat(budgetSpent)
          .anyMatch(line -> line.contains("not retried") && line.contains("retry budget is spent"));

      List<String> pastDeadline =
          debugLines(
              () ->
                  StepVerifier.withVirtualTime(
                          () ->
                              runner(HALF_JITTER)
                                  .run(op, script(api(op, 429, Duration.ofHours(1)))))
                      .expectError(SunshineApiException.class)
                      .verify());
      assertThat(pastDeadline)
          .anyMatch(
              line ->
                  line.contains("not retried") && line.contains("would pass the call deadline"));
    }
  }
}
