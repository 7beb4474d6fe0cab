package io.sunco.oauth.webflux;

/**
 * Times each callback and records how it ended; {@link #NOOP} unless the routes were given an
 * {@code ObservationRegistry}, so that Micrometer stays optional at run time.
 */
interface FlowObserver {

  /** Records nothing. */
  FlowObserver NOOP = () -> outcome -> {};

  /** Starts timing one callback. */
  Flow start();

  /** One callback being timed. */
  interface Flow {
    /** Stops the timing with the callback's outcome; called once. */
    void stop(FlowOutcome outcome);
  }
}
