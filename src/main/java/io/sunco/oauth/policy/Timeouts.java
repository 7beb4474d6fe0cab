package io.sunco.oauth.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The deadlines a call runs under. Immutable: every {@code withX} returns a copy.
 *
 * <ul>
 *   <li>{@link #connect()}: making one TCP connection, TLS handshake included; default {@link
 *       #DEFAULT_CONNECT} (5 s).
 *   <li>{@link #attempt()}: one attempt, from asking for a connection to the last byte of the
 *       answer, headers and body; default {@link #DEFAULT_ATTEMPT} (10 s). Unlike a read timeout,
 *       it also trips on a server that drips its answer one byte at a time.
 *   <li>{@link #call()}: the whole call, all attempts and the waits between them; default {@link
 *       #DEFAULT_CALL} (30 s).
 * </ul>
 *
 * A deadline that runs out makes the call error with {@code SunshineTimeoutException}, which names
 * it and the number of attempts. The attempt and call deadlines, and the waits between retries, run
 * on one timer thread per JVM ({@code sunco-oauth-deadlines}, a daemon started by the first call)
 * that ticks every 10 ms: each fires up to 10 ms after it is due. The connect timeout is Reactor
 * Netty's own. Waiting for a pooled connection is a setting of the pool: {@link PoolSettings}.
 *
 * @param connect the connect timeout: a positive duration of at most {@link Integer#MAX_VALUE}
 *     milliseconds
 * @param attempt the per-attempt deadline: a positive duration, as long at most
 * @param call the deadline of the whole call: a positive duration, as long at most
 */
public record Timeouts(Duration connect, Duration attempt, Duration call) {

  /** Default connect timeout: 5 seconds. */
  public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);

  /** Default per-attempt deadline: 10 seconds. */
  public static final Duration DEFAULT_ATTEMPT = Duration.ofSeconds(10);

  /** Default deadline of a whole call, retries and waits included: 30 seconds. */
  public static final Duration DEFAULT_CALL = Duration.ofSeconds(30);

  private static final Timeouts DEFAULTS =
      new Timeouts(DEFAULT_CONNECT, DEFAULT_ATTEMPT, DEFAULT_CALL);

  /**
   * Checks every deadline.
   *
   * @param connect see {@link #connect()}
   * @param attempt see {@link #attempt()}
   * @param call see {@link #call()}
   * @throws NullPointerException if a deadline is null
   * @throws IllegalArgumentException if one is zero, negative or longer than {@link
   *     Integer#MAX_VALUE} milliseconds
   */
  public Timeouts {
    positive(connect, "connect");
    positive(attempt, "attempt");
    positive(call, "call");
  }

  /**
   * The defaults: connect 5 s, attempt 10 s, call 30 s.
   *
   * @return the default timeouts
   */
  public static Timeouts defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another connect timeout.
   *
   * @param connect a positive duration of at most {@link Integer#MAX_VALUE} milliseconds
   * @return the copy
   * @throws NullPointerException if {@code connect} is null
   * @throws IllegalArgumentException if it is zero, negative or too long
   */
  public Timeouts withConnect(Duration connect) {
    return new Timeouts(connect, attempt, call);
  }

  /**
   * A copy with another per-attempt deadline.
   *
   * @param attempt a positive duration
   * @return the copy
   * @throws NullPointerException if {@code attempt} is null
   * @throws IllegalArgumentException if it is zero, negative or too long
   */
  public Timeouts withAttempt(Duration attempt) {
    return new Timeouts(connect, attempt, call);
  }

  /**
   * A copy with another deadline for the whole call.
   *
   * @param call a positive duration
   * @return the copy
   * @throws NullPointerException if {@code call} is null
   * @throws IllegalArgumentException if it is zero, negative or too long
   */
  public Timeouts withCall(Duration call) {
    return new Timeouts(connect, attempt, call);
  }

  /** The one check of every duration setting: positive and at most {@code Integer.MAX_VALUE} ms. */
  static Duration positive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
    if (value.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException(name + " must be at most " + Integer.MAX_VALUE + " ms");
    }
    return value;
  }
}
