package io.sunco.oauth.internal;

import io.sunco.oauth.error.Operation;
import reactor.util.context.ContextView;

/**
 * Watches calls for metrics and traces. The default does nothing; {@link MicrometerCallObserver}
 * records a Micrometer observation per call. Kept behind this interface so that no Micrometer class
 * is loaded unless the user asked for observations.
 */
public interface CallObserver {

  /** The observer that records nothing. */
  CallObserver NOOP = (operation, context) -> CallObservation.NOOP;

  /**
   * Starts watching one call.
   *
   * @param operation the call
   * @param context the subscriber's Reactor context, which may carry a parent observation
   * @return the handle that receives the call's outcome, exactly once
   */
  CallObservation start(Operation operation, ContextView context);

  /** The outcome of one call. */
  interface CallObservation {

    /** The handle that records nothing. */
    CallObservation NOOP =
        new CallObservation() {
          @Override
          public void succeeded(int status, int attempts) {}

          @Override
          public void failed(Throwable error, int attempts) {}

          @Override
          public void cancelled(int attempts) {}
        };

    /**
     * The call emitted its value after {@code attempts} attempts; the last answered {@code status}.
     *
     * @param status the HTTP status of the last attempt's answer, or 0 when none was recorded
     * @param attempts how many attempts were started, retries included
     */
    void succeeded(int status, int attempts);

    /**
     * The call errored after {@code attempts} attempts.
     *
     * @param error the error the call's {@code Mono} errors with, usually a {@link
     *     io.sunco.oauth.error.SunshineOAuthException}
     * @param attempts how many attempts were started, retries included
     */
    void failed(Throwable error, int attempts);

    /**
     * The subscriber cancelled the call after {@code attempts} attempts.
     *
     * @param attempts how many attempts were started before the cancellation
     */
    void cancelled(int attempts);
  }
}
