package io.sunco.oauth.redis;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.sunco.oauth.callback.InMemoryReplayGuard;
import io.sunco.oauth.callback.ReplayGuard;
import io.sunco.oauth.callback.SignedStateCodec;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A {@link ReplayGuard} in Redis, shared by every instance of the application that uses the same
 * Redis and key prefix: of all the callbacks that present one signed state, on any instance,
 * exactly one is let through. Same semantics as {@link InMemoryReplayGuard}, without its bound on
 * the number of keys: {@link #markUsed} is one command, {@code SET key 1 NX PX keep}, where {@code
 * keep} runs until {@link #CLOCK_SKEW} after the state's expiry, counted from the later of that
 * expiry and this guard's clock, and at most {@link #MAX_KEEP}.
 *
 * <p>The key is {@link #prefix()} followed by a SHA-256 digest of the replay key (43 base64url
 * characters); the value is one format byte ({@code 1}). Each command has its own deadline, {@link
 * #timeout()} (default {@link #DEFAULT_TIMEOUT}); when Redis cannot be reached, answers with an
 * error or not in time, the {@code Mono} errors with {@link StoreUnavailableException}, and the
 * callback is refused rather than let through. The connection is the caller's: this guard never
 * closes it. Thread-safe and non-blocking; nothing is logged.
 */
public final class RedisReplayGuard extends RedisBackend implements ReplayGuard {

  /** Default key prefix: {@value}. */
  public static final String DEFAULT_PREFIX = "sunco-oauth:used:";

  /** Default deadline of each Redis command: 2 seconds. */
  public static final Duration DEFAULT_TIMEOUT = RedisBuilder.DEFAULT_TIMEOUT;

  /** How long a key is kept beyond its expiry: 1 minute, as for {@link InMemoryReplayGuard}. */
  public static final Duration CLOCK_SKEW = InMemoryReplayGuard.CLOCK_SKEW;

  /**
   * The longest a key is kept: one day (the longest {@link SignedStateCodec} TTL) plus {@link
   * #CLOCK_SKEW}.
   */
  public static final Duration MAX_KEEP = Duration.ofDays(1).plus(CLOCK_SKEW);

  private static final String KEY_DOMAIN = "io.sunco.oauth.redis/used/v1/key";
  private static final byte[] USED = {1};

  private final Clock clock;
  private final RedisKeys keys;

  private RedisReplayGuard(Builder builder) {
    super(builder);
    this.clock = builder.clock;
    this.keys = new RedisKeys(prefix(), KEY_DOMAIN);
  }

  /**
   * A guard with the defaults ({@value #DEFAULT_PREFIX}, 2 seconds, the UTC system clock) on {@code
   * commands}.
   *
   * @param commands the reactive commands of a connection with a byte-array codec, for example
   *     {@link RedisStoreConnection#commands()}; never closed by this guard
   * @return a new guard
   * @throws NullPointerException when {@code commands} is null
   */
  public static RedisReplayGuard create(RedisClusterReactiveCommands<byte[], byte[]> commands) {
    return builder(commands).build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @param commands the reactive commands of a connection with a byte-array codec; never closed by
   *     the guard
   * @return a new builder
   * @throws NullPointerException when {@code commands} is null
   */
  public static Builder builder(RedisClusterReactiveCommands<byte[], byte[]> commands) {
    return new Builder(commands);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: one {@code SET NX PX} command; errors with {@link StoreUnavailableException} when
   * Redis cannot answer within {@link #timeout()}.
   */
  @Override
  public Mono<Boolean> markUsed(String replayKey, Instant expiresAt) {
    Objects.requireNonNull(replayKey, "replayKey");
    Objects.requireNonNull(expiresAt, "expiresAt");
    return Mono.defer(
        () -> {
          byte[] key = keys.keyOf(replayKey);
          SetArgs args = SetArgs.Builder.nx().px(keepMillis(expiresAt, clock.instant()));
          return StoreCalls.call(Operation.MARK_USED, timeout, () -> commands.set(key, USED, args))
              .map(ok -> Boolean.TRUE)
              .defaultIfEmpty(Boolean.FALSE);
        });
  }

  /** From now until the skew after the later of expiry and now, capped; rounded up to a ms. */
  static long keepMillis(Instant expiresAt, Instant now) {
    // In durations, not instants: an expiry near Instant.MAX must not overflow.
    Duration left = expiresAt.isAfter(now) ? Duration.between(now, expiresAt) : Duration.ZERO;
    Duration keep =
        left.compareTo(MAX_KEEP.minus(CLOCK_SKEW)) > 0 ? MAX_KEEP : left.plus(CLOCK_SKEW);
    return keep.plusNanos(999_999).toMillis();
  }

  /**
   * Configures a {@link RedisReplayGuard}: {@code prefix} (default {@value
   * RedisReplayGuard#DEFAULT_PREFIX}), {@code timeout} (default 2 seconds) and {@code clock}; not
   * thread-safe, use once.
   */
  public static final class Builder extends RedisBuilder<Builder> {

    private Clock clock = Clock.systemUTC();

    private Builder(RedisClusterReactiveCommands<byte[], byte[]> commands) {
      super(commands, DEFAULT_PREFIX);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the clock that tells how long a key must be kept; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock read on every {@link RedisReplayGuard#markUsed(String, Instant)}
     * @return this builder
     * @throws NullPointerException when {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * A new guard. Sends nothing to Redis.
     *
     * @return a guard with this builder's settings
     */
    public RedisReplayGuard build() {
      return new RedisReplayGuard(this);
    }
  }
}
