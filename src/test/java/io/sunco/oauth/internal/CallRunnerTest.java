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
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Retry and deadline arithmetic of {@link CallRunner}, under virtual time. */
class CallRunnerTest {

  private static final RetryPolicy HALF_JITTER = RetryPolicy.defaults().withRandom(() -> 0.5);

  private final AtomicInteger attempts = new AtomicInteger();

  private static SunshineApiException api(Operation op, int status, Duration retryAfter) {
    return new SunshineApiException(
        op, status, List.of(new ApiError("x", "")), Optional.ofNullable(retryAfter));
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
    return new CallRunner(Timeouts.defaults(), policy, new RetryThrottle(RetryBudget.unlimited()));
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
        new CallRunner(timeouts, HALF_JITTER, new RetryThrottle(RetryBudget.unlimited()));
    StepVerifier.withVirtualTime(
            () ->
                runner.run(
                    Operation.GET_TOKEN_INFO,
                    tracker -> {
                      attempts.incrementAndGet();
                      tracker.markRequestStarted();
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
        new CallRunner(timeouts, HALF_JITTER, new RetryThrottle(RetryBudget.unlimited()));
    StepVerifier.withVirtualTime(
            () ->
                runner.run(
                    Operation.GET_TOKEN,
                    tracker -> {
                      attempts.incrementAndGet();
                      tracker.markRequestStarted();
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
    CallRunner runner = new CallRunner(Timeouts.defaults(), HALF_JITTER, throttle);
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
}
