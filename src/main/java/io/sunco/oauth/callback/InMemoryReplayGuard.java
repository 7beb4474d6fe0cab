package io.sunco.oauth.callback;

import io.sunco.oauth.internal.PendingFlowRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A {@link ReplayGuard} in this JVM's memory: lock-free, non-blocking, runs on the subscribing
 * thread. It stops replays that reach this node only; behind a load balancer without sticky
 * sessions, a replay may reach another node. A key is kept until {@link #CLOCK_SKEW} after its
 * state expires, counted from the later of that expiry and this guard's own clock, so a guard whose
 * clock runs ahead of the codec's still remembers every key it accepted. At most {@link
 * #maxEntries()} keys are kept (default {@link #DEFAULT_MAX_ENTRIES}); when full, the oldest key is
 * evicted, so under a flood of more than {@code maxEntries} callbacks per state lifetime the oldest
 * states become replayable again until they expire.
 */
public final class InMemoryReplayGuard implements ReplayGuard {

  /** Default bound on the number of keys remembered: {@value}. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  /** How long a key is kept beyond its expiry, for clock differences between nodes: 1 minute. */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  private final BoundedExpiringMap<Boolean> used;
  private final int maxEntries;
  private final Clock clock;

  private InMemoryReplayGuard(int maxEntries, Clock clock) {
    this.used = new BoundedExpiringMap<>(maxEntries);
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /**
   * A guard for {@value #DEFAULT_MAX_ENTRIES} keys on the UTC system clock.
   *
   * @return a new, empty guard
   */
  public static InMemoryReplayGuard create() {
    return create(DEFAULT_MAX_ENTRIES, Clock.systemUTC());
  }

  /**
   * A guard with the given bound and clock.
   *
   * @param maxEntries the most keys remembered at once
   * @param clock the clock read on every {@link #markUsed(String, Instant)}
   * @return a new, empty guard
   * @throws NullPointerException when {@code clock} is null
   * @throws IllegalArgumentException when {@code maxEntries} is not positive
   */
  public static InMemoryReplayGuard create(int maxEntries, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return new InMemoryReplayGuard(PendingFlowRules.checkedMaxEntries(maxEntries), clock);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: runs on the subscribing thread; may evict the oldest key (see the class description).
   */
  @Override
  public Mono<Boolean> markUsed(String replayKey, Instant expiresAt) {
    Objects.requireNonNull(replayKey, "replayKey");
    Objects.requireNonNull(expiresAt, "expiresAt");
    return Mono.fromSupplier(
        () -> {
          Instant now = clock.instant();
          Instant keepUntil = (expiresAt.isAfter(now) ? expiresAt : now).plus(CLOCK_SKEW);
          return used.putIfAbsent(replayKey, Boolean.TRUE, expiresAt, keepUntil, now);
        });
  }

  /**
   * The bound on the number of keys remembered.
   *
   * @return the configured maximum, at least 1
   */
  public int maxEntries() {
    return maxEntries;
  }

  /**
   * Keys remembered now.
   *
   * @return the number of keys held, including expired ones not yet forgotten
   */
  public int size() {
    return used.size();
  }

  /** Shows the size and bound only. */
  @Override
  public String toString() {
    return "InMemoryReplayGuard[size=" + size() + ", maxEntries=" + maxEntries + "]";
  }
}
