package io.sunco.oauth.bench.harness;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/**
 * One client in one fresh JVM, started by {@link Harness} on its own core. In order:
 *
 * <ol>
 *   <li>time to first token: builds the client and makes one call, first thing in {@code main},
 *       timed from the JVM's start ({@code RuntimeMXBean#getStartTime});
 *   <li>warm-up: sequential calls, then calls at concurrency 64;
 *   <li>sequential latency: one call at a time, each timed into an HdrHistogram;
 *   <li>throughput at concurrency 64: 64 calls in flight, each completion issuing the next, for a
 *       fixed window; over that same window the process CPU time ({@code
 *       OperatingSystemMXBean#getProcessCpuTime}), the bytes allocated by every thread ({@code
 *       com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) and the stub's CPU time.
 * </ol>
 *
 * Every token is compared with the one the stub issues; any failure is counted and reported.
 * Every loop is bounded in count and in time. Prints one {@code RESULT key=value ...} line.
 */
public final class ClientRun {

  private static final int CONCURRENCY = 64;

  private ClientRun() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = Args.parse(args);
    String name = options.get("client");
    String baseUrl = options.get("base-url");

    // 1. Time to first token: nothing of the harness's own loads before this.
    TokenClient client = TokenClient.create(name, baseUrl);
    CompletableFuture<String> first = new CompletableFuture<>();
    client.getToken(Wire.nextCode(), (token, error) -> complete(first, token, error));
    String firstToken = first.get(30, TimeUnit.SECONDS);
    long firstTokenAtMillis = System.currentTimeMillis();
    check(firstToken);
    long jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
    long firstTokenMillis = firstTokenAtMillis - jvmStartMillis;

    double seqWarmupSeconds = Double.parseDouble(options.getOrDefault("seq-warmup-s", "3"));
    double loadWarmupSeconds = Double.parseDouble(options.getOrDefault("load-warmup-s", "10"));
    double seqSeconds = Double.parseDouble(options.getOrDefault("seq-s", "4"));
    double loadSeconds = Double.parseDouble(options.getOrDefault("load-s", "5"));
    int seqMax = Integer.parseInt(options.getOrDefault("seq-max", "200000"));
    long loadMax = Long.parseLong(options.getOrDefault("load-max", "5000000"));
    long stubPid = Long.parseLong(options.getOrDefault("stub-pid", "-1"));

    Meter meter = new Meter();

    // 2. Warm-up.
    sequential(client, seqWarmupSeconds, seqMax, null);
    load(client, loadWarmupSeconds, loadMax, null, stubPid);

    // 3. Sequential latency, with its CPU and allocation too.
    Histogram latency = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    Meter.Snapshot seqStart = meter.snapshot();
    int seqCount = sequential(client, seqSeconds, seqMax, latency);
    Meter.Snapshot seqEnd = meter.snapshot();

    // 4. Throughput at concurrency 64, CPU and allocation over the same window.
    LoadResult load = load(client, loadSeconds, loadMax, meter, stubPid);

    client.close();

    Map<String, Object> result = new java.util.LinkedHashMap<>();
    result.put("client", name);
    result.put("first_token_ms", firstTokenMillis);
    result.put("seq_count", seqCount);
    result.put("p50_us", latency.getValueAtPercentile(50) / 1000.0);
    result.put("p99_us", latency.getValueAtPercentile(99) / 1000.0);
    result.put("seq_cpu_us_per_req", (seqEnd.cpuNanos - seqStart.cpuNanos) / 1000.0 / seqCount);
    result.put("seq_bytes_per_req", (double) Meter.allocatedBetween(seqStart, seqEnd) / seqCount);
    result.put("load_count", load.count);
    result.put("rps", load.count / load.seconds);
    result.put("cpu_us_per_req", load.cpuNanos / 1000.0 / load.count);
    result.put("bytes_per_req", (double) load.allocatedBytes / load.count);
    result.put("stub_cpu_pct", load.stubCpuPercent);
    result.put("client_cpu_pct", load.cpuNanos / 1e7 / load.seconds);
    result.put("errors", load.errors + ERRORS.get());
    result.put(
        "gc",
        ManagementFactory.getGarbageCollectorMXBeans().stream()
            .map(GarbageCollectorMXBean::getName)
            .collect(Collectors.joining("+"))
            .replace(' ', '_'));
    result.put("cpus", Runtime.getRuntime().availableProcessors());
    if (FIRST_ERROR.get() != null) {
      result.put("first_error", String.valueOf(FIRST_ERROR.get()).replaceAll("\\s+", "_"));
    }
    System.out.println(
        "RESULT "
            + result.entrySet().stream()
                .map(e -> e.getKey() + "=" + format(e.getValue()))
                .collect(Collectors.joining(" ")));
    System.out.flush();
    System.exit(0);
  }

  private static final AtomicLong ERRORS = new AtomicLong();
  private static final AtomicReference<Throwable> FIRST_ERROR = new AtomicReference<>();

  private static void complete(CompletableFuture<String> future, String token, Throwable error) {
    if (error != null) {
      future.completeExceptionally(error);
    } else {
      future.complete(token);
    }
  }

  private static boolean check(String token) {
    if (!Wire.ACCESS_TOKEN.equals(token)) {
      throw new IllegalStateException("wrong token: " + token);
    }
    return true;
  }

  /** One call at a time, for a time or a count, whichever ends first. */
  private static int sequential(TokenClient client, double seconds, int max, Histogram latency)
      throws Exception {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int count = 0;
    while (count < max && System.nanoTime() < end) {
      long start = System.nanoTime();
      CompletableFuture<String> future = new CompletableFuture<>();
      client.getToken(Wire.nextCode(), (token, error) -> complete(future, token, error));
      try {
        check(future.get(30, TimeUnit.SECONDS));
      } catch (Exception e) {
        ERRORS.incrementAndGet();
        FIRST_ERROR.compareAndSet(null, e);
        continue;
      }
      long took = System.nanoTime() - start;
      if (latency != null) {
        latency.recordValue(Math.min(took, latency.getHighestTrackableValue()));
      }
      count++;
    }
    return count;
  }

  private record LoadResult(
      long count, double seconds, long cpuNanos, long allocatedBytes, double stubCpuPercent, long errors) {}

  /** 64 calls in flight, each completion issuing the next, until the window closes. */
  private static LoadResult load(
      TokenClient client, double seconds, long max, Meter meter, long stubPid) throws Exception {
    AtomicLong completed = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    CountDownLatch drained = new CountDownLatch(CONCURRENCY);
    long windowNanos = (long) (seconds * 1e9);
    Driver driver = new Driver(client, completed, errors, drained, max);

    Optional<java.time.Duration> stubStart = stubCpu(stubPid);
    Meter.Snapshot start = meter == null ? null : meter.snapshot();
    long startNanos = System.nanoTime();
    driver.deadline = startNanos + windowNanos;
    for (int i = 0; i < CONCURRENCY; i++) {
      driver.fire();
    }
    long remaining;
    while ((remaining = driver.deadline - System.nanoTime()) > 0 && completed.get() < max) {
      TimeUnit.NANOSECONDS.sleep(Math.min(remaining, 50_000_000L));
    }
    long count = completed.get();
    long endNanos = System.nanoTime();
    Meter.Snapshot end = meter == null ? null : meter.snapshot();
    Optional<java.time.Duration> stubEnd = stubCpu(stubPid);
    driver.stop = true;
    if (!drained.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("calls still in flight 30 s after the window closed");
    }
    double elapsed = (endNanos - startNanos) / 1e9;
    double stubPercent =
        stubStart.isPresent() && stubEnd.isPresent()
            ? stubEnd.get().minus(stubStart.get()).toNanos() / 1e7 / elapsed
            : Double.NaN;
    return new LoadResult(
        count,
        elapsed,
        meter == null ? 0 : end.cpuNanos - start.cpuNanos,
        meter == null ? 0 : Meter.allocatedBetween(start, end),
        stubPercent,
        errors.get());
  }

  private static Optional<java.time.Duration> stubCpu(long pid) {
    return pid < 0
        ? Optional.empty()
        : ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration());
  }

  /** Keeps 64 calls in flight: each completion issues the next one until the window closes. */
  private static final class Driver {
    private final TokenClient client;
    private final AtomicLong completed;
    private final AtomicLong errors;
    private final CountDownLatch drained;
    private final long max;
    volatile long deadline;
    volatile boolean stop;

    Driver(TokenClient client, AtomicLong completed, AtomicLong errors, CountDownLatch drained, long max) {
      this.client = client;
      this.completed = completed;
      this.errors = errors;
      this.drained = drained;
      this.max = max;
    }

    void fire() {
      client.getToken(Wire.nextCode(), this::onDone);
    }

    private void onDone(String token, Throwable error) {
      if (error == null && Wire.ACCESS_TOKEN.equals(token)) {
        completed.incrementAndGet();
      } else {
        errors.incrementAndGet();
        FIRST_ERROR.compareAndSet(null, error != null ? error : new IllegalStateException("wrong token"));
      }
      if (stop || completed.get() >= max || System.nanoTime() - deadline > 0) {
        drained.countDown();
      } else {
        fire();
      }
    }
  }

  /** Process CPU time and per-thread allocation counters. */
  private static final class Meter {
    private final com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    record Snapshot(long cpuNanos, Map<Long, Long> allocated) {}

    Snapshot snapshot() {
      long[] ids = threads.getAllThreadIds();
      long[] bytes = threads.getThreadAllocatedBytes(ids);
      Map<Long, Long> allocated = new HashMap<>(ids.length * 2);
      for (int i = 0; i < ids.length; i++) {
        if (bytes[i] >= 0) {
          allocated.put(ids[i], bytes[i]);
        }
      }
      return new Snapshot(os.getProcessCpuTime(), allocated);
    }

    /** Summed over the threads alive at the end; a thread born in between counts from zero. */
    static long allocatedBetween(Snapshot start, Snapshot end) {
      long total = 0;
      for (Map.Entry<Long, Long> e : end.allocated.entrySet()) {
        total += e.getValue() - start.allocated.getOrDefault(e.getKey(), 0L);
      }
      return total;
    }
  }

  private static String format(Object value) {
    if (value instanceof Double d) {
      return String.format(java.util.Locale.ROOT, "%.3f", d);
    }
    return String.valueOf(value);
  }
}
