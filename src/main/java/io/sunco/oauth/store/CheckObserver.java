package io.sunco.oauth.store;

/**
 * Times the check of each stored token and records how it ended; {@link #NOOP} unless a {@link
 * TokenCheck} was given an {@code ObservationRegistry}, so that Micrometer stays optional at run
 * time.
 */
interface CheckObserver {

  /** Records nothing. */
  CheckObserver NOOP = () -> outcome -> {};

  /** Starts timing the check of one token. */
  Check start();

  /** The check of one token being timed. */
  interface Check {
    /** Stops the timing with how the check ended; called once. */
    void stop(CheckOutcome outcome);
  }
}
