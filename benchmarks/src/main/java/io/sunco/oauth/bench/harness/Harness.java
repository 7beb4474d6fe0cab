package io.sunco.oauth.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The side-by-side loopback harness. Starts {@link StubServer} in its own JVM held to core 1
 * ({@code taskset -c 1}, {@code -XX:ActiveProcessorCount=1}, one event loop), warms it with one
 * unrecorded run, then runs every client in a fresh JVM held to core 0 ({@code taskset -c 0}),
 * {@code --reps} times in rotating order ({@code ClientRun}). Finally checks that the stub is
 * not the bottleneck: the reference and this library once more against a stub given both cores
 * and two event loops. Writes {@code runs.tsv} (one line per run) under {@code --out}; {@link
 * Report} turns it into the table. Every child is bounded in time; loopback only.
 */
public final class Harness {

  private Harness() {}

  /**
   * The class path of client {@code sunshine-before}: this harness with an older build of the
   * library instead of the current one ({@code BEFORE=<git ref> benchmarks/run.sh}).
   */
  private static String beforeClasspath;

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Args.parse(args);
    int reps = Integer.parseInt(options.getOrDefault("reps", "5"));
    Path out = Path.of(options.getOrDefault("out", "benchmarks/target/results"));
    List<String> clients =
        Arrays.asList(options.getOrDefault("clients", String.join(",", TokenClient.NAMES)).split(","));
    boolean scalingCheck = Boolean.parseBoolean(options.getOrDefault("scaling-check", "true"));
    beforeClasspath = options.get("before-classpath");
    List<String> passThrough = new ArrayList<>();
    for (String key : List.of("seq-warmup-s", "load-warmup-s", "seq-s", "load-s", "seq-max", "load-max")) {
      if (options.containsKey(key)) {
        passThrough.add("--" + key);
        passThrough.add(options.get(key));
      }
    }
    Files.createDirectories(out);
    Path runs = out.resolve("runs.tsv");
    Files.writeString(runs, "");

    long started = System.nanoTime();
    Path meta = out.resolve("meta.txt");
    Files.writeString(
        meta,
        String.join(
                "\n",
                "date        " + java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).withNano(0),
                "jdk         " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                "os          " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                "cpu         " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores",
                "reps        " + reps + " per client, fresh JVM each, rotating order",
                "clients     taskset -c 0, -XX:ActiveProcessorCount=1 -Xms1g -Xmx1g " + String.join(" ", passThrough),
                "stub        taskset -c 1, -XX:ActiveProcessorCount=1, one event loop",
                "loadavg     at start: " + loadAverage())
            + "\n");
    try (Stub stub = Stub.start("1", 1)) {
      System.out.printf("stub pid %d on port %d, core 1, one event loop%n", stub.pid, stub.port);
      System.out.println("stub warm-up run (not recorded)");
      runClient("reference", stub, passThrough, "warmup", 0, null);
      for (int rep = 0; rep < reps; rep++) {
        for (int i = 0; i < clients.size(); i++) {
          String client = clients.get((i + rep) % clients.size());
          runClient(client, stub, passThrough, "main", rep + 1, runs);
        }
      }
    }
    if (scalingCheck) {
      try (Stub stub = Stub.start("0,1", 2)) {
        System.out.printf("scaling check: stub pid %d on cores 0,1, two event loops%n", stub.pid);
        runClient("reference", stub, passThrough, "warmup", 0, null);
        for (String client : List.of("reference", "sunshine")) {
          if (clients.contains(client)) {
            runClient(client, stub, passThrough, "stub2", 1, runs);
          }
        }
      }
    }
    Files.writeString(
        meta,
        "loadavg     at end:   " + loadAverage() + "\n",
        java.nio.file.StandardOpenOption.APPEND);
    System.out.printf(
        "harness done in %.0f s; runs in %s%n", (System.nanoTime() - started) / 1e9, runs);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void runClient(
      String client, Stub stub, List<String> passThrough, String phase, int rep, Path runs)
      throws IOException, InterruptedException {
    boolean before = client.equals("sunshine-before");
    if (before && beforeClasspath == null) {
      throw new IllegalArgumentException("client sunshine-before needs --before-classpath");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "taskset", "-c", "0",
                java(),
                "-XX:ActiveProcessorCount=1",
                "-Xms1g", "-Xmx1g",
                "-cp", before ? beforeClasspath : System.getProperty("java.class.path"),
                ClientRun.class.getName(),
                "--client", before ? "sunshine" : client,
                "--base-url", "http://127.0.0.1:" + stub.port,
                "--stub-pid", Long.toString(stub.pid)));
    command.addAll(passThrough);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    process.getOutputStream().close();
    String result = null;
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("RESULT ")) {
          result = line.substring("RESULT ".length());
        } else {
          System.out.println("  [" + client + "] " + line);
        }
      }
    }
    if (!process.waitFor(180, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    String line =
        phase + "\t" + rep + "\t" + client + "\t" + (result == null ? "failed exit=" + process.exitValue() : result);
    System.out.println(line);
    if (runs != null) {
      Files.writeString(runs, line + "\n", java.nio.file.StandardOpenOption.APPEND);
    }
  }

  /** The stub in its own JVM; closing it ends the process (its stdin closes too). */
  private static final class Stub implements AutoCloseable {
    final Process process;
    final long pid;
    final int port;

    private Stub(Process process, int port) {
      this.process = process;
      this.pid = process.pid();
      this.port = port;
    }

    static Stub start(String cores, int threads) throws IOException {
      Process process =
          new ProcessBuilder(
                  "taskset", "-c", cores,
                  java(),
                  "-XX:ActiveProcessorCount=" + threads,
                  "-Xms512m", "-Xmx512m",
                  "-cp", System.getProperty("java.class.path"),
                  StubServer.class.getName(),
                  "--threads", Integer.toString(threads),
                  "--max-seconds", "1800")
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line = reader.readLine();
      if (line == null || !line.startsWith("PORT ")) {
        process.destroyForcibly();
        throw new IllegalStateException("the stub did not start: " + line);
      }
      return new Stub(process, Integer.parseInt(line.substring(5).trim()));
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  static Map<String, String> parseResult(String result) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : result.trim().split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return values;
  }
}
