package io.sunco.oauth.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import io.sunco.oauth.internal.PendingFlowRules;
import java.time.Duration;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * An {@link PendingAuthorizationStore} in Redis, shared by every instance of the application that
 * uses the same Redis and key prefix, through Lettuce's reactive API. Same semantics as {@link
 * InMemoryPendingAuthorizationStore}: a state lives {@link #ttl()} from its save, measured by
 * Redis's clock, so the instances' clocks do not matter; it is then remembered for one more TTL, so
 * that a late or repeated callback errors with {@code EXPIRED_STATE} or {@code REPLAYED_STATE}
 * rather than completing empty; after that Redis has deleted it.
 *
 * <ul>
 *   <li>{@link #save} is one command: {@code SET key record NX PX 2×ttl}.
 *   <li>{@link #consume} is one Lua script ({@code EVALSHA}, {@code EVAL} when Redis does not know
 *       it yet), atomic in Redis: it reads the record, decides from the key's remaining time
 *       ({@code PTTL}) whether the state is live, and replaces the record with a 5-byte spent
 *       marker ({@code SET ... KEEPTTL}). Of any number of concurrent consumes of one state, on any
 *       instance, at most one emits its data.
 * </ul>
 *
 * <p>The key is {@link #prefix()} followed by a SHA-256 digest of the state (43 base64url
 * characters); the state itself is never sent to Redis. The record is versioned (a format byte) and
 * encrypted under a key derived from the state, so Redis holds no browser binding, redirect URI or
 * attribute that could be read without the state: see the package description. Needs Redis 6.0 or
 * later ({@code KEEPTTL}); every command names one key, so Redis Cluster works too.
 *
 * <p>Each command has its own deadline, {@link #timeout()} (default {@link #DEFAULT_TIMEOUT}); when
 * Redis cannot be reached, answers with an error or not in time, the {@code Mono} errors with
 * {@link StoreUnavailableException}. The connection is the caller's: this store never closes it.
 * Thread-safe and non-blocking; nothing is logged.
 */
public final class RedisPendingAuthorizationStore extends RedisBackend
    implements PendingAuthorizationStore {

  /** Default key prefix: {@value}. */
  public static final String DEFAULT_PREFIX = "sunco-oauth:state:";

  /** Default state lifetime: 10 minutes, as for {@link InMemoryPendingAuthorizationStore}. */
  public static final Duration DEFAULT_TTL = InMemoryPendingAuthorizationStore.DEFAULT_TTL;

  /** Default deadline of each Redis command: 2 seconds. */
  public static final Duration DEFAULT_TIMEOUT = RedisBuilder.DEFAULT_TIMEOUT;

  /** Longest state accepted by {@link #save}, in characters: {@value}. */
  public static final int MAX_STATE_LENGTH = InMemoryPendingAuthorizationStore.MAX_STATE_LENGTH;

  /**
   * The consume script. The record's header (format byte, then the retention in milliseconds, 4
   * bytes big-endian) is shared by every format, so the script does not depend on the format. It
   * answers nil (unknown), the live record, {@code R} (replayed) or {@code E} (expired).
   */
  static final String CONSUME_SCRIPT =
      String.join(
          "\n",
          "local record = redis.call('GET', KEYS[1])",
          "if not record or #record < 5 then return record end",
          "local a, b, c, d = string.byte(record, 2, 5)",
          "local retention = ((a * 256 + b) * 256 + c) * 256 + d",
          "local live = redis.call('PTTL', KEYS[1]) > retention",
          "if string.byte(record, 1) == 0 then",
          "  if live then return 'R' end",
          "  return 'E'",
          "end",
          "redis.call('SET', KEYS[1], string.char(0) .. string.sub(record, 2, 5), 'KEEPTTL')",
          "if live then return record end",
          "return 'E'");

  private static final String KEY_DOMAIN = "io.sunco.oauth.redis/state/v1/key";

  private final Duration ttl;
  private final RedisKeys keys;
  private final PendingAuthorizationRecords records;
  private final String consumeSha;

  private RedisPendingAuthorizationStore(Builder builder) {
    super(builder);
    this.ttl = builder.ttl;
    this.keys = new RedisKeys(prefix(), KEY_DOMAIN);
    this.records = PendingAuthorizationRecords.create();
    this.consumeSha = commands.digest(CONSUME_SCRIPT);
  }

  /**
   * A store with the defaults ({@value #DEFAULT_PREFIX}, 10 minutes, 2 seconds) on {@code
   * commands}. Seeds a random generator: call at start-up, off any event loop.
   *
   * @param commands the reactive commands of a connection with a byte-array codec, for example
   *     {@code client.connect(ByteArrayCodec.INSTANCE).reactive()}, or {@link
   *     RedisStoreConnection#commands()}; never closed by this store
   * @return a new store
   * @throws NullPointerException when {@code commands} is null
   */
  public static RedisPendingAuthorizationStore create(
      RedisClusterReactiveCommands<byte[], byte[]> commands) {
    return builder(commands).build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @param commands the reactive commands of a connection with a byte-array codec; never closed by
   *     the store
   * @return a new builder
   * @throws NullPointerException when {@code commands} is null
   */
  public static Builder builder(RedisClusterReactiveCommands<byte[], byte[]> commands) {
    return new Builder(commands);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: one {@code SET NX PX} command; errors with {@link IllegalStateException} when Redis
   * still holds the state (live, spent or expired), and with {@link StoreUnavailableException} when
   * Redis cannot save it within {@link #timeout()}.
   *
   * @throws IllegalArgumentException when {@code state} is blank or longer than {@link
   *     #MAX_STATE_LENGTH}
   */
  @Override
  public Mono<Void> save(String state, PendingAuthorization data) {
    PendingFlowRules.checkedState(state);
    Objects.requireNonNull(data, "data");
    return Mono.defer(
        () -> {
          byte[] key = keys.keyOf(state);
          byte[] record = records.seal(state, data, ttl);
          // The key outlives the state by one TTL (the retention): see the consume script.
          SetArgs args = SetArgs.Builder.nx().px(2 * ttl.toMillis());
          return StoreCalls.call(Operation.SAVE, timeout, () -> commands.set(key, record, args))
              .switchIfEmpty(
                  Mono.error(() -> new IllegalStateException("This state is already saved")))
              .then();
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: one script; emits the data once for a live state; errors with {@code EXPIRED_STATE}
   * when its TTL has passed, {@code REPLAYED_STATE} when it was already consumed, with {@link
   * StoreUnavailableException} when Redis cannot answer within {@link #timeout()}, and with {@link
   * IllegalStateException} when the key holds a record this version cannot read; completes empty
   * when Redis does not hold the state (never saved, or deleted two TTLs after its save).
   */
  @Override
  public Mono<PendingAuthorization> consume(String state) {
    Objects.requireNonNull(state, "state");
    return Mono.defer(
        () -> {
          byte[] key = keys.keyOf(state);
          return StoreCalls.call(Operation.CONSUME, timeout, () -> runConsumeScript(key))
              .flatMap(answer -> dataOf(state, answer));
        });
  }

  private Mono<byte[]> runConsumeScript(byte[] key) {
    return commands
        .<byte[]>evalsha(consumeSha, ScriptOutputType.VALUE, key)
        .next()
        // Redis forgets scripts on restart and SCRIPT FLUSH; EVAL loads it again.
        .onErrorResume(
            RedisNoScriptException.class,
            unknown -> commands.<byte[]>eval(CONSUME_SCRIPT, ScriptOutputType.VALUE, key).next());
  }

  private Mono<PendingAuthorization> dataOf(String state, byte[] answer) {
    if (answer.length == 1 && answer[0] == 'E') {
      return Mono.error(AuthorizationCallbackException.of(Reason.EXPIRED_STATE));
    }
    if (answer.length == 1 && answer[0] == 'R') {
      return Mono.error(AuthorizationCallbackException.of(Reason.REPLAYED_STATE));
    }
    return Mono.fromCallable(() -> records.open(state, answer));
  }

  /**
   * Checks that Redis answers, for a health indicator: one {@code PING}.
   *
   * @return a Mono that completes empty once Redis answered within {@link #timeout()}, or errors
   *     with {@link StoreUnavailableException} (operation {@code PING}) when it failed or did not
   *     answer in time
   */
  public Mono<Void> ping() {
    return StoreCalls.call(Operation.PING, timeout, commands::ping).then();
  }

  /**
   * How long a saved state stays usable.
   *
   * @return the TTL, positive and at most one day
   */
  public Duration ttl() {
    return ttl;
  }

  @Override
  String moreSettings() {
    return ", ttl=" + ttl;
  }

  /**
   * Configures a {@link RedisPendingAuthorizationStore}: {@code prefix} (default {@value
   * RedisPendingAuthorizationStore#DEFAULT_PREFIX}), {@code timeout} (default 2 seconds) and {@code
   * ttl}; not thread-safe, use once.
   */
  public static final class Builder extends RedisBuilder<Builder> {

    private Duration ttl = DEFAULT_TTL;

    private Builder(RedisClusterReactiveCommands<byte[], byte[]> commands) {
      super(commands, DEFAULT_PREFIX);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets how long a saved state stays usable; default 10 minutes. Redis keeps each key twice as
     * long (see the class description).
     *
     * @param ttl the lifetime of a state, counted from its {@code save} by Redis's clock, in whole
     *     milliseconds
     * @return this builder
     * @throws NullPointerException when {@code ttl} is null
     * @throws IllegalArgumentException when shorter than a millisecond or longer than a day
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl");
      if (ttl.compareTo(Duration.ofMillis(1)) < 0 || ttl.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("ttl must be at least 1 ms and at most one day");
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * A new store. Seeds a random generator for the record encryption: call at start-up, off any
     * event loop. Sends nothing to Redis.
     *
     * @return a store with this builder's settings
     */
    public RedisPendingAuthorizationStore build() {
      return new RedisPendingAuthorizationStore(this);
    }
  }
}
