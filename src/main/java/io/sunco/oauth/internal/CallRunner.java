package io.sunco.oauth.internal;

import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTimeoutException.Deadline;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.retry.Retry;

/**
 * Runs one call: its attempts, the per-attempt and whole-call deadlines, and the retries that the
 * operation allows, under the shared retry budget. Timers run on {@link Schedulers#parallel()},
 * looked up at subscription, so that tests can drive them with virtual time.
 */
public final class CallRunner {

  private static final Logger LOG = Loggers.getLogger(CallRunner.class);

  private final Timeouts timeouts;
  private final RetryPolicy policy;
  private final RetryThrottle throttle;
  private final CallObserver observer;

  /**
   * @param timeouts the attempt and call deadlines
   * @param policy how many retries and how far apart
   * @param throttle the retry budget shared by the client's calls
   * @param observer watches every call
   */
  public CallRunner(
      Timeouts timeouts, RetryPolicy policy, RetryThrottle throttle, CallObserver observer) {
    this.timeouts = timeouts;
    this.policy = policy;
    this.throttle = throttle;
    this.observer = observer;
  }

  /**
   * A runner that observes nothing.
   *
   * @param timeouts the attempt and call deadlines
   * @param policy how many retries and how far apart
   * @param throttle the retry budget shared by the client's calls
   */
  public CallRunner(Timeouts timeouts, RetryPolicy policy, RetryThrottle throttle) {
    this(timeouts, policy, throttle, CallObserver.NOOP);
  }

  /** The per-call state: attempts made and whether any may have reached the server. */
  private static final class CallState {
    final long startNanos;
    int attempts;
    volatile boolean mayHaveBeenProcessed;
    volatile @Nullable AttemptTracker current;

    CallState(long startNanos) {
      this.startNanos = startNanos;
    }
  }

  /**
   * Runs a call; nothing happens until subscription.
   *
   * @param operation the call, which decides what may be retried
   * @param attempt makes one attempt, given a fresh tracker for it
   * @param <T> what the call emits
   * @return a Mono that emits what the last attempt emitted, or errors with the last attempt's
   *     {@link SunshineOAuthException} or a {@link SunshineTimeoutException} for the call
   */
  public <T> Mono<T> run(Operation operation, Function<AttemptTracker, Mono<T>> attempt) {
    return Mono.deferContextual(
        context -> {
          Scheduler timer = Schedulers.parallel();
          CallState state = new CallState(timer.now(TimeUnit.NANOSECONDS));
          CallObserver.CallObservation observation = observer.start(operation, context);
          Mono<T> oneAttempt =
              Mono.defer(
                  () -> {
                    AttemptTracker tracker = new AttemptTracker();
                    state.current = tracker;
                    state.attempts++;
                    if (LOG.isDebugEnabled()) {
                      LOG.debug("{} attempt {}", operation.methodName(), state.attempts);
                    }
                    return attempt
                        .apply(tracker)
                        .timeout(timeouts.attempt(), timer)
                        .onErrorMap(
                            TimeoutException.class,
                            e ->
                                new SunshineTimeoutException(
                                    operation,
                                    Deadline.ATTEMPT,
                                    timeouts.attempt(),
                                    state.attempts,
                                    tracker.requestStarted(),
                                    null))
                        .doOnError(
                            e -> {
                              if (!(e instanceof SunshineOAuthException ex)
                                  || ex.requestMayHaveBeenProcessed()) {
                                state.mayHaveBeenProcessed = true;
                              }
                            });
                  });
          return oneAttempt
              .retryWhen(
                  Retry.from(
                      signals ->
                          signals.concatMap(
                              signal -> decide(operation, signal.failure(), state, timer))))
              .timeout(timeouts.call(), timer)
              .onErrorMap(
                  TimeoutException.class,
                  e -> {
                    AttemptTracker inFlight = state.current;
                    boolean processed =
                        state.mayHaveBeenProcessed
                            || (inFlight != null && inFlight.requestStarted());
                    return new SunshineTimeoutException(
                        operation,
                        Deadline.CALL,
                        timeouts.call(),
                        Math.max(1, state.attempts),
                        processed,
                        null);
                  })
              .doOnSuccess(
                  value -> {
                    throttle.onSuccess();
                    AttemptTracker last = state.current;
                    observation.succeeded(last == null ? 0 : last.status(), state.attempts);
                  })
              .doOnError(error -> observation.failed(error, state.attempts))
              .doOnCancel(() -> observation.cancelled(state.attempts));
        });
  }

  private Mono<Long> decide(
      Operation operation, Throwable failure, CallState state, Scheduler timer) {
    if (!isRetryable(operation, failure)) {
      return Mono.error(failure);
    }
    throttle.onRetryableFailure();
    int retry = state.attempts;
    if (retry > policy.maxRetries()) {
      LOG.debug("{} not retried: {} attempts made", operation.methodName(), state.attempts);
      return Mono.error(failure);
    }
    if (!throttle.allowRetry()) {
      LOG.debug("{} not retried: the retry budget is spent", operation.methodName());
      return Mono.error(failure);
    }
    Optional<Duration> retryAfter =
        failure instanceof SunshineApiException api ? api.retryAfter() : Optional.empty();
    Duration wait = retryAfter.orElseGet(() -> policy.backoff(retry));
    Duration elapsed = Duration.ofNanos(timer.now(TimeUnit.NANOSECONDS) - state.startNanos);
    if (elapsed.plus(wait).compareTo(timeouts.call()) >= 0) {
      LOG.debug(
          "{} not retried: a wait of {} ms would pass the call deadline",
          operation.methodName(),
          wait.toMillis());
      return Mono.error(failure);
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{} retry {} in {} ms after: {}",
          operation.methodName(),
          retry,
          wait.toMillis(),
          failure.getMessage());
    }
    return Mono.delay(wait, timer);
  }

  /**
   * Whether an operation may be repeated after a failure. A token exchange only when the request
   * provably never reached the server, or on 429; token info and revocation also on 5xx, attempt
   * timeouts and connections closed mid-exchange. Never on other 4xx, 3xx, a malformed success or a
   * TLS failure.
   *
   * @param operation the call
   * @param failure what the attempt errored with
   * @return {@code true} when another attempt is safe and useful
   */
  public static boolean isRetryable(Operation operation, Throwable failure) {
    boolean idempotent = operation != Operation.GET_TOKEN;
    if (failure instanceof SunshineApiException api) {
      return api.status() == 429 || (idempotent && api.status() >= 500);
    }
    if (failure instanceof SunshineTimeoutException timeout) {
      return switch (timeout.deadline()) {
        case CONNECT, POOL_ACQUIRE -> true;
        case ATTEMPT -> idempotent || !timeout.requestMayHaveBeenProcessed();
        case CALL -> false;
      };
    }
    if (failure instanceof SunshineTransportException transport) {
      return switch (transport.reason()) {
        case CONNECT_FAILED, CLOSED_BEFORE_REQUEST ->
            !transport.requestMayHaveBeenProcessed() || idempotent;
        case CLOSED_DURING_EXCHANGE -> idempotent;
        case TLS_FAILED, POOL_EXHAUSTED, MALFORMED_HTTP, BODY_TOO_LARGE, OTHER -> false;
      };
    }
    return false;
  }
}
