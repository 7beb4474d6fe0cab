package io.sunco.oauth.internal;

import io.sunco.oauth.error.ApiError;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * What the {@link CallRunner} tests share: a jittered policy with a fixed half draw, the virtual
 * scheduler, scripted attempts that count how often they ran, and runners built from them.
 */
abstract class CallRunnerFixture {

  static final RetryPolicy HALF_JITTER = RetryPolicy.defaults().withRandom(() -> 0.5);

  /**
   * Reactor's parallel scheduler, looked up at each call: the virtual clock while a {@code
   * StepVerifier.withVirtualTime} runs.
   */
  static final Supplier<Scheduler> VIRTUAL = Schedulers::parallel;

  final AtomicInteger attempts = new AtomicInteger();

  static SunshineApiException api(Operation op, int status, Duration retryAfter) {
    return new SunshineApiException(op, status, List.of(new ApiError("x", "")), retryAfter);
  }

  static SunshineTransportException transport(Operation op, Reason reason, boolean processed) {
    return new SunshineTransportException(op, reason, processed, null);
  }

  static CallRunner runner(RetryPolicy policy) {
    return new CallRunner(
        Timeouts.defaults(), policy, new RetryThrottle(RetryBudget.unlimited()), VIRTUAL);
  }

  static CallRunner runner(Timeouts timeouts) {
    return new CallRunner(
        timeouts, HALF_JITTER, new RetryThrottle(RetryBudget.unlimited()), VIRTUAL);
  }

  /**
   * One call of {@code op} under {@link #HALF_JITTER}, on virtual time, whose attempts fail with
   * {@code failures} in turn and then emit "ok".
   */
  StepVerifier.FirstStep<String> virtualRun(Operation op, Throwable... failures) {
    return StepVerifier.withVirtualTime(() -> runner(HALF_JITTER).run(op, script(failures)));
  }

  /** An attempt that fails with the queued errors in turn, then emits "ok". */
  Function<AttemptTracker, Mono<String>> script(Throwable... failures) {
    Deque<Throwable> queue = new ArrayDeque<>(List.of(failures));
    return tracker ->
        Mono.defer(
            () -> {
              attempts.incrementAndGet();
              Throwable next = queue.poll();
              return next == null ? Mono.just("ok") : Mono.error(next);
            });
  }

  /** An attempt that never answers; it marks its request as sent when {@code sent}. */
  Function<AttemptTracker, Mono<String>> hanging(boolean sent) {
    return tracker -> {
      attempts.incrementAndGet();
      if (sent) {
        tracker.claimSending();
      }
      return Mono.never();
    };
  }

  /** Fails with the queued errors in turn, then never answers, without sending anything. */
  Function<AttemptTracker, Mono<String>> failThenHang(Throwable... failures) {
    Function<AttemptTracker, Mono<String>> failing = script(failures);
    Function<AttemptTracker, Mono<String>> hang = hanging(false);
    AtomicInteger made = new AtomicInteger();
    return tracker ->
        made.incrementAndGet() <= failures.length ? failing.apply(tracker) : hang.apply(tracker);
  }
}
