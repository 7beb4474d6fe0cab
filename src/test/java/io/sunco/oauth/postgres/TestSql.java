package io.sunco.oauth.postgres;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Plain SQL for the tests, to look at what the database holds: blocking, test threads only. */
final class TestSql {

  /** A hang guard for a loaded machine. */
  static final Duration HANG_GUARD = Duration.ofSeconds(30);

  private TestSql() {}

  /** The rows of a query, each as its column values in order ({@code null} for SQL NULL). */
  static List<List<?>> rows(ConnectionFactory factory, String sql, Object... parameters) {
    return Objects.requireNonNull(rowsLater(factory, sql, parameters).block(HANG_GUARD));
  }

  /** The same, as a {@code Mono}. */
  static Mono<List<List<?>>> rowsLater(
      ConnectionFactory factory, String sql, Object... parameters) {
    Mono<Connection> connection = Mono.from(factory.create());
    return Mono.usingWhen(
        connection,
        opened -> {
          Statement statement = opened.createStatement(sql);
          for (int i = 0; i < parameters.length; i++) {
            statement.bind(i, parameters[i]);
          }
          return Flux.from(statement.execute())
              .concatMap(
                  result ->
                      result.<List<?>>map(
                          (row, metadata) -> {
                            List<Object> values = new ArrayList<>();
                            for (int c = 0; c < metadata.getColumnMetadatas().size(); c++) {
                              values.add(row.get(c));
                            }
                            return values;
                          }))
              .collectList();
        },
        Connection::close);
  }

  /** The one value of a one-row, one-column query. */
  static Object value(ConnectionFactory factory, String sql, Object... parameters) {
    List<List<?>> rows = rows(factory, sql, parameters);
    if (rows.size() != 1 || rows.get(0).size() != 1) {
      throw new IllegalStateException("expected one value, got " + rows.size() + " rows");
    }
    return Objects.requireNonNull(rows.get(0).get(0), "the value is NULL");
  }

  /** Runs a statement that returns no rows (DDL, DML). */
  static void execute(ConnectionFactory factory, String sql) {
    Mono<Connection> connection = Mono.from(factory.create());
    Mono.usingWhen(
            connection,
            opened ->
                Flux.from(opened.createStatement(sql).execute())
                    .concatMap(result -> result.getRowsUpdated())
                    .then(),
            Connection::close)
        .block(HANG_GUARD);
  }
}
