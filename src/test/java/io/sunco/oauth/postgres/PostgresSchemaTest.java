package io.sunco.oauth.postgres;

import static io.sunco.oauth.postgres.TestSql.HANG_GUARD;
import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactory;
import io.sunco.oauth.store.SealedRecord;
import io.sunco.oauth.testing.SampleRecords;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The shipped schema on a real PostgreSQL: it applies again and again without error, into a table
 * of the builder's name, concurrently from several instances, and gives the columns the package
 * documentation names.
 */
class PostgresSchemaTest {

  @RegisterExtension static final SharedPostgres postgres = new SharedPostgres();

  private final String clientId = "client-" + UUID.randomUUID();

  private static String freshTable() {
    return "t_" + UUID.randomUUID().toString().replace("-", "");
  }

  private PostgresSealedRecords backend(String table) {
    return PostgresSealedRecords.builder(postgres.server().connectionFactory())
        .table(table)
        .timeout(HANG_GUARD)
        .build();
  }

  private SealedRecord record(String appId) {
    return SampleRecords.acme(
        clientId, appId, "k1", new byte[] {1, 2, 3}, Optional.empty(), Map.of("user", "u1"));
  }

  @Test
  void createSchemaWhenAppliedAgainThenCompletesAndTheRowsStay() {
    PostgresSealedRecords records = backend(PostgresSealedRecords.DEFAULT_TABLE);
    StepVerifier.create(records.createSchema()).verifyComplete();
    SealedRecord stored = records.upsert(record("app-1")).block(HANG_GUARD);

    StepVerifier.create(records.createSchema()).verifyComplete();
    StepVerifier.create(records.createSchema()).verifyComplete();

    StepVerifier.create(records.find(clientId, "app-1")).expectNext(stored).verifyComplete();
  }

  @Test
  void createSchemaWhenACustomTableThenItsTableAndIndexAndOnlyItsRecords() {
    String table = freshTable();
    PostgresSealedRecords custom = backend(table);
    PostgresSealedRecords standard = backend(PostgresSealedRecords.DEFAULT_TABLE);
    standard.createSchema().block(HANG_GUARD);

    StepVerifier.create(custom.createSchema()).verifyComplete();
    StepVerifier.create(custom.createSchema()).verifyComplete();
    SealedRecord stored = custom.upsert(record("app-1")).block(HANG_GUARD);

    ConnectionFactory factory = postgres.server().connectionFactory();
    assertThat(TestSql.value(factory, "SELECT count(*) FROM \"" + table + "\"")).isEqualTo(1L);
    assertThat(
            TestSql.rows(
                factory,
                "SELECT indexname::text FROM pg_indexes WHERE tablename::text = $1 ORDER BY 1",
                table))
        .containsExactly(List.of(table + "_attributes"), List.of(table + "_pkey"));
    StepVerifier.create(custom.find(clientId, "app-1")).expectNext(stored).verifyComplete();
    StepVerifier.create(standard.find(clientId, "app-1")).verifyComplete();
  }

  @Test
  void createSchemaWhenInstancesApplyItAtOnceThenEachCompletes() {
    String table = freshTable();

    List<Boolean> done =
        Flux.range(0, 4)
            .flatMap(
                i ->
                    backend(table)
                        .createSchema()
                        .thenReturn(true)
                        .subscribeOn(Schedulers.parallel()))
            .collectList()
            .block(HANG_GUARD);

    assertThat(done).containsExactly(true, true, true, true);
  }

  @Test
  void createSchemaWhenAppliedThenTheColumnsAreTheRecordsComponentsWithTheirTypes() {
    String table = freshTable();
    backend(table).createSchema().block(HANG_GUARD);

    assertThat(
            TestSql.rows(
                postgres.server().connectionFactory(),
                "SELECT column_name::text, data_type::text, is_nullable::text"
                    + " FROM information_schema.columns WHERE table_name::text = $1"
                    + " ORDER BY ordinal_position",
                table))
        .containsExactly(
            List.of("client_id", "text", "NO"),
            List.of("app_id", "text", "NO"),
            List.of("subdomain", "text", "YES"),
            List.of("api_base_url", "text", "YES"),
            List.of("key_id", "text", "NO"),
            List.of("sealed_token", "bytea", "NO"),
            List.of("connected_at", "timestamp with time zone", "NO"),
            List.of("last_verified_at", "timestamp with time zone", "YES"),
            List.of("status", "text", "NO"),
            List.of("attributes", "jsonb", "NO"),
            List.of("revision", "bigint", "NO"));
  }

  @Test
  void schemaWhenLoadedFromTheJarThenItIsTheFileThePackageDocumentationNames() throws IOException {
    try (InputStream in =
        PostgresSealedRecords.class.getResourceAsStream("/io/sunco/oauth/postgres/schema.sql")) {
      assertThat(in).isNotNull();
      String schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(schema)
          .contains("CREATE TABLE IF NOT EXISTS \"" + PostgresSealedRecords.DEFAULT_TABLE + "\"")
          .contains("CREATE INDEX IF NOT EXISTS")
          .contains("PRIMARY KEY (client_id, app_id)");
    }
  }
}
