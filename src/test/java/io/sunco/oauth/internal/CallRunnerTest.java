package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.error.ApiError;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineResponseException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.LogLines;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.util.context.ContextView;

/** Retry and deadline arithmetic of {@link CallRunner}, under virtual time. */
class CallRunnerTest {

  private static final RetryPolicy HALF_JITTER = RetryPolicy.defaults().withRandom(() -> 0.5);

  /**
   * Reactor's parallel scheduler, looked up at each call: the virtual clock while a {@code
   * StepVerifier.withVirtualTime} runs.
   */
  private static final Supplier<Scheduler> VIRTUAL = Schedulers::parallel;

  private final AtomicInteger attempts = new AtomicInteger();

  private static SunshineApiException api(Operation op, int status, Duration retryAfter) {
    return new SunshineApiException(op, status, List.of(new ApiError("x", "")), retryAfter);
  }

  private static SunshineTransportException transport(
      Operation op, Reason reason, boolean processed) {
    return new SunshineTransportException(op, reason, processed, null);
  }

  /** An attempt that fails with the queued errors in turn, then emits "ok". */
  private java.util.function.Function<AttemptTracker, Mono<String>> script(Throwable... failures) {
    Deque<Throwable> queue = new ArrayDeque<>(List.of(failures));
    return tracker ->
        Mono.defer(
            () -> {
              attempts.incrementAndGet();
              Throwable next = queue.poll();
              return next == null ? Mono.just("ok") : Mono.error(next);
            });
  }

  private static CallRunner runner(RetryPolicy policy) {
    return new CallRunner(
        Timeouts.defaults(), policy, new RetryThrottle(RetryBudget.unlimited()), VIRTUAL);
  }

  @Test
  void backoffWhenFullJitterThenUniformBelowDoublingCap() {
    assertThat(HALF_JITTER.backoff(1)).isEqualTo(Duration.ofMillis(50));
    assertThat(HALF_JITTER.backoff(2)).isEqualTo(Duration.ofMillis(100));
    assertThat(HALF_JITTER.backoff(3)).isEqualTo(Duration.ofMillis(200));
    assertThat(HALF_JITTER.backoff(10)).isEqualTo(Duration.ofSeconds(1));
    assertThat(RetryPolicy.defaults().withRandom(() -> 0.0).backoff(4)).isZero();
    assertThat(RetryPolicy.defaults().withRandom(() -> 0.999).backoff(1))
        .isEqualTo(Duration.ofMillis(99).plusNanos(900_000));
  }

  @Test
  void runWhen5xxForTokenInfoThenRetriedAfterJitteredBackoff() {
    Operation op = Operation.GET_TOKEN_INFO;
    StepVerifier.withVirtualTime(
            () -> runner(HALF_JITTER).run(op, script(api(op, 503, null), api(op, 502, null))))
        .expectSubscription()
        .then(() -> assertThat(attempts).hasValue(1))
        .expectNoEvent(Duration.ofMillis(49))
        .then(() -> assertThat(attempts).hasValue(1))
        .thenAwait(Duration.ofMillis(1))
        .then(() -> assertThat(attempts).hasValue(2))
        .expectNoEvent(Duration.ofMillis(99))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("ok")
        .verifyComplete();
    assertThat(attempts).hasValue(3);
  }

  @Test
  void runWhenAlways5xxThenThreeAttemptsAndLastErrorSurfaces() {
    Operation op = Operation.REVOKE_ACCESS;
    StepVerifier.withVirtualTime(
            () ->
                runner(HALF_JITTER)
                    .run(
                        op,
                        script(
                            api(op, 500, null),
                            api(op, 501, null),
                            api(op, 503, null),
                            api(op, 504, null))))
        .thenAwait(Duration.ofSeconds(1))
        .expectErrorSatisfies(e -> assertThat(((SunshineApiException) e).status()).isEqualTo(503))
        .verify();
    assertThat(attempts).hasValue(3);
  }

  @Test
  void runWhen429WithRetryAfterThenWaitsExactlyThatLong() {
    Operation op = Operation.GET_TOKEN;
    StepVerifier.withVirtualTime(
            () -> runner(HALF_JITTER).run(op, script(api(op, 429, Duration.ofSeconds(3)))))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(2999))
        .then(() -> assertThat(attempts).hasValue(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext("ok")
        .verifyComplete();
  }

  @Test
  void runWhenRetryAfterBeyondCallDeadlineThenErrorsAtOnceWithRetryAfter() {
    Operation op = Operation.GET_TOKEN_INFO;
    StepVerifier.withVirtualTime(
            () -> runner(HALF_JITTER).run(op, script(api(op, 429, Duration.ofHours(1)))))
        .expectSubscription()
        .expectErrorSatisfies(
            e -> assertThat(((SunshineApiException) e).retryAfter()).contains(Duration.ofHours(1)))
        .verifyThenAssertThat()
        .tookLessThan(Duration.ofSeconds(5));
    assertThat(attempts).hasValue(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void runWhen5xxForGetTokenThenNotRetriedBecauseCodeMayBeSpent(int status) {
    Operation op = Operation.GET_TOKEN;
    StepVerifier.withVirtualTime(() -> runner(HALF_JITTER).run(op, script(api(op, status, null))))
        .expectErrorSatisfies(
            e -> assertThat(((SunshineOAuthException) e).requestMayHaveBeenProcessed()).isTrue())
        .verify();
    assertThat(attempts).hasValue(1);
  }

  @Test
  void runWhenGetTokenNeverReachedServerThenRetried() {
    Operation op = Operation.GET_TOKEN;
    StepVerifier.withVirtualTime(
            () ->
                runner(HALF_JITTER)
                    .run(
                        op,
                        script(
                            transport(op, Reason.CONNECT_FAILED, false),
                            new SunshineTimeoutException(
                                op,
                                SunshineTimeoutException.Deadline.CONNECT,
                                Duration.ofSeconds(5),
                                1,
                                false,
                                null))))
        .thenAwait(Duration.ofSeconds(1))
        .expectNext("ok")
        .verifyComplete();
    assertThat(attempts).hasValue(3);
  }

  @Test
  void runWhenGetTokenClosedMidExchangeThenNotRetried() {
    Operation op = Operation.GET_TOKEN;
    StepVerifier.withVirtualTime(
            () ->
                runner(HALF_JITTER)
                    .run(op, script(transport(op, Reason.CLOSED_DURING_EXCHANGE, true))))
        .expectErrorSatisfies(
            e ->
                assertThat(e.getMessage())
                    .contains("code may be spent", "restart the authorization"))
        .verify();
    assertThat(attempts).hasValue(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {301, 302, 307, 400, 401, 403, 404})
  void runWhenRedirectOrClientErrorThenNeverRetried(int status) {
    Operation op = Operation.GET_TOKEN_INFO;
    StepVerifier.withVirtualTime(() -> runner(HALF_JITTER).run(op, script(api(op, status, null))))
        .expectError(SunshineApiException.class)
        .verify();
    assertThat(attempts).hasValue(1);
  }

  @Test
  void runWhenMalformedSuccessOrTlsFailureThenNeverRetried() {
    Operation op = Operation.GET_TOKEN_INFO;
    StepVerifier.withVirtualTime(
            () ->
                runner(HALF_JITTER)
                    .run(op, script(new SunshineResponseException(op, 200, "bad", null))))
        .expectError(SunshineResponseException.class)
        .verify();
    StepVerifier.withVirtualTime(
            () -> runner(HALF_JITTER).run(op, script(transport(op, Reason.TLS_FAILED, false))))
        .expectError(SunshineTransportException.class)
        .verify();
    assertThat(attempts).hasValue(2);
  }

  @Test
  void runWhenAttemptNeverAnswersThenAttemptDeadlineThenCallDeadline() {
    Timeouts timeouts =
        Timeouts.defaults().withAttempt(Duration.ofSeconds(4)).withCall(Duration.ofSeconds(10));
    CallRunner runner =
        new CallRunner(timeouts, HALF_JITTER, new RetryThrottle(RetryBudget.unlimited()), VIRTUAL);
    StepVerifier.withVirtualTime(
            () ->
                runner.run(
                    Operation.GET_TOKEN_INFO,
                    tracker -> {
                      attempts.incrementAndGet();
                      tracker.claimSending();
                      return Mono.<String>never();
                    }))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(4))
        .then(() -> assertThat(attempts).hasValue(1))
        .thenAwait(Duration.ofMillis(50))
        .then(() -> assertThat(attempts).hasValue(2))
        .thenAwait(Duration.ofSeconds(6))
        .expectErrorSatisfies(
            e -> {
              SunshineTimeoutException t = (SunshineTimeoutException) e;
              assertThat(t.deadline()).isEqualTo(SunshineTimeoutException.Deadline.CALL);
              assertThat(t.attempts()).isEqualTo(3);
              assertThat(t.requestMayHaveBeenProcessed()).isTrue();
              assertThat(t.getMessage()).contains("call timeout of 10000 ms", "after 3 attempts");
            })
        .verify();
  }

  @Test
  void runWhenGetTokenAttemptTimesOutAfterSendingThenNotRetried() {
    Timeouts timeouts = Timeouts.defaults().withAttempt(Duration.ofSeconds(2));
    CallRunner runner =
        new CallRunner(timeouts, HALF_JITTER, new RetryThrottle(RetryBudget.unlimited()), VIRTUAL);
    StepVerifier.withVirtualTime(
            () ->
                runner.run(
                    Operation.GET_TOKEN,
                    tracker -> {
                      attempts.incrementAndGet();
                      tracker.claimSending();
                      return Mono.<String>never();
                    }))
        .thenAwait(Duration.ofSeconds(2))
        .expectErrorSatisfies(
            e -> {
              SunshineTimeoutException t = (SunshineTimeoutException) e;
              assertThat(t.deadline()).isEqualTo(SunshineTimeoutException.Deadline.ATTEMPT);
              assertThat(t.getMessage()).contains("authorization code may be spent");
            })
        .verify();
    assertThat(attempts).hasValue(1);
  }

  @Test
  void runWhenCancelledDuringBackoffThenNoFurtherAttempt() {
    Operation op = Operation.GET_TOKEN_INFO;
    StepVerifier.withVirtualTime(() -> runner(HALF_JITTER).run(op, script(api(op, 503, null))))
        .expectSubscription()
        .thenAwait(Duration.ofMillis(10))
        .thenCancel()
        .verify();
    assertThat(attempts).hasValue(1);
  }

  @Test
  void runWhenBudgetSpentThenStopsRetryingAcrossCalls() {
    Operation op = Operation.GET_TOKEN_INFO;
    RetryThrottle throttle = new RetryThrottle(RetryBudget.defaults().withMaxTokens(4));
    CallRunner runner = new CallRunner(Timeouts.defaults(), HALF_JITTER, throttle, VIRTUAL);
    for (int call = 0; call < 5; call++) {
      StepVerifier.withVirtualTime(
              () ->
                  runner.run(
                      op, script(api(op, 503, null), api(op, 503, null), api(op, 503, null))))
          .thenAwait(Duration.ofSeconds(1))
          .expectError(SunshineApiException.class)
          .verify();
    }
    // 4 tokens, retries only while more than 2 are left: the first call's first failure leaves
    // 3 (one retry), its second leaves 2 (no more); after that no call retries: 2 + 4 attempts.
    assertThat(attempts).hasValue(2 + 4);
    assertThat(throttle.allowRetry()).isFalse();
  }

  @Test
  void runWhenSuccessesFollowThenBudgetRefills() {
    RetryThrottle throttle =
        new RetryThrottle(RetryBudget.defaults().withMaxTokens(2).withTokenRatio(0.5));
    throttle.onRetryableFailure();
    assertThat(throttle.allowRetry()).isFalse();
    throttle.onSuccess();
    assertThat(throttle.tokens()).isEqualTo(1.5);
    assertThat(throttle.allowRetry()).isTrue();
    throttle.onSuccess();
    throttle.onSuccess();
    assertThat(throttle.tokens()).isEqualTo(2.0);
  }

  /** An attempt that never answers; it marks its request as sent when {@code sent}. */
  private Function<AttemptTracker, Mono<String>> hanging(boolean sent) {
    return tracker -> {
      attempts.incrementAndGet();
      if (sent) {
        tracker.claimSending();
      }
      return Mono.never();
    };
  }

  /** Fails with the queued errors in turn, then never answers, without sending anything. */
  private Function<AttemptTracker, Mono<String>> failThenHang(Throwable... failures) {
    Function<AttemptTracker, Mono<String>> failing = script(failures);
    Function<AttemptTracker, Mono<String>> hang = hanging(false);
    AtomicInteger made = new AtomicInteger();
    return tracker ->
        made.incrementAndGet() <= failures.length ? failing.apply(tracker) : hang.apply(tracker);
  }

  private static CallRunner runner(Timeouts timeouts) {
    return new CallRunner(
        timeouts, HALF_JITTER, new RetryThrottle(RetryBudget.unlimited()), VIRTUAL);
  }

  private static SunshineTimeoutException callDeadline(Throwable e) {
    assertThat(e).isInstanceOf(SunshineTimeoutException.class);
    SunshineTimeoutException t = (SunshineTimeoutException) e;
    assertThat(t.deadline()).isEqualTo(SunshineTimeoutException.Deadline.CALL);
    return t;
  }

  @Test
  void runWhenAttemptDeadlineEqualsCallDeadlineThenCallDeadlineReported() {
    Timeouts timeouts =
        Timeouts.defaults().withAttempt(Duration.ofSeconds(10)).withCall(Duration.ofSeconds(10));
    StepVerifier.withVirtualTime(
            () -> runner(timeouts).run(Operation.GET_TOKEN_INFO, hanging(true)))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(9999))
        .thenAwait(Duration.ofMillis(1))
        .expectErrorSatisfies(
            e -> {
              SunshineTimeoutException t = callDeadline(e);
              assertThat(t.limit()).isEqualTo(Duration.ofSeconds(10));
              assertThat(t.attempts()).isEqualTo(1);
              // The only attempt had sent its request.
              assertThat(t.requestMayHaveBeenProcessed()).isTrue();
            })
        .verify();
    assertThat(attempts).hasValue(1);
  }

  /**
   * Runs {@code attempt} with a 10 s call deadline and a 20 s attempt deadline, so only the call
   * deadline can end it, and checks the call-deadline error it ends with.
   */
  private static void expectCallDeadline(
      Operation op,
      Function<AttemptTracker, Mono<String>> attempt,
      int attempts,
      boolean mayHaveBeenProcessed) {
    Timeouts timeouts =
        Timeouts.defaults().withAttempt(Duration.ofSeconds(20)).withCall(Duration.ofSeconds(10));
    StepVerifier.withVirtualTime(() -> runner(timeouts).run(op, attempt))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(10))
        .expectErrorSatisfies(
            e -> {
              SunshineTimeoutException t = callDeadline(e);
              assertThat(t.attempts()).isEqualTo(attempts);
              assertThat(t.requestMayHaveBeenProcessed()).isEqualTo(mayHaveBeenProcessed);
            })
        .verify();
  }

  @Test
  void runWhenCallDeadlineRunsOutBeforeTheRequestWentOutThenNotProcessed() {
    expectCallDeadline(Operation.GET_TOKEN, hanging(false), 1, false);
  }

  @Test
  void runWhenEarlierAttemptNeverReachedServerThenCallDeadlineNotProcessed() {
    Operation op = Operation.GET_TOKEN;
    expectCallDeadline(op, failThenHang(transport(op, Reason.CONNECT_FAILED, false)), 2, false);
    assertThat(attempts).hasValue(2);
  }

  @Test
  void runWhenEarlierAttemptMayHaveReachedServerThenCallDeadlineProcessed() {
    Operation op = Operation.GET_TOKEN_INFO;
    // The second attempt sent nothing, but the first was answered.
    expectCallDeadline(op, failThenHang(api(op, 503, null)), 2, true);
  }

  @Test
  void runWhenRetryAfterEndsExactlyAtCallDeadlineThenNotRetried() {
    Operation op = Operation.GET_TOKEN_INFO;
    StepVerifier.withVirtualTime(
            () -> runner(HALF_JITTER).run(op, script(api(op, 429, Duration.ofSeconds(30)))))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(31))
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(SunshineApiException.class);
              assertThat(((SunshineApiException) e).status()).isEqualTo(429);
            })
        .verify();
    assertThat(attempts).hasValue(1);
  }

  @Test
  void runWhenRetryAfterEndsJustBeforeCallDeadlineThenRetried() {
    Operation op = Operation.GET_TOKEN_INFO;
    Duration justBefore = Duration.ofSeconds(30).minusNanos(1);
    StepVerifier.withVirtualTime(
            () -> runner(HALF_JITTER).run(op, script(api(op, 429, justBefore))))
        .expectSubscription()
        .thenAwait(justBefore)
        .expectNext("ok")
        .verifyComplete();
    assertThat(attempts).hasValue(2);
  }

  @Test
  void isRetryableWhenNeverSentFailureMayHaveBeenProcessedThenOnlyIdempotentRetried() {
    for (Reason reason : List.of(Reason.CONNECT_FAILED, Reason.CLOSED_BEFORE_REQUEST)) {
      assertThat(
              CallRunner.isRetryable(
                  Operation.GET_TOKEN, transport(Operation.GET_TOKEN, reason, true)))
          .isFalse();
      assertThat(
              CallRunner.isRetryable(
                  Operation.GET_TOKEN_INFO, transport(Operation.GET_TOKEN_INFO, reason, true)))
          .isTrue();
      assertThat(
              CallRunner.isRetryable(
                  Operation.GET_TOKEN, transport(Operation.GET_TOKEN, reason, false)))
          .isTrue();
    }
  }

  @Test
  void runWhenRetriedCallSucceedsThenBudgetGetsItsShareBack() {
    Operation op = Operation.GET_TOKEN_INFO;
    RetryThrottle throttle =
        new RetryThrottle(RetryBudget.defaults().withMaxTokens(10).withTokenRatio(0.5));
    CallRunner runner = new CallRunner(Timeouts.defaults(), HALF_JITTER, throttle, VIRTUAL);
    StepVerifier.withVirtualTime(() -> runner.run(op, script(api(op, 503, null))))
        .thenAwait(Duration.ofSeconds(1))
        .expectNext("ok")
        .verifyComplete();
    // One token taken by the failed attempt, half a token put back by the success.
    assertThat(throttle.tokens()).isEqualTo(9.5);
  }

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
    assertThat(observer.events).containsExactly("start getToken", "failed SunshineApiException 1");
  }

  /** The DEBUG lines of {@link CallRunner} written while {@code body} runs. */
  private static List<String> debugLines(Runnable body) {
    return LogLines.during(CallRunner.class.getName(), body);
  }

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
                            runner(HALF_JITTER).run(op, script(api(op, 429, Duration.ofHours(1)))))
                    .expectError(SunshineApiException.class)
                    .verify());
    assertThat(pastDeadline)
        .anyMatch(
            line -> line.contains("not retried") && line.contains("would pass the call deadline"));
  }
}
