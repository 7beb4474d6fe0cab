package io.sunco.oauth.webflux;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * Times each request of the routes and records how it ended; {@link #NOOP} unless the routes were
 * given an {@code ObservationRegistry}, so that Micrometer stays optional at run time.
 */
interface FlowObserver {

  /** Records nothing. */
  FlowObserver NOOP = (name, context) -> (outcome, error) -> {};

  /**
   * Starts timing one request.
   *
   * @param name the observation's name: {@value SunshineOAuthRoutes#OBSERVATION_NAME} for a
   *     callback, {@value SunshineOAuthRoutes#START_OBSERVATION_NAME} for a start
   * @param context the subscriber's context, which may hold the server's observation (the parent)
   */
  Flow start(String name, ContextView context);

  /** One request being timed. */
  interface Flow {
    /**
     * Stops the timing with the request's outcome; called once.
     *
     * @param error a secret-free description of a failure on our side or upstream, else null
     */
    void stop(FlowOutcome outcome, @Nullable Throwable error);
  }

  /** Stops a {@link Flow} with the first outcome reported only: a cancel can race an answer. */
  final class Once {
    private final Flow flow;
    private final AtomicBoolean stopped = new AtomicBoolean();

    Once(Flow flow) {
      this.flow = flow;
    }

    /** Stops with {@code outcome} unless already stopped; says whether this call did. */
    boolean stop(FlowOutcome outcome, @Nullable Throwable error) {
      if (!stopped.compareAndSet(false, true)) {
        return false;
      }
      flow.stop(outcome, error);
      return true;
    }
  }
}
