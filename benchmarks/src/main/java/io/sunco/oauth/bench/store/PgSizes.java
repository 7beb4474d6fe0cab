package io.sunco.oauth.bench.store;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** What a PostgreSQL table of connected apps weighs, per row (blocking: the main thread only). */
final class PgSizes {

  private static final Duration BOUND = Duration.ofSeconds(60);

  private PgSizes() {}

  /** {@code pg_total_relation_size} of the table: taken once empty, right after the schema. */
  static long total(ConnectionFactory factory, String table) {
    return query(factory, "SELECT pg_total_relation_size('" + table + "')");
  }

  /**
   * Rows, then per row: the growth of the whole relation since it was empty ({@code
   * pg_total_relation_size}: heap, indexes, TOAST, free space and visibility maps; {@code
   * emptyTotal} is the empty table's, the pages every table and index has from the start), the heap
   * alone, the indexes (the primary key and the GIN index of the attributes), and the average
   * {@code pg_column_size} of a row and of its sealed token. The table is the one a {@code
   * createSchema()} made, holding only freshly inserted rows.
   */
  static Map<String, Long> of(ConnectionFactory factory, String table, long emptyTotal) {
    Map<String, Long> sizes = new LinkedHashMap<>();
    long rows = query(factory, "SELECT count(*) FROM " + table);
    sizes.put("rows", rows);
    long total = total(factory, table);
    long heap = query(factory, "SELECT pg_relation_size('" + table + "')");
    long indexes = query(factory, "SELECT pg_indexes_size('" + table + "')");
    sizes.put("total_bytes", total);
    sizes.put("empty_table_bytes", emptyTotal);
    sizes.put("total_per_row", rows == 0 ? 0 : Math.round((double) (total - emptyTotal) / rows));
    sizes.put("heap_per_row", rows == 0 ? 0 : Math.round((double) heap / rows));
    sizes.put("indexes_per_row", rows == 0 ? 0 : Math.round((double) indexes / rows));
    sizes.put(
        "row_column_size",
        query(
            factory,
            "SELECT coalesce(round(avg(pg_column_size(t.*))), 0)::bigint FROM " + table + " t"));
    sizes.put(
        "sealed_token_column_size",
        query(
            factory,
            "SELECT coalesce(round(avg(pg_column_size(sealed_token))), 0)::bigint FROM " + table));
    return sizes;
  }

  /** {@code SHOW server_version}. */
  static String version(ConnectionFactory factory) {
    return Mono.usingWhen(
            Mono.from(factory.create()),
            connection ->
                Flux.from(connection.createStatement("SHOW server_version").execute())
                    .concatMap(result -> result.map((row, metadata) -> row.get(0, String.class)))
                    .next(),
            Connection::close)
        .blockOptional(BOUND)
        .orElse("unknown");
  }

  private static long query(ConnectionFactory factory, String sql) {
    Long value =
        Mono.usingWhen(
                Mono.from(factory.create()),
                connection ->
                    Flux.from(connection.createStatement(sql).execute())
                        .concatMap(result -> result.map((row, metadata) -> row.get(0, Long.class)))
                        .next(),
                Connection::close)
            .block(BOUND);
    if (value == null) {
      throw new IllegalStateException("no value from: " + sql);
    }
    return value;
  }
}
