package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactory;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.postgres.PostgresSealedRecords;
import io.sunco.oauth.postgres.PostgresServer;
import io.sunco.oauth.redis.RedisSealedRecords;
import io.sunco.oauth.redis.RedisServer;
import io.sunco.oauth.redis.RedisStoreConnection;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.ConnectionStatus;
import io.sunco.oauth.store.KeyFile;
import io.sunco.oauth.store.KeyRing;
import io.sunco.oauth.store.SealedRecords;
import io.sunco.oauth.testing.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

/**
 * {@code store-reseal} through the built jar, against a real PostgreSQL and a real Redis started by
 * the tests: a rotation killed half-way (SIGKILL, as a crash) resumes with no record lost or
 * unreadable.
 */
class StoreResealCommandIT {

  private static final String CLIENT_ID = "reseal-it";
  private static final String OLD = "2026-06";
  private static final String NEW = "2026-12";

  /** A hang guard only: every call here answers in milliseconds on a quiet machine. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);

  /** A hang guard for writing the records a test starts from, one new connection each. */
  private static final Duration SEEDING = Duration.ofMinutes(5);

  /** The CLI's deadline per store call: the 2 s default is for a service, not a loaded CI. */
  private static final String CALL_DEADLINE = "30s";

  @TempDir Path dir;

  private final String oldKey = KeyFile.newKeyLine(OLD);
  private final String newKey = KeyFile.newKeyLine(NEW);

  /** The key file with {@code primary} and the given key lines, {@code chmod 600}. */
  private Path keyFile(String name, String primary, String... keyLines) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "primary = " + primary + "\n" + String.join("\n", keyLines) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static KeyRing ring(Path keyFile) {
    return Objects.requireNonNull(KeyFile.at(keyFile).keyRing().block(HANG_GUARD));
  }

  private static ConnectedAppStore store(SealedRecords records, KeyRing ring) {
    return ConnectedAppStore.builder().records(records).keyRing(ring).clientId(CLIENT_ID).build();
  }

  /** Saves {@code count} records under {@code ring}; returns each app id's token. */
  private static Map<String, String> connect(SealedRecords records, KeyRing ring, int count) {
    ConnectedAppStore store = store(records, ring);
    Map<String, String> tokens = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      tokens.put("app-" + i, "token-" + i + "-" + UUID.randomUUID());
    }
    Flux.fromIterable(tokens.entrySet())
        .flatMap(
            app ->
                store.save(
                    new ConnectedAppRecord(
                        app.getKey(),
                        Optional.of("acme"),
                        Optional.empty(),
                        AccessToken.bearer(app.getValue()),
                        Instant.parse("2026-12-01T10:00:00Z"),
                        Optional.empty(),
                        ConnectionStatus.CONNECTED,
                        Map.of())),
            4)
        .then()
        .block(SEEDING);
    return tokens;
  }

  /** Every record's key id, by app id. */
  private static Map<String, String> keyIds(SealedRecords records) {
    Map<String, String> keyIds = new LinkedHashMap<>();
    Objects.requireNonNull(
            records.list(CLIENT_ID).collectList().block(HANG_GUARD), "list emits a list")
        .forEach(record -> keyIds.put(record.appId(), record.keyId()));
    return keyIds;
  }

  /** Each app's token as a store on {@code ring} opens it; fails on a record that does not open. */
  private static Map<String, String> opened(SealedRecords records, KeyRing ring) {
    Map<String, String> tokens = new LinkedHashMap<>();
    Objects.requireNonNull(
            store(records, ring).list().collectList().block(HANG_GUARD), "list emits a list")
        .forEach(record -> tokens.put(record.appId(), record.token().value()));
    return tokens;
  }

  private static String[] reseal(String store, Path keyFile, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "store-reseal",
                "--store",
                store,
                "--key-file",
                keyFile.toString(),
                "--client-id",
                CLIENT_ID,
                "--timeout",
                CALL_DEADLINE));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Nested
  class OnPostgres {

    private ConnectionFactory factory;
    private String table;
    private SealedRecords records;
    private String url;

    @BeforeEach
    void createTable() {
      PostgresServer.require();
      PostgresServer server = PostgresServer.shared();
      factory = PostgresServer.connectionFactory(server.port(), "store-reseal-it");
      table = "reseal_" + UUID.randomUUID().toString().replace("-", "");
      PostgresSealedRecords postgres =
          PostgresSealedRecords.builder(factory).table(table).timeout(HANG_GUARD).build();
      postgres.createSchema().block(HANG_GUARD);
      records = postgres;
      url = "postgresql://" + PostgresServer.USER + "@127.0.0.1:" + server.port() + "/postgres";
    }

    @Test
    void storeResealWhenKilledHalfWayThenTheNextRunResealsTheRestAndNoRecordIsLostOrUnreadable()
        throws IOException {
      int count = 600;
      Map<String, String> tokens = connect(records, ring(keyFile("old.keys", OLD, oldKey)), count);
      Path rotation = keyFile("rotation.keys", NEW, newKey, oldKey);

      CliProcess.Result killed;
      long resealedBeforeKill;
      try (CliProcess first =
          CliProcess.start(
              Map.of(), reseal(url, rotation, "--table", table, "--concurrency", "1"))) {
        long deadline = System.nanoTime() + HANG_GUARD.toNanos();
        // Waits until the run is under way (a tenth resealed), then kills it as a crash would.
        while (first.isAlive() && underNewKey() < count / 10 && System.nanoTime() < deadline) {
          LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        killed = first.kill();
        // A write the killed process had already sent is still carried out by its session:
        // counted once the server has ended every session of the CLI.
        while (sessionsOfTheCli() > 0 && System.nanoTime() < deadline) {
          LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        resealedBeforeKill = underNewKey();
      }

      assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(137);
      assertThat(resealedBeforeKill).as("killed half-way").isBetween(1L, count - 1L);
      assertThat(opened(records, ring(rotation)))
          .as("after the kill, every record opens under its old key or the new one")
          .isEqualTo(tokens);

      CliProcess.Result second =
          CliProcess.run(Map.of(), reseal(url, rotation, "--table", table, "--json"));

      assertThat(second.exitCode()).as(second.toString()).isZero();
      assertThat(second.err()).as("no log line from the drivers").isEmpty();
      assertThat(second.out())
          .contains("\"ok\":true")
          .contains("\"primaryKeyId\":\"" + NEW + "\"")
          .contains("\"examined\":" + count)
          .contains("\"resealed\":" + (count - resealedBeforeKill))
          .contains("\"alreadyCurrent\":" + resealedBeforeKill)
          .contains("\"changedMeanwhile\":0");
      assertThat(keyIds(records).values()).hasSize(count).containsOnly(NEW);
      assertThat(opened(records, ring(keyFile("new.keys", NEW, newKey))))
          .as("the old key can go: the new one alone opens every record")
          .isEqualTo(tokens);
      assertThat(killed.all() + second.all()).doesNotContain(tokens.get("app-0"));
    }

    @Test
    void storeResealWhenARecordIsUnderAKeyTheFileLacksThenExit2NamingItAndTheRecordStaysAsItIs()
        throws IOException {
      Map<String, String> tokens = connect(records, ring(keyFile("old.keys", OLD, oldKey)), 3);

      CliProcess.Result run =
          CliProcess.run(Map.of(), reseal(url, keyFile("new.keys", NEW, newKey), "--table", table));

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.err())
          .startsWith("sunco-oauth store-reseal: ")
          .contains(OLD)
          .contains("app-")
          .contains("add its key to --key-file and run again");
      assertThat(keyIds(records).values()).hasSize(3).containsOnly(OLD);
      assertThat(opened(records, ring(keyFile("old2.keys", OLD, oldKey)))).isEqualTo(tokens);
      assertThat(run.all()).doesNotContain(tokens.get("app-0"));
    }

    @Test
    void storeResealWhenNothingListensThenExit4NamingHostAndPort() throws IOException {
      int nothing = Ports.unused();

      CliProcess.Result run =
          CliProcess.run(
              Map.of(),
              reseal(
                  "postgresql://postgres@127.0.0.1:" + nothing + "/postgres",
                  keyFile("new.keys", NEW, newKey)));

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
      assertThat(run.err()).contains("[127.0.0.1:" + nothing + "]").contains("run again");
    }

    @Test
    void storeResealWhenTheTableIsMissingThenExit3TheStoreRefusedAndNoRunAgain()
        throws IOException {
      CliProcess.Result run =
          CliProcess.run(
              Map.of(), reseal(url, keyFile("new.keys", NEW, newKey), "--table", "no_such_table"));

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err()).contains("the store refused").doesNotContain("run again");
    }

    private long underNewKey() {
      return keyIds(records).values().stream().filter(NEW::equals).count();
    }

    private long sessionsOfTheCli() {
      return ((Number)
              Objects.requireNonNull(
                  Flux.usingWhen(
                          factory.create(),
                          connection ->
                              Flux.from(
                                      connection
                                          .createStatement(
                                              "SELECT count(*) FROM pg_stat_activity WHERE"
                                                  + " application_name = $1")
                                          .bind("$1", StoreUrl.APPLICATION_NAME)
                                          .execute())
                                  .flatMap(result -> result.map((row, meta) -> row.get(0))),
                          connection -> connection.close())
                      .blockLast(HANG_GUARD)))
          .longValue();
    }
  }

  @Nested
  class OnRedis {

    @Test
    void storeResealWhenRunOnRedisThenEveryRecordIsUnderTheNewKeyAndOpensWithItAlone()
        throws Exception {
      RedisServer.require();
      try (RedisServer redis = RedisServer.start("--requirepass", "redis-s3cret");
          RedisStoreConnection connection =
              RedisStoreConnection.connect("redis://redis-s3cret@127.0.0.1:" + redis.port())) {
        SealedRecords records = RedisSealedRecords.create(connection.commands());
        Map<String, String> tokens = connect(records, ring(keyFile("old.keys", OLD, oldKey)), 50);
        Path rotation = keyFile("rotation.keys", NEW, newKey, oldKey);

        CliProcess.Result run =
            CliProcess.run(
                Map.of(StoreUrl.REDIS_PASSWORD_ENV, "redis-s3cret"),
                reseal("redis://127.0.0.1:" + redis.port(), rotation));
        CliProcess.Result again =
            CliProcess.run(
                Map.of(StoreUrl.REDIS_PASSWORD_ENV, "redis-s3cret"),
                reseal("redis://127.0.0.1:" + redis.port(), rotation));

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err()).as("no log line from Lettuce").isEmpty();
        assertThat(run.out())
            .isEqualTo(
                "Resealed 50 of 50 records of "
                    + CLIENT_ID
                    + " under key "
                    + NEW
                    + " (0 were under it already, 0 were written by someone else meanwhile).\n");
        assertThat(again.out()).startsWith("Resealed 0 of 50 records").contains("50 were under it");
        assertThat(keyIds(records).values()).hasSize(50).containsOnly(NEW);
        assertThat(opened(records, ring(keyFile("new.keys", NEW, newKey)))).isEqualTo(tokens);
        assertThat(run.all() + again.all()).doesNotContain("redis-s3cret");
      }
    }
  }

  @Test
  void storeResealWhenThePasswordIsInTheUrlThenExit2WithoutEchoingIt() throws IOException {
    CliProcess.Result run =
        CliProcess.run(
            Map.of(),
            reseal(
                "postgresql://postgres:pg-s3cret@127.0.0.1:5432/postgres",
                keyFile("new.keys", NEW, newKey)));

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("$" + StoreUrl.POSTGRES_PASSWORD_ENV);
    assertThat(run.all()).doesNotContain("pg-s3cret");
  }
}
