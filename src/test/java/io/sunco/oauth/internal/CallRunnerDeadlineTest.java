package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import io.sunco.oauth.policy.Timeouts;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The attempt and call deadlines of {@link CallRunner}, and what their errors report; under virtual
 * time.
 */
class CallRunnerDeadlineTest extends CallRunnerFixture {

  private static SunshineTimeoutException callDeadline(Throwable e) {
    assertThat(e).isInstanceOf(SunshineTimeoutException.class);
    SunshineTimeoutException t = (SunshineTimeoutException) e;
    assertThat(t.deadline()).isEqualTo(SunshineTimeoutException.Deadline.CALL);
    return t;
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

  /** The per-attempt deadline, and the call deadline that ends the retries. */
  @Nested
  class AttemptDeadline {

    @Test
    void runWhenAttemptNeverAnswersThenAttemptDeadlineThenCallDeadline() {
      Timeouts timeouts =
          Timeouts.defaults().withAttempt(Duration.ofSeconds(4)).withCall(Duration.ofSeconds(10));
      StepVerifier.withVirtualTime(
              () -> runner(timeouts).run(Operation.GET_TOKEN_INFO, hanging(true)))
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
      StepVerifier.withVirtualTime(() -> runner(timeouts).run(Operation.GET_TOKEN, hanging(true)))
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
  }

  /** Whether a call-deadline error says the request may have been processed. */
  @Nested
  class CallDeadlineProcessed {

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
  }

  /** A Retry-After wait against the call deadline. */
  @Nested
  class RetryAfterAgainstCallDeadline {

    @Test
    void runWhenRetryAfterBeyondCallDeadlineThenErrorsAtOnceWithRetryAfter() {
      Operation op = Operation.GET_TOKEN_INFO;
      virtualRun(op, api(op, 429, Duration.ofHours(1)))
          .expectSubscription()
          .expectErrorSatisfies(
              e ->
                  assertThat(((SunshineApiException) e).retryAfter()).contains(Duration.ofHours(1)))
          .verifyThenAssertThat()
          .tookLessThan(Duration.ofSeconds(5));
      assertThat(attempts).hasValue(1);
    }

    @Test
    void runWhenRetryAfterEndsExactlyAtCallDeadlineThenNotRetried() {
      Operation op = Operation.GET_TOKEN_INFO;
      virtualRun(op, api(op, 429, Duration.ofSeconds(30)))
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
      virtualRun(op, api(op, 429, justBefore))
          .expectSubscription()
          .thenAwait(justBefore)
          .expectNext("ok")
          .verifyComplete();
      assertThat(attempts).hasValue(2);
    }
  }
}
