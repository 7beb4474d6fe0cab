package io.sunco.oauth.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import io.sunco.oauth.store.SealedRecord;
import io.sunco.oauth.store.SealedRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A {@link SealedRecords} backend in Redis, shared by every instance of the application that uses
 * the same Redis and key prefix, through Lettuce's reactive API. It stores the records as given:
 * the token in them is sealed by the key ring before it gets here.
 *
 * <p>What Redis holds, for each client id (see the package description): every key starts with
 * {@link #prefix()} and the client's hash tag, {@code {<16 characters of a digest of the client
 * id>}}, so that all the keys of a client are in one Redis Cluster hash slot. After it, {@code
 * r:<app digest>} is the record of one app (a string starting with a format byte), {@code a} the
 * set of the client's app digests, {@code i:<attribute digest>} the set of the apps with one
 * attribute name and value, and {@code n} the client's revision counter. The digests are SHA-256
 * over the client id and the app id (or the attribute's name and value), 43 base64url characters:
 * no app id, attribute name or value is part of a key name.
 *
 * <ul>
 *   <li>{@link #upsert}, {@link #replaceIfUnchanged}, {@link #delete} and {@link
 *       #deleteIfUnchanged} are each one Lua script ({@code EVALSHA}, {@code EVAL} when Redis does
 *       not know it yet), atomic in Redis: it checks the stored record's state when asked to, takes
 *       the app out of the attribute sets of the record it replaces or deletes, writes the record,
 *       its app set and attribute set entries, and gives the record a new revision from the
 *       client's counter ({@code INCR}), so revisions never repeat, even after a delete.
 *   <li>{@link #find} is one {@code GET}.
 *   <li>{@link #list} and {@link #findByAttribute} walk the app set or the attribute set with
 *       {@code SSCAN}, 100 members at a time, and read each batch of records with one {@code MGET},
 *       one batch at a time as the subscriber asks for more, so a large set is never read into
 *       memory at once. An app deleted meanwhile is skipped, so is one whose record no longer has
 *       the attribute; an app written while the walk runs may be missed, and, as {@code SSCAN}
 *       guarantees no more, may be emitted twice if the set is resized meanwhile.
 * </ul>
 *
 * <p>A stored record that this version cannot read (a later format, or bytes this library did not
 * write) makes the read error with {@link IllegalStateException} naming the format; it is never
 * skipped silently. Each command has its own deadline, {@link #timeout()} (default {@link
 * #DEFAULT_TIMEOUT}); when Redis cannot be reached, answers with an error or not in time, the
 * publisher errors with {@link StoreUnavailableException}. Needs Redis 6.0 or later; every command
 * and script touches the keys of one client only, so one hash slot, and works on Redis Cluster. The
 * connection is the caller's: this backend never closes it. Thread-safe and non-blocking; nothing
 * is logged.
 */
public final class RedisSealedRecords extends RedisBackend implements SealedRecords {

  /** Default key prefix: {@value}. */
  public static final String DEFAULT_PREFIX = "sunco-oauth:app:";

  /** Default deadline of each Redis command: 2 seconds. */
  public static final Duration DEFAULT_TIMEOUT = RedisBuilder.DEFAULT_TIMEOUT;

  /** Members asked for by each {@code SSCAN} of a listing: {@value}. */
  static final int SCAN_COUNT = 100;

  /**
   * Lua shared by the scripts: {@code unindex} takes the app out of the attribute sets named in a
   * record's header, {@code unchanged} compares a record's stored state with the one read earlier.
   */
  private static final String FUNCTIONS =
      String.join(
          "\n",
          "local function unindex(record, member, prefix)",
          "  if not record or #record < 11 then return end",
          "  local high, low = string.byte(record, 10, 11)",
          "  local count = high * 256 + low",
          "  if #record < 11 + count * 43 then return end",
          "  for i = 0, count - 1 do",
          "    local from = 12 + i * 43",
          "    redis.call('SREM', prefix .. string.sub(record, from, from + 42), member)",
          "  end",
          "end",
          "local function unchanged(record, head, identity)",
          "  if not record or #record < 11 or string.sub(record, 1, 9) ~= head then",
          "    return false",
          "  end",
          "  local high, low = string.byte(record, 10, 11)",
          "  local from = 12 + (high * 256 + low) * 43",
          "  return string.sub(record, from, from + #identity - 1) == identity",
          "end");

  /**
   * The write script. KEYS: the record, the app set, the counter, then the new record's attribute
   * sets. ARGV: the app digest, the attribute set prefix, the record (its revision to be set), and
   * the state read earlier (head and identity, both empty for an unconditional write). Answers the
   * new revision, or 0 when the record was not in the state read earlier (nothing written).
   */
  static final String WRITE_SCRIPT =
      String.join(
          "\n",
          FUNCTIONS,
          "local old = redis.call('GET', KEYS[1])",
          "if ARGV[4] ~= '' and not unchanged(old, ARGV[4], ARGV[5]) then return 0 end",
          "unindex(old, ARGV[1], ARGV[2])",
          "local revision = redis.call('INCR', KEYS[3])",
          "local bytes, rest = {}, revision",
          "for i = 8, 1, -1 do",
          "  bytes[i] = rest % 256",
          "  rest = math.floor(rest / 256)",
          "end",
          "redis.call('SET', KEYS[1], string.sub(ARGV[3], 1, 1) .. string.char(unpack(bytes))",
          "  .. string.sub(ARGV[3], 10))",
          "redis.call('SADD', KEYS[2], ARGV[1])",
          "for i = 4, #KEYS do redis.call('SADD', KEYS[i], ARGV[1]) end",
          "return revision");

  /**
   * The delete script. KEYS: the record, the app set. ARGV: the app digest, the attribute set
   * prefix, and the state read earlier (both empty for an unconditional delete). Answers 1 when it
   * deleted the record, 0 when there was none or it was not in the state read earlier.
   */
  static final String DELETE_SCRIPT =
      String.join(
          "\n",
          FUNCTIONS,
          "local old = redis.call('GET', KEYS[1])",
          "if not old then return 0 end",
          "if ARGV[3] ~= '' and not unchanged(old, ARGV[3], ARGV[4]) then return 0 end",
          "unindex(old, ARGV[1], ARGV[2])",
          "redis.call('DEL', KEYS[1])",
          "redis.call('SREM', KEYS[2], ARGV[1])",
          "return 1");

  /* The operations StoreUnavailableException names for this backend's reads and writes. */
  private static final Operation WRITE = Operation.WRITE_RECORD;
  private static final Operation READ = Operation.READ_RECORDS;

  private static final byte[] NONE = new byte[0];

  private final RecordKeys keys;
  private final String writeSha;
  private final String deleteSha;

  private RedisSealedRecords(Builder builder) {
    super(builder);
    this.keys = new RecordKeys(prefix());
    this.writeSha = commands.digest(WRITE_SCRIPT);
    this.deleteSha = commands.digest(DELETE_SCRIPT);
  }

  /**
   * A backend with the defaults ({@value #DEFAULT_PREFIX}, 2 seconds) on {@code commands}.
   *
   * @param commands the reactive commands of a connection with a byte-array codec, for example
   *     {@code client.connect(ByteArrayCodec.INSTANCE).reactive()}, or {@link
   *     RedisStoreConnection#commands()}; never closed by this backend
   * @return a new backend
   * @throws NullPointerException when {@code commands} is null
   */
  public static RedisSealedRecords create(RedisClusterReactiveCommands<byte[], byte[]> commands) {
    return builder(commands).build();
  }

  /**
   * A builder starting from the defaults.
   *
   * @param commands the reactive commands of a connection with a byte-array codec; never closed by
   *     the backend
   * @return a new builder
   * @throws NullPointerException when {@code commands} is null
   */
  public static Builder builder(RedisClusterReactiveCommands<byte[], byte[]> commands) {
    return new Builder(commands);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: one script; errors with {@link StoreUnavailableException} when Redis cannot store it
   * within {@link #timeout()}.
   *
   * @throws IllegalArgumentException when the record has more than 65,535 attributes
   */
  @Override
  public Mono<SealedRecord> upsert(SealedRecord record) {
    Objects.requireNonNull(record, "record");
    checkAttributes(record);
    return write(record, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: one script, which compares the stored revision, key id and sealed token with those of
   * {@code seen}; errors with {@link StoreUnavailableException} when Redis cannot answer within
   * {@link #timeout()}.
   *
   * @throws IllegalArgumentException also when the replacement has more than 65,535 attributes
   */
  @Override
  public Mono<SealedRecord> replaceIfUnchanged(SealedRecord seen, SealedRecord replacement) {
    Objects.requireNonNull(seen, "seen");
    Objects.requireNonNull(replacement, "replacement");
    if (!seen.clientId().equals(replacement.clientId())
        || !seen.appId().equals(replacement.appId())) {
      throw new IllegalArgumentException("The replacement names another client id or app id");
    }
    checkAttributes(replacement);
    return write(replacement, seen);
  }

  private static void checkAttributes(SealedRecord record) {
    if (record.attributes().size() > SealedRecordFormat.MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(
          "A record has at most " + SealedRecordFormat.MAX_ATTRIBUTES + " attributes");
    }
  }

  private Mono<SealedRecord> write(SealedRecord record, @Nullable SealedRecord seen) {
    return Mono.defer(
        () -> {
          RecordKeys.Client client = keys.client(record.clientId());
          byte[] member = client.member(record.appId());
          List<byte[]> digests = new ArrayList<>(record.attributes().size());
          for (Map.Entry<String, String> attribute : record.attributes().entrySet()) {
            digests.add(client.attribute(attribute.getKey(), attribute.getValue()));
          }
          byte[][] scriptKeys = new byte[3 + digests.size()][];
          scriptKeys[0] = client.record(member);
          scriptKeys[1] = client.apps();
          scriptKeys[2] = client.counter();
          for (int i = 0; i < digests.size(); i++) {
            scriptKeys[3 + i] = client.attributeSet(digests.get(i));
          }
          byte[][] arguments = {
            member,
            client.attributePrefix(),
            SealedRecordFormat.encode(record, digests),
            seen == null ? NONE : SealedRecordFormat.storedHead(seen),
            seen == null ? NONE : SealedRecordFormat.storedIdentity(seen)
          };
          return StoreCalls.call(
                  WRITE, timeout, () -> runScript(WRITE_SCRIPT, writeSha, scriptKeys, arguments))
              .filter(revision -> revision > 0)
              .map(revision -> record.withRevision(revision));
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: one script; errors with {@link StoreUnavailableException} when Redis cannot answer
   * within {@link #timeout()}.
   */
  @Override
  public Mono<Boolean> delete(String clientId, String appId) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(appId, "appId");
    return remove(clientId, appId, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: one script, which compares the stored revision, key id and sealed token with those of
   * {@code seen}; errors with {@link StoreUnavailableException} when Redis cannot answer within
   * {@link #timeout()}.
   */
  @Override
  public Mono<Boolean> deleteIfUnchanged(SealedRecord seen) {
    Objects.requireNonNull(seen, "seen");
    return remove(seen.clientId(), seen.appId(), seen);
  }

  private Mono<Boolean> remove(String clientId, String appId, @Nullable SealedRecord seen) {
    return Mono.defer(
        () -> {
          RecordKeys.Client client = keys.client(clientId);
          byte[] member = client.member(appId);
          byte[][] scriptKeys = {client.record(member), client.apps()};
          byte[][] arguments = {
            member,
            client.attributePrefix(),
            seen == null ? NONE : SealedRecordFormat.storedHead(seen),
            seen == null ? NONE : SealedRecordFormat.storedIdentity(seen)
          };
          return StoreCalls.call(
                  WRITE, timeout, () -> runScript(DELETE_SCRIPT, deleteSha, scriptKeys, arguments))
              .map(deleted -> deleted == 1L);
        });
  }

  private Mono<Long> runScript(String script, String sha, byte[][] scriptKeys, byte[][] arguments) {
    return commands
        .<Long>evalsha(sha, ScriptOutputType.INTEGER, scriptKeys, arguments)
        .next()
        // Redis forgets scripts on restart and SCRIPT FLUSH; EVAL loads it again.
        .onErrorResume(
            RedisNoScriptException.class,
            unknown ->
                commands
                    .<Long>eval(script, ScriptOutputType.INTEGER, scriptKeys, arguments)
                    .next());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: one {@code GET}; errors with {@link IllegalStateException} when the stored record is
   * in a format this version cannot read or is not the record its key names, and with {@link
   * StoreUnavailableException} when Redis cannot answer within {@link #timeout()}.
   */
  @Override
  public Mono<SealedRecord> find(String clientId, String appId) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(appId, "appId");
    return Mono.defer(
        () -> {
          RecordKeys.Client client = keys.client(clientId);
          byte[] member = client.member(appId);
          return StoreCalls.call(READ, timeout, () -> commands.get(client.record(member)))
              .map(
                  stored ->
                      ofClient(client, member, stored).orElseThrow(RedisSealedRecords::misplaced));
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: {@code SSCAN} of the attribute's set and one {@code MGET} per batch, as the subscriber
   * asks; errors with {@link IllegalStateException} when a record is in a format this version
   * cannot read, and with {@link StoreUnavailableException} when a command does not answer within
   * {@link #timeout()}.
   */
  @Override
  public Flux<SealedRecord> findByAttribute(String clientId, String name, String value) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return Flux.defer(
        () -> {
          RecordKeys.Client client = keys.client(clientId);
          return scan(
              client,
              client.attributeSet(client.attribute(name, value)),
              record -> value.equals(record.attributes().get(name)));
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Here: {@code SSCAN} of the client's app set and one {@code MGET} per batch, as the
   * subscriber asks; errors with {@link IllegalStateException} when a record is in a format this
   * version cannot read, and with {@link StoreUnavailableException} when a command does not answer
   * within {@link #timeout()}.
   */
  @Override
  public Flux<SealedRecord> list(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return Flux.defer(
        () -> {
          RecordKeys.Client client = keys.client(clientId);
          return scan(client, client.apps(), record -> true);
        });
  }

  /** A batch of a walk: the cursor after it and the records it read. */
  private record Batch(ScanCursor cursor, List<SealedRecord> records) {}

  /** Where a walk has got to: the cursor of its next {@code SSCAN}. */
  private static final class Walk {
    /** Written when a batch arrives, read when the next is asked for, on any thread. */
    volatile ScanCursor next = ScanCursor.INITIAL;
  }

  /**
   * The records of the apps in {@code set}, one batch at a time: the next {@code SSCAN} is sent
   * only once the previous batch was emitted and the subscriber asks for more, and each batch's
   * {@code SSCAN} and {@code MGET} run back to back, so no command waits on the subscriber within
   * its deadline.
   */
  private Flux<SealedRecord> scan(
      RecordKeys.Client client, byte[] set, Predicate<SealedRecord> keep) {
    Walk walk = new Walk();
    return Flux.<ScanCursor>generate(
            sink -> {
              ScanCursor cursor = walk.next;
              if (cursor.isFinished()) {
                sink.complete();
              } else {
                sink.next(cursor);
              }
            })
        // No prefetch: the next cursor is asked for once the batch before it has ended.
        .concatMap(
            cursor ->
                batch(client, set, cursor, keep)
                    .doOnNext(batch -> walk.next = batch.cursor())
                    .flatMapIterable(Batch::records),
            0);
  }

  private Mono<Batch> batch(
      RecordKeys.Client client, byte[] set, ScanCursor cursor, Predicate<SealedRecord> keep) {
    return StoreCalls.call(
            READ, timeout, () -> commands.sscan(set, cursor, ScanArgs.Builder.limit(SCAN_COUNT)))
        .flatMap(
            scanned ->
                records(client, scanned.getValues(), keep)
                    .map(records -> new Batch(scanned, records)));
  }

  private Mono<List<SealedRecord>> records(
      RecordKeys.Client client, List<byte[]> members, Predicate<SealedRecord> keep) {
    if (members.isEmpty()) {
      return Mono.just(List.of());
    }
    byte[][] recordKeys = new byte[members.size()][];
    for (int i = 0; i < recordKeys.length; i++) {
      recordKeys[i] = client.record(members.get(i));
    }
    return StoreCalls.call(READ, timeout, () -> commands.mget(recordKeys).collectList())
        .map(
            values -> {
              List<SealedRecord> records = new ArrayList<>(values.size());
              for (int i = 0; i < values.size(); i++) {
                KeyValue<byte[], byte[]> stored = values.get(i);
                // No value: the app was deleted since the SSCAN.
                if (stored.hasValue()) {
                  ofClient(client, members.get(i), stored.getValue())
                      .filter(keep)
                      .ifPresent(records::add);
                }
              }
              return records;
            });
  }

  /**
   * The record stored under {@code member}'s key; empty when it is another client's (their tags
   * collided, so they share an app set).
   *
   * @throws IllegalStateException when it cannot be read, or is not the app its key names
   */
  private static Optional<SealedRecord> ofClient(
      RecordKeys.Client client, byte[] member, byte[] stored) {
    SealedRecord record = SealedRecordFormat.decode(stored);
    if (!record.clientId().equals(client.clientId())) {
      return Optional.empty();
    }
    if (!Arrays.equals(client.member(record.appId()), member)) {
      throw misplaced();
    }
    return Optional.of(record);
  }

  private static IllegalStateException misplaced() {
    return new IllegalStateException(
        "The stored connected app is not the one its key names: it was not written there by this"
            + " library");
  }

  /**
   * Configures a {@link RedisSealedRecords}: {@code prefix} (default {@value
   * RedisSealedRecords#DEFAULT_PREFIX}) and {@code timeout} (default 2 seconds); not thread-safe,
   * use once.
   */
  public static final class Builder extends RedisBuilder<Builder> {

    private Builder(RedisClusterReactiveCommands<byte[], byte[]> commands) {
      super(commands, DEFAULT_PREFIX);
    }

    @Override
    Builder self() {
      return this;
    }

    /**
     * Sets the prefix of every key. Instances that share records must use the same prefix (and the
     * same Redis); applications that share a Redis use different ones.
     *
     * @param prefix 1 to 256 visible ASCII characters, without a brace (&#123; or &#125;): the
     *     backend puts a Redis Cluster hash tag after it
     * @return this builder
     * @throws NullPointerException when {@code prefix} is null
     * @throws IllegalArgumentException when empty, too long, with a space, a control character or a
     *     brace
     */
    @Override
    public Builder prefix(String prefix) {
      return super.prefix(RecordKeys.checkedPrefix(prefix));
    }

    /**
     * A new backend. Sends nothing to Redis.
     *
     * @return a backend with this builder's settings
     */
    public RedisSealedRecords build() {
      return new RedisSealedRecords(this);
    }
  }
}
