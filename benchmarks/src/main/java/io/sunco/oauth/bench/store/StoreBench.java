package io.sunco.oauth.bench.store;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.r2dbc.spi.ConnectionFactory;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.bench.store.Load.Op;
import io.sunco.oauth.bench.store.Load.Window;
import io.sunco.oauth.postgres.PostgresSealedRecords;
import io.sunco.oauth.redis.RedisSealedRecords;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.ConnectionStatus;
import io.sunco.oauth.store.InMemorySealedRecords;
import io.sunco.oauth.store.KeyRing;
import io.sunco.oauth.store.SealedRecords;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The connected-app store's numbers (issue 26, item 9): {@link ConnectedAppStore#save}, {@link
 * ConnectedAppStore#find}, {@link ConnectedAppStore#list} and {@link ConnectedAppStore#delete} on
 * each backend side by side, AES-GCM sealing and opening included (they are part of the store's
 * cost), and the bytes each backend spends per record.
 *
 * <p>Backends ({@code --backends}, all by default): {@code memory} ({@link InMemorySealedRecords},
 * the floor: sealing and the store's own work, no I/O); {@code postgres} ({@link
 * PostgresSealedRecords} on r2dbc-postgresql's unpooled connection factory: a new connection per
 * call, as the factory alone gives); {@code postgres-pool} (the same on {@link FixedPool}, {@code
 * --concurrency} warm connections: {@code r2dbc-pool} is not available here); {@code redis} ({@link
 * RedisSealedRecords} on one Lettuce connection). This class starts its own PostgreSQL ({@link
 * PostgresProcess}, as {@code nobody} when root) and {@code redis-server} ({@link RedisProcess}) on
 * free ports of 127.0.0.1, each held to {@code --server-cpus} when given, and stops both at the
 * end, also on a failure or a SIGTERM (a shutdown hook).
 *
 * <p>Per backend: {@code --records} records of one client id are saved (16 at a time, untimed; for
 * the unpooled PostgreSQL through a pool on the same table), and the bytes per record measured
 * (PostgreSQL: {@code pg_total_relation_size} and its parts per row, {@code pg_column_size} of a
 * row; Redis: {@code INFO memory}'s {@code used_memory} growth per record, and {@code MEMORY USAGE}
 * of every key: the record's key, the app set and the attribute sets); then {@code --list-records}
 * records of a second client id (listed whole by each {@code list} call) and {@code
 * --delete-records} of a third (each deleted once). Per operation: a warm-up at concurrency 16, one
 * call at a time (p50 and p99 of single calls, and operations per second at concurrency 1), then
 * {@code --concurrency} calls in flight (operations per second); every window bounded by {@code
 * --*-s} seconds and {@code --*-max} calls, deletes also by the records left to delete (the records
 * a window deleted are saved again, untimed, before the next window). Every call is checked: a find
 * emits the record, a delete deletes one, a list emits every record of its client id; a failed
 * check counts as an error.
 *
 * <p>Writes {@code store.tsv} (one line per backend and operation), {@code store-bytes.tsv} and
 * {@code store.md} (the tables, which {@code Report} adds to {@code results.md}) under {@code
 * --out}.
 */
public final class StoreBench {

  private static final String CLIENT = "bench-client";
  private static final String LIST_CLIENT = "bench-list";
  private static final String DELETE_CLIENT = "bench-delete";
  private static final String KEY_ID = "bench-key-1";
  private static final String POOL_TABLE = "sunco_connected_app_pool";

  static final List<String> BACKENDS = List.of("memory", "postgres", "postgres-pool", "redis");
  static final List<String> OPS = List.of("save", "find", "list", "delete");

  private static final Duration POPULATE_BOUND = Duration.ofMinutes(10);

  private StoreBench() {}

  /** The options, with their defaults. */
  private record Settings(
      Path out,
      List<String> backends,
      int records,
      int listRecords,
      int deleteRecords,
      int concurrency,
      double warmupSeconds,
      double seqSeconds,
      long seqMax,
      double loadSeconds,
      long loadMax,
      String serverCpus) {

    static Settings parse(String[] args) {
      Map<String, String> o = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--") || i + 1 >= args.length) {
          throw new IllegalArgumentException("expected --name value pairs, got: " + args[i]);
        }
        o.put(args[i].substring(2), args[++i]);
      }
      List<String> backends =
          Arrays.asList(o.getOrDefault("backends", String.join(",", BACKENDS)).split(","));
      for (String backend : backends) {
        if (!BACKENDS.contains(backend)) {
          throw new IllegalArgumentException("unknown backend " + backend + "; known: " + BACKENDS);
        }
      }
      return new Settings(
          Path.of(o.getOrDefault("out", "benchmarks/target/results")),
          backends,
          Integer.parseInt(o.getOrDefault("records", "10000")),
          Integer.parseInt(o.getOrDefault("list-records", "1000")),
          Integer.parseInt(o.getOrDefault("delete-records", "20000")),
          Integer.parseInt(o.getOrDefault("concurrency", "16")),
          Double.parseDouble(o.getOrDefault("warmup-s", "3")),
          Double.parseDouble(o.getOrDefault("seq-s", "4")),
          Long.parseLong(o.getOrDefault("seq-max", "200000")),
          Double.parseDouble(o.getOrDefault("load-s", "4")),
          Long.parseLong(o.getOrDefault("load-max", "2000000")),
          o.getOrDefault("server-cpus", ""));
    }
  }

  /** One line of the latency and throughput table. */
  private record Row(String backend, String op, Window seq, Window load) {}

  /** The servers and connections of a run; closed in reverse order, each at most once. */
  private static final class Resources {
    private final List<AutoCloseable> open = new ArrayList<>();

    synchronized <T extends AutoCloseable> T add(T resource) {
      open.add(resource);
      return resource;
    }

    synchronized void closeAll() {
      for (int i = open.size() - 1; i >= 0; i--) {
        try {
          open.get(i).close();
        } catch (Exception e) {
          System.err.println("store bench: closing " + open.get(i) + ": " + Load.describe(e));
        }
      }
      open.clear();
    }
  }

  public static void main(String[] args) throws IOException {
    Settings settings = Settings.parse(args);
    Files.createDirectories(settings.out());
    Resources resources = new Resources();
    Thread hook = new Thread(resources::closeAll, "store-bench-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    List<Row> rows = new ArrayList<>();
    Map<String, Map<String, Long>> bytes = new LinkedHashMap<>();
    Map<String, String> meta = new LinkedHashMap<>();
    try {
      run(settings, resources, rows, bytes, meta);
    } catch (RuntimeException | Error e) {
      meta.put("failure", Load.describe(e));
      throw e;
    } finally {
      resources.closeAll();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down (a SIGTERM from run.sh's timeout): the hook runs anyway.
      }
      write(settings, rows, bytes, meta);
    }
    // Lettuce's and Reactor's threads are daemons or shut down: nothing keeps the JVM alive, but
    // a stray non-daemon thread must not hold the run.sh step until its timeout.
    System.exit(0);
  }

  private static void run(
      Settings settings,
      Resources resources,
      List<Row> rows,
      Map<String, Map<String, Long>> bytes,
      Map<String, String> meta) {
    KeyRing ring = keyRing();
    PostgresProcess postgres = null;
    RedisProcess redis = null;
    for (String backend : settings.backends()) {
      System.out.println("== store: " + backend);
      SealedRecords records;
      // What the untimed saves before the windows go through: the backend itself, but for the
      // unpooled PostgreSQL a pool on the same table (no point opening 30,000 connections there).
      SealedRecords filler;
      Runnable measureBytes = () -> {};
      switch (backend) {
        case "memory" -> {
          records = InMemorySealedRecords.create();
          filler = records;
        }
        case "postgres", "postgres-pool" -> {
          if (postgres == null) {
            postgres =
                resources.add(
                    PostgresProcess.start(
                        settings.out().resolve("postgres.log"), settings.serverCpus()));
            meta.put("postgres", PgSizes.version(postgres.connectionFactory("sunco-bench")));
          }
          ConnectionFactory factory = postgres.connectionFactory("sunco-bench-" + backend);
          String table = PostgresSealedRecords.DEFAULT_TABLE;
          if (backend.equals("postgres-pool")) {
            factory = resources.add(FixedPool.open(factory, settings.concurrency()));
            table = POOL_TABLE;
          }
          PostgresSealedRecords postgresRecords =
              PostgresSealedRecords.builder(factory).table(table).build();
          postgresRecords.createSchema().block(Duration.ofMinutes(1));
          records = postgresRecords;
          filler =
              backend.equals("postgres-pool")
                  ? records
                  : PostgresSealedRecords.builder(
                          resources.add(
                              FixedPool.open(
                                  postgres.connectionFactory("sunco-bench-fill"),
                                  settings.concurrency())))
                      .table(table)
                      .build();
          ConnectionFactory admin = postgres.connectionFactory("sunco-bench-sizes");
          String sized = table;
          long empty = PgSizes.total(admin, table);
          measureBytes = () -> bytes.put(backend, PgSizes.of(admin, sized, empty));
        }
        case "redis" -> {
          if (redis == null) {
            redis =
                resources.add(
                    RedisProcess.start(
                        settings.out().resolve("redis-server.log"), settings.serverCpus()));
          }
          RedisClient client = RedisClient.create(redis.uri());
          resources.add((AutoCloseable) client::shutdown);
          StatefulRedisConnection<byte[], byte[]> connection =
              client.connect(ByteArrayCodec.INSTANCE);
          resources.add(connection);
          RedisReactiveCommands<byte[], byte[]> commands = connection.reactive();
          meta.put("redis", RedisSizes.version(commands));
          records = RedisSealedRecords.create(commands);
          filler = records;
          long before = RedisSizes.usedMemory(commands);
          measureBytes =
              () -> bytes.put(backend, RedisSizes.of(commands, before, settings.records()));
        }
        default -> throw new IllegalArgumentException(backend);
      }
      rows.addAll(runBackend(backend, records, filler, ring, settings, measureBytes));
    }
  }

  /** A ring of one random key, as a key file would give. */
  private static KeyRing keyRing() {
    byte[] key = new byte[KeyRing.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return KeyRing.builder().key(KEY_ID, key).primary(KEY_ID).build();
  }

  private static ConnectedAppStore store(SealedRecords records, KeyRing ring, String clientId) {
    return ConnectedAppStore.builder().records(records).keyRing(ring).clientId(clientId).build();
  }

  /**
   * {@code count} records shaped like real ones: a 24-character hex app id, a subdomain and its API
   * base URL, a 64-character token (93 bytes sealed), two attributes (the application's user and
   * tenant).
   */
  static List<ConnectedAppRecord> records(String prefix, int count) {
    Random random = new Random(count * 31L + prefix.hashCode());
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    Instant now = Instant.now();
    List<ConnectedAppRecord> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] token = new byte[48];
      random.nextBytes(token);
      String subdomain = prefix + "-" + i;
      records.add(
          new ConnectedAppRecord(
              String.format(Locale.ROOT, "5e%022x", i),
              Optional.of(subdomain),
              Optional.of(URI.create("https://" + subdomain + ".zendesk.com/sc")),
              AccessToken.bearer(base64.encodeToString(token)),
              now,
              Optional.empty(),
              ConnectionStatus.CONNECTED,
              Map.of("user", "user-" + i, "tenant", "tenant-" + (i % 100))));
    }
    return records;
  }

  private static void populate(ConnectedAppStore store, List<ConnectedAppRecord> records, int c) {
    Flux.fromIterable(records).flatMap(store::save, c).then().block(POPULATE_BOUND);
  }

  private static List<Row> runBackend(
      String backend,
      SealedRecords records,
      SealedRecords filler,
      KeyRing ring,
      Settings settings,
      Runnable measureBytes) {
    ConnectedAppStore main = store(records, ring, CLIENT);
    ConnectedAppStore listed = store(records, ring, LIST_CLIENT);
    ConnectedAppStore deleted = store(records, ring, DELETE_CLIENT);
    ConnectedAppStore deletedFiller = store(filler, ring, DELETE_CLIENT);
    List<ConnectedAppRecord> mainRecords = records(CLIENT, settings.records());
    List<ConnectedAppRecord> deleteRecords = records(DELETE_CLIENT, settings.deleteRecords());
    int c = settings.concurrency();

    populate(store(filler, ring, CLIENT), mainRecords, c);
    measureBytes.run();
    populate(store(filler, ring, LIST_CLIENT), records(LIST_CLIENT, settings.listRecords()), c);
    populate(deletedFiller, deleteRecords, c);

    int n = mainRecords.size();
    int listSize = settings.listRecords();
    Map<String, Op> ops = new LinkedHashMap<>();
    ops.put("save", i -> main.save(mainRecords.get((int) (i % n))));
    ops.put(
        "find",
        i ->
            main.find(mainRecords.get((int) (i % n)).appId())
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("find: no record"))));
    ops.put(
        "list",
        i ->
            listed
                .list()
                .count()
                .filter(count -> count == listSize)
                .switchIfEmpty(
                    Mono.error(() -> new IllegalStateException("list: not every record"))));
    ops.put(
        "delete",
        i ->
            deleted
                .delete(deleteRecords.get((int) i).appId())
                .filter(Boolean::booleanValue)
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("delete: no record"))));

    List<Row> rows = new ArrayList<>();
    AtomicLong deleteCursor = new AtomicLong();
    for (String name : OPS) {
      Op op = ops.get(name);
      LongSupplier next;
      Runnable refill;
      if (name.equals("delete")) {
        // Each record is deleted once: a window ends when none is left. Before each window the
        // records the last one deleted are saved again (untimed), so each starts with all of them.
        next =
            () -> {
              long i = deleteCursor.getAndIncrement();
              return i < deleteRecords.size() ? i : -1;
            };
        refill =
            () -> {
              int used = (int) Math.min(deleteCursor.getAndSet(0), deleteRecords.size());
              populate(deletedFiller, deleteRecords.subList(0, used), c);
            };
      } else {
        AtomicLong counter = new AtomicLong();
        next = counter::getAndIncrement;
        refill = () -> {};
      }
      System.out.println("   " + name);
      refill.run();
      Load.concurrent(op, c, settings.warmupSeconds(), settings.loadMax(), next);
      refill.run();
      Window seq = Load.sequential(op, settings.seqSeconds(), settings.seqMax(), next);
      refill.run();
      Window load = Load.concurrent(op, c, settings.loadSeconds(), settings.loadMax(), next);
      rows.add(new Row(backend, name, seq, load));
      System.out.printf(
          Locale.ROOT,
          "   %-6s p50 %.0f µs, p99 %.0f µs, %.0f ops/s @1, %.0f ops/s @%d, errors %d + %d%n",
          name,
          seq.p50Micros(),
          seq.p99Micros(),
          seq.opsPerSecond(),
          load.opsPerSecond(),
          c,
          seq.errors(),
          load.errors());
    }
    return rows;
  }

  private static void write(
      Settings settings,
      List<Row> rows,
      Map<String, Map<String, Long>> bytes,
      Map<String, String> meta)
      throws IOException {
    StringBuilder tsv = new StringBuilder();
    tsv.append(
        "backend\top\tseq_calls\tseq_errors\tseq_s\tp50_us\tp99_us\tops_s_1\t"
            + "load_calls\tload_errors\tload_s\tops_s_c\tload_p50_us\tload_p99_us\tfirst_error\n");
    for (Row row : rows) {
      tsv.append(
          String.format(
              Locale.ROOT,
              "%s\t%s\t%d\t%d\t%.2f\t%.1f\t%.1f\t%.1f\t%d\t%d\t%.2f\t%.1f\t%.1f\t%.1f\t%s%n",
              row.backend(),
              row.op(),
              row.seq().calls(),
              row.seq().errors(),
              row.seq().seconds(),
              row.seq().p50Micros(),
              row.seq().p99Micros(),
              row.seq().opsPerSecond(),
              row.load().calls(),
              row.load().errors(),
              row.load().seconds(),
              row.load().opsPerSecond(),
              row.load().p50Micros(),
              row.load().p99Micros(),
              row.seq().firstError().isEmpty() ? row.load().firstError() : row.seq().firstError()));
    }
    Files.writeString(settings.out().resolve("store.tsv"), tsv, StandardCharsets.UTF_8);
    StringBuilder bytesTsv = new StringBuilder("backend\tmeasure\tvalue\n");
    bytes.forEach(
        (backend, values) ->
            values.forEach(
                (measure, value) ->
                    bytesTsv.append(backend + "\t" + measure + "\t" + value + "\n")));
    Files.writeString(settings.out().resolve("store-bytes.tsv"), bytesTsv, StandardCharsets.UTF_8);
    Files.writeString(
        settings.out().resolve("store.md"),
        StoreReport.markdown(
            settings.records(),
            settings.listRecords(),
            settings.concurrency(),
            rows.stream().map(StoreBench::reportRow).toList(),
            bytes,
            meta),
        StandardCharsets.UTF_8);
  }

  private static StoreReport.Line reportRow(Row row) {
    return new StoreReport.Line(
        row.backend(),
        row.op(),
        row.seq().p50Micros(),
        row.seq().p99Micros(),
        row.seq().opsPerSecond(),
        row.load().opsPerSecond(),
        row.load().p99Micros(),
        row.seq().calls() + row.load().calls(),
        row.seq().errors() + row.load().errors(),
        row.seq().firstError().isEmpty() ? row.load().firstError() : row.seq().firstError());
  }
}
