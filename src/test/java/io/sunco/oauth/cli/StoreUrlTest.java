package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.postgresql.client.SSLMode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreUrlTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "postgresql://app@db.internal/connected | true | db.internal:5432",
        "postgres://app@127.0.0.1:6543/connected?sslmode=verify-full | true | 127.0.0.1:6543",
        "redis://cache.internal | false | cache.internal:6379",
        "rediss://cache.internal:6380/2 | false | cache.internal:6380",
        "redis://worker@[::1]:7000 | false | [::1]:7000",
        "postgresql://app@postgres_db:6543/connected | true | postgres_db:6543",
        "redis://redis_cache | false | redis_cache:6379"
      })
  void parseWhenAValidStoreUrlThenItsKindAndHostPort(
      String url, boolean postgres, String hostPort) {
    StoreUrl parsed = StoreUrl.parse(url);

    assertThat(parsed.postgres()).isEqualTo(postgres);
    assertThat(parsed.hostPort()).isEqualTo(hostPort);
    assertThat(parsed.toString()).endsWith("://" + hostPort).doesNotContain("@");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "db.internal/connected | not a URL or no scheme | the scheme must be postgresql, redis or"
            + " rediss",
        "mysql://app@db/connected | another database | the scheme must be postgresql, redis or"
            + " rediss",
        "postgresql://db.internal/connected | no user | names its user",
        "postgresql://app@db.internal | no database | names its database",
        "postgresql://app@db.internal/a/b | a path that is no database | names its database",
        "postgresql://app@db.internal/c?sslmode=sometimes | no sslmode of libpq's | sslmode must"
            + " be disable, allow, prefer, require, verify-ca or verify-full",
        "postgresql://app@db_1:99999/c | a port out of range | the port must be a number",
        "postgresql://app@db.internal/c?ssl=true | another parameter | one query parameter, sslmode",
        "redis://cache.internal/zero | a path that is no database number | a database number",
        "redis://cache.internal?timeout=5 | a query | takes no query",
        "redis:///0 | no host | names no host"
      })
  void parseWhenTheUrlBreaksARuleThenAUsageErrorNamingIt(String url, String why, String rule) {
    assertThatThrownBy(() -> StoreUrl.parse(url))
        .as(why)
        .isInstanceOfSatisfying(
            CliFailure.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
              assertThat(e.getMessage()).startsWith("invalid --store: ").contains(rule);
            });
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "postgresql://app:pw-s3cret@db.internal/connected | PGPASSWORD",
        "redis://:pw-s3cret@cache.internal | REDISCLI_AUTH",
        "rediss://worker:pw-s3cret@cache.internal | REDISCLI_AUTH"
      })
  void parseWhenThePasswordIsInTheUrlThenRefusedNamingTheVariableWithoutEchoingIt(
      String url, String variable) {
    assertThatThrownBy(() -> StoreUrl.parse(url))
        .isInstanceOf(CliFailure.class)
        .hasMessageContaining("$" + variable)
        .message()
        .doesNotContain("pw-s3cret");
  }

  @ParameterizedTest
  @CsvSource({
    "postgresql://app@db.internal/c, REQUIRE",
    "postgresql://app@127.0.0.1/c, DISABLE",
    "postgresql://app@localhost/c, DISABLE",
    "postgresql://app@db.internal/c?sslmode=verify-full, VERIFY_FULL",
    "postgresql://app@127.0.0.1/c?sslmode=require, REQUIRE"
  })
  void sslModeWhenNotGivenThenRequiredOffLoopbackSoThePasswordNeverCrossesANetworkInClear(
      String url, SSLMode expected) {
    assertThat(StoreUrl.parse(url).sslMode()).isEqualTo(expected);
  }

  @Test
  void openWhenTheOptionOfTheOtherKindOfStoreThenAUsageError() {
    CliContext context = new CliRun(Map.of()).cli.context();

    assertThatThrownBy(
            () ->
                StoreUrl.parse("postgresql://app@127.0.0.1/c")
                    .open(context, null, "p:", Duration.ofSeconds(2)))
        .isInstanceOf(CliFailure.class)
        .hasMessageContaining("--prefix is for a Redis store");
    assertThatThrownBy(
            () ->
                StoreUrl.parse("redis://127.0.0.1").open(context, "t", null, Duration.ofSeconds(2)))
        .isInstanceOf(CliFailure.class)
        .hasMessageContaining("--table is for a PostgreSQL store");
  }
}
