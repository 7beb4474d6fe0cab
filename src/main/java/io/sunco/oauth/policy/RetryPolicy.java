package io.sunco.oauth.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How often and how far apart a failed call is attempted again. Immutable: every {@code withX}
 * returns a copy.
 *
 * <p>Attempt counting: {@code maxRetries(2)} means at most 3 attempts, the first and two retries.
 * The wait before retry {@code n} (1-based) is drawn with full jitter, uniformly from {@code [0,
 * min(maxBackoff, initialBackoff * 2^(n-1))]}, unless the server sent {@code Retry-After}, which is
 * honoured as is. A retry whose wait would end after the call deadline is not made: the call errors
 * at once with the last failure.
 *
 * <p>Which failures are retried depends on the call, not on this policy: a token exchange is
 * repeated only when the request provably never reached the server, or on {@code 429}; token info
 * and revocation are also repeated on {@code 5xx}, attempt timeouts and connections closed
 * mid-exchange. {@code 400}, {@code 401}, {@code 403}, redirects, malformed answers and TLS
 * failures are never retried.
 */
public final class RetryPolicy {

  /** Default number of retries after the first attempt: 2, so at most 3 attempts. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  /** Default cap of the first backoff: 100 milliseconds. */
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);

  /** Default cap of any backoff: 2 seconds. */
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);

  /**
   * The longest cap accepted, as for {@link Timeouts}; it also keeps the doubling from overflowing.
   */
  private static final Duration LONGEST_BACKOFF = Duration.ofMillis(Integer.MAX_VALUE);

  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(
          DEFAULT_MAX_RETRIES,
          DEFAULT_INITIAL_BACKOFF,
          DEFAULT_MAX_BACKOFF,
          RetryPolicy::threadLocalRandom);

  private static final RetryPolicy NONE =
      new RetryPolicy(
          0, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF, RetryPolicy::threadLocalRandom);

  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final DoubleSupplier random;

  private RetryPolicy(
      int maxRetries, Duration initialBackoff, Duration maxBackoff, DoubleSupplier random) {
    if (maxRetries < 0 || maxRetries > 10) {
      throw new IllegalArgumentException("maxRetries must be from 0 to 10: " + maxRetries);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive: " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
    }
    if (maxBackoff.compareTo(LONGEST_BACKOFF) > 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be at most " + Integer.MAX_VALUE + " ms: " + maxBackoff);
    }
    this.maxRetries = maxRetries;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The default source of jitter: a uniform draw from {@code [0, 1)}. */
  private static double threadLocalRandom() {
    return ThreadLocalRandom.current().nextDouble();
  }

  /**
   * The defaults: 2 retries (3 attempts), backoff from 100 ms capped at 2 s, full jitter.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * No retries: every call makes exactly one attempt.
   *
   * @return the policy without retries
   */
  public static RetryPolicy none() {
    return NONE;
  }

  /**
   * A copy with another number of retries.
   *
   * @param maxRetries 0 to 10; the number of attempts is one more
   * @return the copy
   * @throws IllegalArgumentException if out of range
   */
  public RetryPolicy withMaxRetries(int maxRetries) {
    return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, random);
  }

  /**
   * A copy with another cap for the first backoff; later caps double until {@link #maxBackoff()}.
   *
   * @param initialBackoff a positive duration, not longer than the max backoff
   * @return the copy
   * @throws NullPointerException if {@code initialBackoff} is null
   * @throws IllegalArgumentException if it is not positive or longer than the max backoff
   */
  public RetryPolicy withInitialBackoff(Duration initialBackoff) {
    return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, random);
  }

  /**
   * A copy with another cap for every backoff.
   *
   * @param maxBackoff a duration not shorter than the initial backoff and at most {@link
   *     Integer#MAX_VALUE} milliseconds
   * @return the copy
   * @throws NullPointerException if {@code maxBackoff} is null
   * @throws IllegalArgumentException if it is shorter than the initial backoff or too long
   */
  public RetryPolicy withMaxBackoff(Duration maxBackoff) {
    return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, random);
  }

  /**
   * A copy drawing its jitter from the given source instead of {@link ThreadLocalRandom}; meant for
   * tests that need exact waits.
   *
   * @param random a source of numbers in {@code [0, 1)}, called from any thread
   * @return the copy
   * @throws NullPointerException if {@code random} is null
   */
  public RetryPolicy withRandom(DoubleSupplier random) {
    return new RetryPolicy(maxRetries, initialBackoff, maxBackoff, random);
  }

  /**
   * The number of retries after the first attempt.
   *
   * @return 0 to 10
   */
  public int maxRetries() {
    return maxRetries;
  }

  /**
   * The cap of the first backoff.
   *
   * @return a positive duration
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * The cap of every backoff.
   *
   * @return a positive duration
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * The wait before retry {@code retry} (1-based) when the server gave no {@code Retry-After}: a
   * uniform draw from {@code [0, min(maxBackoff, initialBackoff * 2^(retry-1))]}.
   *
   * @param retry the number of the retry, from 1
   * @return the wait, never negative
   * @throws IllegalArgumentException if {@code retry} is less than 1
   */
  public Duration backoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be at least 1: " + retry);
    }
    long capNanos = maxBackoff.toNanos();
    long ceiling = initialBackoff.toNanos();
    for (int i = 1; i < retry && ceiling < capNanos; i++) {
      ceiling *= 2;
    }
    ceiling = Math.min(ceiling, capNanos);
    double draw = random.getAsDouble();
    if (!(draw >= 0.0 && draw < 1.0)) {
      draw = 0.0;
    }
    return Duration.ofNanos((long) (ceiling * draw));
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxRetries="
        + maxRetries
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + "]";
  }
}
