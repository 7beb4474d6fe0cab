package io.sunco.oauth.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The builder checks its arguments when called: a table name is a plain lower-case identifier
 * (never SQL), a deadline is positive and at most one minute. No database: nothing is sent before a
 * call is subscribed.
 */
class PostgresSealedRecordsBuilderTest {

  /** Never asked for a connection: building sends nothing. */
  private static final ConnectionFactory FACTORY = PostgresServer.connectionFactory(1, "unused");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Upper",
        "1table",
        "with-dash",
        "with space",
        "quote\"d",
        "schema.table",
        "t; DROP TABLE users",
        "ünïcode",
        "a23456789012345678901234567890123456789012345678x"
      })
  void tableWhenNotAPlainLowerCaseIdentifierThenIllegalArgumentException(String table) {
    PostgresSealedRecords.Builder builder = PostgresSealedRecords.builder(FACTORY);

    assertThatThrownBy(() -> builder.table(table))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining(table.isEmpty() ? "\u0000" : table);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "t",
        "_t",
        "sunco_connected_app",
        "a23456789012345678901234567890123456789012345678"
      })
  void tableWhenAPlainLowerCaseIdentifierOfAtMost48ThenAccepted(String table) {
    assertThat(PostgresSealedRecords.builder(FACTORY).table(table).build())
        .hasToString("PostgresSealedRecords[table=" + table + ", timeout=PT2S]");
  }

  @Test
  void builderWhenArgumentsAreNullThenNullPointerException() {
    assertThatThrownBy(() -> PostgresSealedRecords.builder(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PostgresSealedRecords.builder(FACTORY).table(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> PostgresSealedRecords.builder(FACTORY).timeout(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void timeoutWhenNotPositiveOrOverOneMinuteThenIllegalArgumentExceptionAndAtTheBoundsAccepted() {
    PostgresSealedRecords.Builder builder = PostgresSealedRecords.builder(FACTORY);

    assertThatThrownBy(() -> builder.timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.timeout(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.timeout(Duration.ofMinutes(1).plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(builder.timeout(Duration.ofNanos(1)).build())
        .hasToString("PostgresSealedRecords[table=sunco_connected_app, timeout=PT0.000000001S]");
    assertThat(builder.timeout(Duration.ofMinutes(1)).build())
        .hasToString("PostgresSealedRecords[table=sunco_connected_app, timeout=PT1M]");
  }

  @Test
  void defaultsWhenReadThenTheDocumentedValues() {
    assertThat(PostgresSealedRecords.DEFAULT_TABLE).isEqualTo("sunco_connected_app");
    assertThat(PostgresSealedRecords.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(2));
    assertThat(PostgresSealedRecords.builder(FACTORY).build())
        .hasToString("PostgresSealedRecords[table=sunco_connected_app, timeout=PT2S]");
  }
}
