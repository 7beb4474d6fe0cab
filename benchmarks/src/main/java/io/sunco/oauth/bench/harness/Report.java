package io.sunco.oauth.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns {@code runs.tsv} ({@link Harness}) and {@code jmh.json} (JMH, {@code -prof gc}) under
 * {@code --out} into the Markdown tables of the README: medians over the repetitions, each
 * client's ratio to the reference measured in the same run, the targets, and the check that the
 * stub was not the bottleneck; then the connected-app store's tables ({@code store.md}, from
 * {@code io.sunco.oauth.bench.store.StoreBench}) as they are.
 */
public final class Report {

  private Report() {}

  /** One metric of the table. */
  private record Metric(String key, String title, String format, boolean higherIsBetter) {}

  private static final List<Metric> METRICS =
      List.of(
          new Metric("rps", "req/s @64", "%.0f", true),
          new Metric("p50_us", "p50 µs", "%.0f", false),
          new Metric("p99_us", "p99 µs", "%.0f", false),
          new Metric("cpu_us_per_req", "CPU µs/req", "%.1f", false),
          new Metric("bytes_per_req", "bytes/req", "%.0f", false),
          new Metric("first_token_ms", "first token ms", "%.0f", false));

  public static void main(String[] args) throws IOException {
    Map<String, String> options = Args.parse(args);
    Path out = Path.of(options.getOrDefault("out", "benchmarks/target/results"));
    StringBuilder md = new StringBuilder();
    Path meta = out.resolve("meta.txt");
    if (Files.exists(meta)) {
      md.append("```\n").append(Files.readString(meta).trim()).append("\n```\n\n");
    }
    Path runs = out.resolve("runs.tsv");
    if (Files.exists(runs)) {
      harness(Files.readAllLines(runs), md);
    }
    Path jmh = out.resolve("jmh.json");
    if (Files.exists(jmh) && Files.size(jmh) > 0) {
      jmh(new ObjectMapper().readTree(jmh.toFile()), md);
    }
    // The connected-app store's tables, as io.sunco.oauth.bench.store.StoreBench wrote them.
    Path store = out.resolve("store.md");
    if (Files.exists(store)) {
      md.append('\n').append(Files.readString(store));
    }
    System.out.print(md);
  }

  private static void harness(List<String> lines, StringBuilder md) {
    Map<String, List<Map<String, String>>> main = new LinkedHashMap<>();
    Map<String, List<Map<String, String>>> stub2 = new LinkedHashMap<>();
    List<String> failures = new ArrayList<>();
    for (String line : lines) {
      String[] parts = line.split("\t", 4);
      if (parts.length < 4) {
        continue;
      }
      if (parts[3].startsWith("failed")) {
        failures.add(line);
        continue;
      }
      Map<String, String> values = Harness.parseResult(parts[3]);
      if (!"0".equals(values.get("errors"))) {
        failures.add(line);
      }
      (parts[0].equals("stub2") ? stub2 : main)
          .computeIfAbsent(parts[2], k -> new ArrayList<>())
          .add(values);
    }
    List<String> order = new ArrayList<>(Arrays.asList(TokenClient.NAMES));
    order.retainAll(main.keySet());
    main.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
    Map<String, Map<String, Double>> medians = new LinkedHashMap<>();
    for (String client : order) {
      Map<String, Double> m = new LinkedHashMap<>();
      for (String key :
          List.of("rps", "p50_us", "p99_us", "cpu_us_per_req", "bytes_per_req", "first_token_ms",
              "stub_cpu_pct", "client_cpu_pct", "seq_cpu_us_per_req", "seq_bytes_per_req")) {
        m.put(key, median(main.get(client), v -> Double.parseDouble(v.get(key))));
      }
      medians.put(client, m);
    }
    Map<String, Double> ref = medians.get("reference");

    md.append("### getToken over loopback: medians of ")
        .append(main.getOrDefault("reference", List.of()).size())
        .append(" fresh JVMs per client; ×ref = median ÷ the reference's median\n\n");
    md.append("| client |");
    for (Metric metric : METRICS) {
      md.append(' ').append(metric.title).append(" | ×ref |");
    }
    md.append(" stub CPU % @64 |\n|---|");
    md.append("---:|---:|".repeat(METRICS.size())).append("---:|\n");
    for (String client : order) {
      Map<String, Double> m = medians.get(client);
      md.append("| ").append(client).append(" |");
      for (Metric metric : METRICS) {
        md.append(' ').append(fmt(metric.format, m.get(metric.key))).append(" | ");
        md.append(ref == null ? "" : fmt("%.2f", m.get(metric.key) / ref.get(metric.key))).append(" |");
      }
      md.append(' ').append(fmt("%.0f", m.get("stub_cpu_pct"))).append(" |\n");
    }
    md.append('\n');

    md.append("Sequential window (one call at a time), medians: ");
    for (String client : order) {
      Map<String, Double> m = medians.get(client);
      md.append(client)
          .append(' ')
          .append(fmt("%.1f", m.get("seq_cpu_us_per_req")))
          .append(" CPU µs/req, ")
          .append(fmt("%.0f", m.get("seq_bytes_per_req")))
          .append(" B/req; ");
    }
    md.setLength(md.length() - 2);
    md.append(".\n\n");

    if (ref != null && medians.containsKey("sunshine")) {
      Map<String, Double> s = medians.get("sunshine");
      double bestPeer =
          medians.entrySet().stream()
              .filter(e -> !e.getKey().startsWith("sunshine") && !e.getKey().equals("reference"))
              .mapToDouble(e -> e.getValue().get("rps"))
              .max()
              .orElse(0);
      md.append("### Targets for `SunshineOAuthClient` (ratios of medians; paired = median of the per-repetition ratios)\n\n");
      md.append("| target | measured | paired | met |\n|---|---:|---:|:---:|\n");
      target(md, "req/s @64 ≥ 1.00× reference", s.get("rps") / ref.get("rps"), paired(main, "rps"), r -> r >= 1.00);
      md.append("| req/s @64 ahead of every peer | ")
          .append(fmt("%.0f", s.get("rps")))
          .append(" vs best peer ")
          .append(fmt("%.0f", bestPeer))
          .append(" | | ")
          .append(s.get("rps") > bestPeer ? "yes" : "**no**")
          .append(" |\n");
      target(md, "CPU/req ≤ 1.05× reference", s.get("cpu_us_per_req") / ref.get("cpu_us_per_req"), paired(main, "cpu_us_per_req"), r -> r <= 1.05);
      target(md, "bytes/req ≤ 1.05× reference", s.get("bytes_per_req") / ref.get("bytes_per_req"), paired(main, "bytes_per_req"), r -> r <= 1.05);
      target(md, "sequential p50 ≤ 1.10× reference", s.get("p50_us") / ref.get("p50_us"), paired(main, "p50_us"), r -> r <= 1.10);
      target(md, "first token ≤ 1.10× reference", s.get("first_token_ms") / ref.get("first_token_ms"), paired(main, "first_token_ms"), r -> r <= 1.10);
      md.append('\n');
    }

    if (!stub2.isEmpty()) {
      md.append("### Is the stub the bottleneck? req/s @64 against a stub on both cores with two event loops\n\n");
      md.append("| client | stub on core 1 (median) | stub on cores 0+1 | ratio | stub CPU % (1 core, median) |\n|---|---:|---:|---:|---:|\n");
      for (Map.Entry<String, List<Map<String, String>>> e : stub2.entrySet()) {
        double two = Double.parseDouble(e.getValue().get(0).get("rps"));
        Map<String, Double> one = medians.get(e.getKey());
        if (one == null) {
          continue;
        }
        md.append("| ").append(e.getKey()).append(" | ")
            .append(fmt("%.0f", one.get("rps"))).append(" | ")
            .append(fmt("%.0f", two)).append(" | ")
            .append(fmt("%.2f", two / one.get("rps"))).append(" | ")
            .append(fmt("%.0f", one.get("stub_cpu_pct"))).append(" |\n");
      }
      md.append('\n');
    }

    md.append("<details><summary>Every run</summary>\n\n| rep | client | req/s | p50 µs | p99 µs | CPU µs/req | B/req | first token ms | stub CPU % | client CPU % |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String line : lines) {
      String[] parts = line.split("\t", 4);
      if (parts.length < 4 || parts[3].startsWith("failed")) {
        continue;
      }
      Map<String, String> v = Harness.parseResult(parts[3]);
      md.append("| ").append(parts[0].equals("stub2") ? "stub 2 cores" : parts[1]).append(" | ").append(parts[2]);
      for (String key :
          List.of("rps", "p50_us", "p99_us", "cpu_us_per_req", "bytes_per_req", "first_token_ms", "stub_cpu_pct", "client_cpu_pct")) {
        md.append(" | ").append(fmt(key.equals("cpu_us_per_req") ? "%.1f" : "%.0f", Double.parseDouble(v.get(key))));
      }
      md.append(" |\n");
    }
    md.append("\n</details>\n\n");
    if (!failures.isEmpty()) {
      md.append("**Failed runs or runs with errors:**\n\n");
      failures.forEach(f -> md.append("    ").append(f).append('\n'));
      md.append('\n');
    }
  }

  private static double paired(Map<String, List<Map<String, String>>> main, String key) {
    List<Map<String, String>> ours = main.get("sunshine");
    List<Map<String, String>> ref = main.get("reference");
    if (ours == null || ref == null) {
      return Double.NaN;
    }
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(ours.size(), ref.size()); i++) {
      ratios.add(Double.parseDouble(ours.get(i).get(key)) / Double.parseDouble(ref.get(i).get(key)));
    }
    return median(ratios, d -> d);
  }

  private static void target(
      StringBuilder md, String name, double ratio, double paired, java.util.function.DoublePredicate met) {
    md.append("| ").append(name).append(" | ").append(fmt("%.2f×", ratio)).append(" | ")
        .append(fmt("%.2f×", paired)).append(" | ")
        .append(met.test(ratio) ? "yes" : "**no**").append(" |\n");
  }

  private static void jmh(JsonNode results, StringBuilder md) {
    md.append("### JMH (")
        .append(results.size() > 0
            ? results.get(0).path("vmName").asText("") + " " + results.get(0).path("vmVersion").asText("")
            : "")
        .append(", `-prof gc`), average time per operation\n\n");
    md.append("| benchmark | params | ns/op | ± (99.9%) | B/op |\n|---|---|---:|---:|---:|\n");
    for (JsonNode result : results) {
      String name = result.path("benchmark").asText();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      StringBuilder params = new StringBuilder();
      result.path("params").properties().forEach(e -> params.append(e.getKey()).append('=').append(e.getValue().asText()).append(' '));
      JsonNode primary = result.path("primaryMetric");
      JsonNode alloc = result.path("secondaryMetrics").path("gc.alloc.rate.norm");
      md.append("| ").append(name).append(" | ").append(params.toString().trim()).append(" | ")
          .append(fmt("%.1f", primary.path("score").asDouble())).append(" | ")
          .append(fmt("%.1f", primary.path("scoreError").asDouble())).append(" | ")
          .append(alloc.isMissingNode() ? "" : fmt("%.0f", alloc.path("score").asDouble())).append(" |\n");
    }
    md.append('\n');
  }

  private static <T> double median(List<T> values, ToDoubleFunction<T> f) {
    if (values == null || values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(f).sorted().toArray();
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static String fmt(String format, double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
  }
}
