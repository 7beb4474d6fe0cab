package io.sunco.oauth.bench.store;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown tables of the store benchmark ({@code store.md}), which {@code Report} appends. */
final class StoreReport {

  private StoreReport() {}

  /** One backend and operation: sequential latency and both throughputs. */
  record Line(
      String backend,
      String op,
      double p50Micros,
      double p99Micros,
      double opsPerSecond1,
      double opsPerSecondC,
      double p99MicrosC,
      long calls,
      long errors,
      String firstError) {}

  static String markdown(
      int records,
      int listRecords,
      int concurrency,
      List<Line> lines,
      Map<String, Map<String, Long>> bytes,
      Map<String, String> meta) {
    StringBuilder md = new StringBuilder();
    md.append("### The connected-app store\n\n");
    if (meta.containsKey("failure")) {
      md.append("**The run stopped early** (the tables hold what was measured before): ")
          .append(meta.get("failure"))
          .append("\n\n");
    }
    md.append(
        String.format(
            Locale.ROOT,
            "`ConnectedAppStore` calls, AES-GCM sealing and opening included; %d records of one"
                + " client id (save and find pick them in turn), each list reads all %d records of"
                + " another, each delete removes one record of a third. PostgreSQL %s (fsync off),"
                + " Redis %s (no persistence), on 127.0.0.1. p50 and p99: one call at a time;"
                + " ops/s @1 from the same window; ops/s @%d: %d calls in flight.%n%n",
            records,
            listRecords,
            meta.getOrDefault("postgres", "not run"),
            meta.getOrDefault("redis", "not run"),
            concurrency,
            concurrency));
    md.append(
        String.format(
            Locale.ROOT,
            "| operation | backend | p50 µs | p99 µs | ops/s @1 | ops/s @%d | p99 µs @%d | calls |"
                + " errors |%n",
            concurrency,
            concurrency));
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String op : StoreBench.OPS) {
      for (Line line : lines) {
        if (line.op().equals(op)) {
          md.append(
              String.format(
                  Locale.ROOT,
                  "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %d |%n",
                  op,
                  line.backend(),
                  line.p50Micros(),
                  line.p99Micros(),
                  line.opsPerSecond1(),
                  line.opsPerSecondC(),
                  line.p99MicrosC(),
                  line.calls(),
                  line.errors()));
        }
      }
    }
    boolean failures = false;
    for (Line line : lines) {
      if (line.errors() > 0) {
        if (!failures) {
          md.append("\nRuns with errors (their numbers are not comparable):\n\n");
          failures = true;
        }
        md.append("- ")
            .append(line.backend())
            .append(' ')
            .append(line.op())
            .append(": ")
            .append(line.errors())
            .append(" errors, the first: ")
            .append(line.firstError())
            .append('\n');
      }
    }
    md.append("\n#### Bytes per record\n\n");
    md.append("| backend | records | bytes per record | of which |\n");
    md.append("|---|---:|---:|---|\n");
    bytes.forEach(
        (backend, sizes) -> {
          if (sizes.containsKey("total_per_row")) {
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %d (`pg_total_relation_size` growth ÷ rows; empty table %d) |"
                        + " heap %d, indexes %d; `pg_column_size` of a row %d, of its sealed"
                        + " token %d |%n",
                    backend,
                    sizes.get("rows"),
                    sizes.get("total_per_row"),
                    sizes.get("empty_table_bytes"),
                    sizes.get("heap_per_row"),
                    sizes.get("indexes_per_row"),
                    sizes.get("row_column_size"),
                    sizes.get("sealed_token_column_size")));
          } else {
            md.append(
                String.format(
                    Locale.ROOT,
                    "| %s | %d | %d (`MEMORY USAGE` of every key ÷ records) | the record's key %d,"
                        + " its app set entry %d, its attribute set entries %d;"
                        + " `used_memory` grew %d per record |%n",
                    backend,
                    sizes.get("rows"),
                    sizes.get("memory_usage_per_record"),
                    sizes.get("record_key"),
                    sizes.get("app_set_per_record"),
                    sizes.get("attribute_sets_per_record"),
                    sizes.get("used_memory_per_record")));
          }
        });
    md.append('\n');
    return md.toString();
  }
}
