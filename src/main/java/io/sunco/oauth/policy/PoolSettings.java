package io.sunco.oauth.policy;

import java.time.Duration;

/**
 * The connection pool a client creates for itself. Immutable: every {@code withX} returns a copy.
 * These settings do not apply to a user-supplied Reactor Netty {@code HttpClient}, whose pool has
 * its own.
 *
 * <ul>
 *   <li>{@link #maxConnections()}: connections open at once; default {@value
 *       #DEFAULT_MAX_CONNECTIONS}.
 *   <li>{@link #maxPendingAcquires()}: calls that may wait for a connection; one more fails at once
 *       with {@code SunshineTransportException} ({@code POOL_EXHAUSTED}); default {@value
 *       #DEFAULT_MAX_PENDING_ACQUIRES}.
 *   <li>{@link #acquireTimeout()}: how long a call waits for a connection before it fails with
 *       {@code SunshineTimeoutException} ({@code POOL_ACQUIRE}); default {@link
 *       #DEFAULT_ACQUIRE_TIMEOUT} (10 s).
 *   <li>{@link #maxIdleTime()}: how long a connection may stay idle before it is closed; default
 *       {@link #DEFAULT_MAX_IDLE_TIME} (20 s).
 * </ul>
 *
 * @param maxConnections the number of connections open at once: at least 1
 * @param maxPendingAcquires the number of calls that may wait for a connection: at least 1
 * @param acquireTimeout how long a call waits for a pooled connection: a positive duration of at
 *     most {@link Integer#MAX_VALUE} milliseconds
 * @param maxIdleTime how long a connection may stay idle before it is closed: a positive duration,
 *     as long at most
 */
public record PoolSettings(
    int maxConnections, int maxPendingAcquires, Duration acquireTimeout, Duration maxIdleTime) {

  /** Default number of connections: {@value}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  /** Default number of calls that may wait for a connection: {@value}. */
  public static final int DEFAULT_MAX_PENDING_ACQUIRES = 1024;

  /** Default wait for a pooled connection: 10 seconds. */
  public static final Duration DEFAULT_ACQUIRE_TIMEOUT = Duration.ofSeconds(10);

  /** Default idle time before a pooled connection is closed: 20 seconds. */
  public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofSeconds(20);

  private static final PoolSettings DEFAULTS =
      new PoolSettings(
          DEFAULT_MAX_CONNECTIONS,
          DEFAULT_MAX_PENDING_ACQUIRES,
          DEFAULT_ACQUIRE_TIMEOUT,
          DEFAULT_MAX_IDLE_TIME);

  /**
   * Checks every setting.
   *
   * @param maxConnections see {@link #maxConnections()}
   * @param maxPendingAcquires see {@link #maxPendingAcquires()}
   * @param acquireTimeout see {@link #acquireTimeout()}
   * @param maxIdleTime see {@link #maxIdleTime()}
   * @throws NullPointerException if a duration is null
   * @throws IllegalArgumentException if a setting is out of range
   */
  public PoolSettings {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1");
    }
    if (maxPendingAcquires < 1) {
      throw new IllegalArgumentException("maxPendingAcquires must be at least 1");
    }
    Timeouts.positive(acquireTimeout, "acquireTimeout");
    Timeouts.positive(maxIdleTime, "maxIdleTime");
  }

  /**
   * The defaults: 64 connections, 1024 waiting calls, 10 s to acquire, 20 s idle.
   *
   * @return the default settings
   */
  public static PoolSettings defaults() {
    return DEFAULTS;
  }

  /**
   * A copy with another number of connections.
   *
   * @param maxConnections at least 1
   * @return the copy
   * @throws IllegalArgumentException if less than 1
   */
  public PoolSettings withMaxConnections(int maxConnections) {
    return new PoolSettings(maxConnections, maxPendingAcquires, acquireTimeout, maxIdleTime);
  }

  /**
   * A copy with another number of calls that may wait for a connection.
   *
   * @param maxPendingAcquires at least 1
   * @return the copy
   * @throws IllegalArgumentException if less than 1
   */
  public PoolSettings withMaxPendingAcquires(int maxPendingAcquires) {
    return new PoolSettings(maxConnections, maxPendingAcquires, acquireTimeout, maxIdleTime);
  }

  /**
   * A copy with another wait for a pooled connection.
   *
   * @param acquireTimeout a positive duration of at most {@link Integer#MAX_VALUE} milliseconds
   * @return the copy
   * @throws NullPointerException if {@code acquireTimeout} is null
   * @throws IllegalArgumentException if it is zero, negative or too long
   */
  public PoolSettings withAcquireTimeout(Duration acquireTimeout) {
    return new PoolSettings(maxConnections, maxPendingAcquires, acquireTimeout, maxIdleTime);
  }

  /**
   * A copy with another idle time.
   *
   * @param maxIdleTime a positive duration of at most {@link Integer#MAX_VALUE} milliseconds
   * @return the copy
   * @throws NullPointerException if {@code maxIdleTime} is null
   * @throws IllegalArgumentException if it is zero, negative or too long
   */
  public PoolSettings withMaxIdleTime(Duration maxIdleTime) {
    return new PoolSettings(maxConnections, maxPendingAcquires, acquireTimeout, maxIdleTime);
  }
}
