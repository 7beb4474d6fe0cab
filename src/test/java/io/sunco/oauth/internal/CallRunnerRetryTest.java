package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/**
 * Which failures {@link CallRunner} retries, after which backoff, and how the retry budget limits
 * it; under virtual time.
 */
class CallRunnerRetryTest extends CallRunnerFixture {

  /** Backoff before a retry: jittered, or as long as Retry-After says. */
  @Nested
  class Backoff {

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
      virtualRun(op, api(op, 503, null), api(op, 502, null))
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
      virtualRun(op, api(op, 500, null), api(op, 501, null), api(op, 503, null), api(op, 504, null))
          .thenAwait(Duration.ofSeconds(1))
          .expectErrorSatisfies(e -> assertThat(((SunshineApiException) e).status()).isEqualTo(503))
          .verify();
      assertThat(attempts).hasValue(3);
    }

    @Test
    void runWhen429WithRetryAfterThenWaitsExactlyThatLong() {
      Operation op = Operation.GET_TOKEN;
      virtualRun(op, api(op, 429, Duration.ofSeconds(3)))
          .expectSubscription()
          .expectNoEvent(Duration.ofMillis(2999))
          .then(() -> assertThat(attempts).hasValue(1))
          .thenAwait(Duration.ofMillis(1))
          .expectNext("ok")
          .verifyComplete();
    }

    @Test
    void runWhenCancelledDuringBackoffThenNoFurtherAttempt() {
      Operation op = Operation.GET_TOKEN_INFO;
      virtualRun(op, api(op, 503, null))
          .expectSubscription()
          .thenAwait(Duration.ofMillis(10))
          .thenCancel()
          .verify();
      assertThat(attempts).hasValue(1);
    }
  }

  /** getToken spends its code: retried only when the request never reached the server. */
  @Nested
  class GetTokenCodeMayBeSpent {

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 503, 504})
    void runWhen5xxForGetTokenThenNotRetriedBecauseCodeMayBeSpent(int status) {
      Operation op = Operation.GET_TOKEN;
      virtualRun(op, api(op, status, null))
          .expectErrorSatisfies(
              e -> assertThat(((SunshineOAuthException) e).requestMayHaveBeenProcessed()).isTrue())
          .verify();
      assertThat(attempts).hasValue(1);
    }

    @Test
    void runWhenGetTokenNeverReachedServerThenRetried() {
      Operation op = Operation.GET_TOKEN;
      virtualRun(
              op,
              transport(op, Reason.CONNECT_FAILED, false),
              new SunshineTimeoutException(
                  op,
                  SunshineTimeoutException.Deadline.CONNECT,
                  Duration.ofSeconds(5),
                  1,
                  false,
                  null))
          .thenAwait(Duration.ofSeconds(1))
          .expectNext("ok")
          .verifyComplete();
      assertThat(attempts).hasValue(3);
    }

    @Test
    void runWhenGetTokenClosedMidExchangeThenNotRetried() {
      Operation op = Operation.GET_TOKEN;
      virtualRun(op, transport(op, Reason.CLOSED_DURING_EXCHANGE, true))
          .expectErrorSatisfies(
              e ->
                  assertThat(e.getMessage())
                      .contains("code may be spent", "restart the authorization"))
          .verify();
      assertThat(attempts).hasValue(1);
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
  }

  /** Failures no retry can mend. */
  @Nested
  class NeverRetried {

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 307, 400, 401, 403, 404})
    void runWhenRedirectOrClientErrorThenNeverRetried(int status) {
      Operation op = Operation.GET_TOKEN_INFO;
      virtualRun(op, api(op, status, null)).expectError(SunshineApiException.class).verify();
      assertThat(attempts).hasValue(1);
    }

    @Test
    void runWhenMalformedSuccessOrTlsFailureThenNeverRetried() {
      Operation op = Operation.GET_TOKEN_INFO;
      virtualRun(op, new SunshineResponseException(op, 200, "bad", null))
          .expectError(SunshineResponseException.class)
          .verify();
      virtualRun(op, transport(op, Reason.TLS_FAILED, false))
          .expectError(SunshineTransportException.class)
          .verify();
      assertThat(attempts).hasValue(2);
    }
  }

  /** The retry budget shared across calls. */
  @Nested
  class Budget {

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
  }
}
