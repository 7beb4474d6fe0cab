package io.sunco.oauth.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The one home of the rule for the deadline of a store backend's call (Redis, PostgreSQL): positive
 * and at most {@link #MAX_TIMEOUT}.
 */
public final class StoreDeadlines {

  /** Longest deadline accepted: 1 minute. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(1);

  private StoreDeadlines() {}

  /**
   * Checks a deadline: positive and at most {@link #MAX_TIMEOUT}.
   *
   * @param timeout the deadline to check
   * @return {@code timeout}
   * @throws NullPointerException when {@code timeout} is null
   * @throws IllegalArgumentException otherwise
   */
  public static Duration checkedTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("timeout must be positive and at most one minute");
    }
    return timeout;
  }
}
