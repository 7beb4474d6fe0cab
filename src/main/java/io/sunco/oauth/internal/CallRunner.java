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
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Runs one call: its attempts, the per-attempt and whole-call deadlines, and the retries that the
 * operation allows, under the shared retry budget. Deadlines and waits run on the scheduler that
 * the runner's timer supplier gives at subscription: {@link DeadlineScheduler#shared()} unless
 * another is given, which lets tests drive them with virtual time.
 */
public final class CallRunner {

  private static final Logger LOG = Loggers.getLogger(CallRunner.class);

  private final Timeouts timeouts;

  /** The deadlines in nanoseconds, capped at about 146 years. */
  private final long attemptNanos;

  private final long callNanos;
  private final RetryPolicy policy;
  private final RetryThrottle throttle;
  private final CallObserver observer;
  private final Supplier<Scheduler> timers;

  /**
   * Makes a runner whose calls share the given budget and report to the given observer, with its
   * deadlines and waits on the given timer.
   *
   * @param timeouts the attempt and call deadlines
   * @param policy how many retries and how far apart
   * @param throttle the retry budget shared by the client's calls
   * @param observer watches every call
   * @param timers gives the scheduler of a call's deadlines and waits, asked once per call at
   *     subscription
   */
  public CallRunner(
      Timeouts timeouts,
      RetryPolicy policy,
      RetryThrottle throttle,
      CallObserver observer,
      Supplier<Scheduler> timers) {
    this.timeouts = timeouts;
    this.attemptNanos = saturatedNanos(timeouts.attempt());
    this.callNanos = saturatedNanos(timeouts.call());
    this.policy = policy;
    this.throttle = throttle;
    this.observer = observer;
    this.timers = timers;
  }

  /**
   * Makes a runner whose calls share the given budget and report to the given observer, with its
   * deadlines and waits on {@link DeadlineScheduler#shared()}.
   *
   * @param timeouts the attempt and call deadlines
   * @param policy how many retries and how far apart
   * @param throttle the retry budget shared by the client's calls
   * @param observer watches every call
   */
  public CallRunner(
      Timeouts timeouts, RetryPolicy policy, RetryThrottle throttle, CallObserver observer) {
    this(timeouts, policy, throttle, observer, DeadlineScheduler::shared);
  }

  private static long saturatedNanos(Duration duration) {
    return duration.compareTo(Duration.ofNanos(Long.MAX_VALUE / 2)) >= 0
        ? Long.MAX_VALUE / 2
        : duration.toNanos();
  }

  /**
   * A runner that observes nothing, with its deadlines and waits on the given timer.
   *
   * @param timeouts the attempt and call deadlines
   * @param policy how many retries and how far apart
   * @param throttle the retry budget shared by the client's calls
   * @param timers gives the scheduler of a call's deadlines and waits, asked once per call
   */
  public CallRunner(
      Timeouts timeouts, RetryPolicy policy, RetryThrottle throttle, Supplier<Scheduler> timers) {
    this(timeouts, policy, throttle, CallObserver.NOOP, timers);
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
          Scheduler timer = timers.get();
          CallState state = new CallState(timer.now(TimeUnit.NANOSECONDS));
          CallObserver.CallObservation observation = observer.start(operation, context);
          return attempts(operation, attempt, state, timer)
              .doOnSuccess(
                  value -> {
                    throttle.onSuccess();
                    AttemptTracker last = state.current;
                    observation.succeeded(last == null ? 0 : last.status(), state.attempts);
                  })
              .doOnError(error -> observation.failed(error, state.attempts))
              .doOnCancel(
                  () -> {
                    // Before the cancel reaches Reactor Netty: a request not yet written is
                    // never written, rather than going out as the connection closes.
                    AttemptTracker inFlight = state.current;
                    if (inFlight != null) {
                      inFlight.abandon();
                    }
                    observation.cancelled(state.attempts);
                  });
        });
  }

  /**
   * The next attempt and, after a failure that {@link #decide} lets through, the wait and the
   * attempts after it. Each attempt runs under one timer: the attempt deadline, or the call
   * deadline when that comes first. A wait between attempts never reaches the call deadline ({@link
   * #decide} refuses such a wait), so the call deadline can only run out during an attempt, and a
   * call that succeeds at once arms a single timer. (A retryWhen and a second, call-wide timeout
   * would cost every call their subscribers, a sink and a timer task.) The timer is a {@link
   * MonoDeadline}, not {@code Mono.timeout}: one subscriber instead of six objects.
   */
  private <T> Mono<T> attempts(
      Operation operation,
      Function<AttemptTracker, Mono<T>> attempt,
      CallState state,
      Scheduler timer) {
    return Mono.defer(
            () -> {
              AttemptTracker tracker = new AttemptTracker();
              state.current = tracker;
              state.attempts++;
              if (LOG.isDebugEnabled()) {
                LOG.debug("{} attempt {}", operation.methodName(), state.attempts);
              }
              long callLeftNanos = callNanos - (timer.now(TimeUnit.NANOSECONDS) - state.startNanos);
              if (callLeftNanos <= 0) {
                return Mono.error(callTimeout(operation, state));
              }
              boolean attemptDeadlineFirst = attemptNanos < callLeftNanos;
              // Runs on the timer's thread while the event loop may be sending: abandon() decides
              // against the send path, atomically, whether the request goes out (see
              // AttemptTracker). Reading a "started" flag here instead would let a request go out
              // after the error said it did not, and the retry send the code again.
              Supplier<SunshineTimeoutException> deadlineReached =
                  () ->
                      attemptDeadlineFirst
                          ? new SunshineTimeoutException(
                              operation,
                              Deadline.ATTEMPT,
                              timeouts.attempt(),
                              state.attempts,
                              !tracker.abandon(),
                              null)
                          : callTimeout(operation, state);
              return new MonoDeadline<T>(
                  attempt.apply(tracker),
                  attemptDeadlineFirst ? attemptNanos : callLeftNanos,
                  timer,
                  deadlineReached);
            })
        .onErrorResume(
            failure -> {
              // Every failed attempt passes here, before the decision to retry.
              if (!(failure instanceof SunshineOAuthException ex)
                  || ex.requestMayHaveBeenProcessed()) {
                state.mayHaveBeenProcessed = true;
              }
              return decide(operation, failure, state, timer)
                  .then(Mono.defer(() -> attempts(operation, attempt, state, timer)));
            });
  }

  /**
   * The call deadline ran out, during attempt number {@code state.attempts}; that attempt is
   * abandoned unless its request already started to go out.
   */
  private SunshineTimeoutException callTimeout(Operation operation, CallState state) {
    AttemptTracker inFlight = state.current;
    boolean inFlightSent = inFlight != null && !inFlight.abandon();
    boolean processed = state.mayHaveBeenProcessed || inFlightSent;
    return new SunshineTimeoutException(
        operation, Deadline.CALL, timeouts.call(), Math.max(1, state.attempts), processed, null);
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
