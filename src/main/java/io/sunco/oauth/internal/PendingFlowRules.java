package io.sunco.oauth.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The argument rules that the pending-authorization stores and replay guards of {@code
 * io.sunco.oauth.callback} and {@code io.sunco.oauth.redis} share: one home for each, so that the
 * in-memory and the Redis implementations cannot drift apart. Not API.
 */
public final class PendingFlowRules {

  /** Longest state a store accepts, in characters: {@value}. */
  public static final int MAX_STATE_LENGTH = 1024;

  /** Longest lifetime of a state: one day. */
  public static final Duration MAX_TTL = Duration.ofDays(1);

  private PendingFlowRules() {}

  /**
   * Checks a state about to be saved.
   *
   * @param state the state
   * @return {@code state}
   * @throws NullPointerException when {@code state} is null
   * @throws IllegalArgumentException when it is blank or longer than {@value #MAX_STATE_LENGTH}
   */
  public static String checkedState(String state) {
    Objects.requireNonNull(state, "state");
    if (state.isBlank() || state.length() > MAX_STATE_LENGTH) {
      throw new IllegalArgumentException(
          "A state must be 1 to " + MAX_STATE_LENGTH + " characters, not blank");
    }
    return state;
  }

  /**
   * Checks a state lifetime: positive and at most {@link #MAX_TTL}.
   *
   * @param ttl the lifetime
   * @return {@code ttl}
   * @throws NullPointerException when {@code ttl} is null
   * @throws IllegalArgumentException otherwise
   */
  public static Duration checkedTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("ttl must be positive and at most one day");
    }
    return ttl;
  }

  /**
   * Checks the bound of an in-memory store or guard.
   *
   * @param maxEntries the most entries held at once
   * @return {@code maxEntries}
   * @throws IllegalArgumentException when not positive
   */
  public static int checkedMaxEntries(int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("maxEntries must be positive");
    }
    return maxEntries;
  }
}
