package io.sunco.oauth.callback;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.internal.PendingFlowRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;

/**
 * An {@link PendingAuthorizationStore} in this JVM's memory: for a single node, or a cluster with
 * sticky sessions. Lock-free (a {@code ConcurrentHashMap} plus an insertion-order queue), never
 * blocks, safe to share between threads; every operation runs on the subscribing thread.
 *
 * <p>A state lives {@link #ttl()} (default {@link #DEFAULT_TTL}) from its {@code save}, measured
 * with the store's {@link Clock}. Consumed and expired states are remembered for one more TTL so
 * that a late or repeated callback errors with {@code EXPIRED_STATE} or {@code REPLAYED_STATE}
 * rather than {@code UNKNOWN_STATE}. At most {@link #maxEntries()} states are held (default {@link
 * #DEFAULT_MAX_ENTRIES}, consumed and expired ones included): when full, a save first forgets
 * states past that retention, then <em>evicts the oldest</em>, so new flows always start, and a
 * flow older than the newest {@code maxEntries} saves fails with {@code UNKNOWN_STATE}. Rejecting
 * new states instead would let a flood of authorize requests lock every user out.
 */
public final class InMemoryPendingAuthorizationStore implements PendingAuthorizationStore {

  /** Default bound on the number of states held: {@value}. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  /** Default state lifetime: 10 minutes. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  /** Longest state accepted by {@link #save}, in characters: {@value}. */
  public static final int MAX_STATE_LENGTH = PendingFlowRules.MAX_STATE_LENGTH;

  private final BoundedExpiringMap<AtomicReference<PendingAuthorization>> entries;
  private final int maxEntries;
  private final Duration ttl;
  private final Clock clock;

  private InMemoryPendingAuthorizationStore(Builder builder) {
    this.maxEntries = builder.maxEntries;
    this.ttl = builder.ttl;
    this.clock = builder.clock;
    this.entries = new BoundedExpiringMap<>(maxEntries);
  }

  /**
   * A store with the defaults: 10,000 entries, 10 minutes, the UTC system clock.
   *
   * @return a new, empty store
   */
  public static InMemoryPendingAuthorizationStore create() {
    return builder().build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: runs on the subscribing thread; errors with {@link IllegalStateException} when the
   * state is already held; may evict the oldest state (see the class description).
   *
   * @throws IllegalArgumentException when {@code state} is blank or longer than {@link
   *     #MAX_STATE_LENGTH}
   */
  @Override
  public Mono<Void> save(String state, PendingAuthorization data) {
    PendingFlowRules.checkedState(state);
    Objects.requireNonNull(data, "data");
    return Mono.fromRunnable(
        () -> {
          Instant now = clock.instant();
          Instant expiresAt = now.plus(ttl);
          if (!entries.putIfAbsent(
              state, new AtomicReference<>(data), expiresAt, expiresAt.plus(ttl), now)) {
            throw new IllegalStateException("This state is already saved");
          }
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: emits the data once for a live state; errors with {@code EXPIRED_STATE} when its TTL
   * has passed, {@code REPLAYED_STATE} when it was already consumed, and completes empty when it
   * was never saved, or was forgotten or evicted.
   */
  @Override
  public Mono<PendingAuthorization> consume(String state) {
    Objects.requireNonNull(state, "state");
    return Mono.defer(
        () -> {
          BoundedExpiringMap.Slot<AtomicReference<PendingAuthorization>> slot = entries.get(state);
          if (slot == null) {
            return Mono.empty();
          }
          if (!clock.instant().isBefore(slot.expiresAt)) {
            slot.value.set(null);
            return Mono.error(AuthorizationCallbackException.of(Reason.EXPIRED_STATE));
          }
          // getAndSet is the single atomic step that makes a state usable exactly once.
          PendingAuthorization data = slot.value.getAndSet(null);
          return data == null
              ? Mono.error(AuthorizationCallbackException.of(Reason.REPLAYED_STATE))
              : Mono.just(data);
        });
  }

  /**
   * The bound on the number of states held.
   *
   * @return the configured maximum, at least 1
   */
  public int maxEntries() {
    return maxEntries;
  }

  /**
   * How long a saved state stays usable.
   *
   * @return the configured TTL, positive and at most one day
   */
  public Duration ttl() {
    return ttl;
  }

  /**
   * States held now, consumed and expired ones included until forgotten; at most {@link
   * #maxEntries()} once concurrent saves have returned.
   *
   * @return the number of states held
   */
  public int size() {
    return entries.size();
  }

  /** Shows the configuration and size, never a state. */
  @Override
  public String toString() {
    return "InMemoryPendingAuthorizationStore[size="
        + size()
        + ", maxEntries="
        + maxEntries
        + ", ttl="
        + ttl
        + "]";
  }

  /** Configures an {@link InMemoryPendingAuthorizationStore}; not thread-safe, use once. */
  public static final class Builder {

    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private Duration ttl = DEFAULT_TTL;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets the bound on the number of states held; default {@value #DEFAULT_MAX_ENTRIES}.
     *
     * @param maxEntries the most states held at once, consumed and expired ones included
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder maxEntries(int maxEntries) {
      this.maxEntries = PendingFlowRules.checkedMaxEntries(maxEntries);
      return this;
    }

    /**
     * Sets how long a saved state stays usable; default 10 minutes.
     *
     * @param ttl the lifetime of a state, counted from its {@code save}
     * @return this builder
     * @throws NullPointerException when {@code ttl} is null
     * @throws IllegalArgumentException when not positive or longer than a day
     */
    public Builder ttl(Duration ttl) {
      this.ttl = PendingFlowRules.checkedTtl(ttl);
      return this;
    }

    /**
     * Sets the clock expiry is measured with; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock read on every save and consume
     * @return this builder
     * @throws NullPointerException when {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A new, empty store.
     *
     * @return a store with this builder's settings
     */
    public InMemoryPendingAuthorizationStore build() {
      return new InMemoryPendingAuthorizationStore(this);
    }
  }
}
