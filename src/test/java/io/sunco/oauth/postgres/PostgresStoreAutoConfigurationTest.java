package io.sunco.oauth.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.ConnectionFactory;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.boot.StoreFixtures;
import io.sunco.oauth.store.ConnectedAppStore;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The Spring Boot auto-configuration's PostgreSQL store ({@code sunco.oauth.store=postgres}) on a
 * real PostgreSQL: the application's R2DBC {@code ConnectionFactory} bean, the table of {@code
 * sunco.oauth.connected-apps.postgres.table}, created at start-up only when {@code create-schema}
 * says so, the token sealed in it. Lives here, beside the {@link PostgresServer} harness.
 */
class PostgresStoreAutoConfigurationTest {

  @RegisterExtension static final SharedPostgres postgres = new SharedPostgres();

  private static final String APP_ID = "app-" + UUID.randomUUID();
  private static final AccessToken TOKEN = AccessToken.bearer("token-kept-in-postgres-" + APP_ID);

  @TempDir Path dir;

  private final String table = "t_" + UUID.randomUUID().toString().replace("-", "");

  private ApplicationContextRunner runner() {
    ConnectionFactory factory = postgres.server().connectionFactory("boot-store-test");
    return StoreFixtures.RUNNER
        .withBean(ConnectionFactory.class, () -> factory)
        .withPropertyValues(
            "sunco.oauth.store=postgres",
            "sunco.oauth.keys.file=" + StoreFixtures.keyFile(dir, "k1"),
            "sunco.oauth.connected-apps.postgres.table=" + table);
  }

  private boolean tableExists() {
    return TestSql.rows(
            postgres.server().connectionFactory(), "SELECT to_regclass($1)::text", table)
        .stream()
        .anyMatch(row -> row.get(0) != null);
  }

  @Test
  void contextWhenCreateSchemaThenTableMadeAndTheTokenSealedInIt() {
    runner()
        .withPropertyValues("sunco.oauth.connected-apps.postgres.create-schema=true")
        .run(
            context -> {
              StoreFixtures.backend(context, PostgresSealedRecords.class);
              StoreFixtures.assertRoundTrip(
                  context.getBean(ConnectedAppStore.class), APP_ID, TOKEN);
              List<List<?>> rows =
                  TestSql.rows(
                      postgres.server().connectionFactory(),
                      "SELECT key_id, position(convert_to($2, 'UTF8') in sealed_token) FROM "
                          + table
                          + " WHERE app_id = $1",
                      APP_ID,
                      TOKEN.value());
              assertThat(rows).hasSize(1);
              assertThat(rows.get(0).get(0)).isEqualTo("k1");
              // The token's bytes appear nowhere in the sealed column.
              assertThat(((Number) rows.get(0).get(1)).intValue()).isZero();
            });
  }

  @Test
  void contextWhenCreateSchemaNotSetThenNoTableIsMade() {
    runner()
        .run(
            context -> {
              StoreFixtures.assertStartedWith(context, ConnectedAppStore.class);
              assertThat(tableExists()).isFalse();
            });
  }

  @Test
  void startWhenTableNameInvalidThenFailsNamingTheProperty() {
    runner()
        .withPropertyValues("sunco.oauth.connected-apps.postgres.table=no such table;")
        .run(
            context ->
                assertThat(StoreFixtures.failure(context))
                    .hasMessageStartingWith(
                        "sunco.oauth.connected-apps.postgres.table is invalid: "));
  }
}
