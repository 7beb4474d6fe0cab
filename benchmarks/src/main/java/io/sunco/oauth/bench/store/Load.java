package io.sunco.oauth.bench.store;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import reactor.core.publisher.Mono;

/**
 * The two ways the store benchmark calls an operation, each bounded in time and in count: one call
 * at a time from the main thread (latency of single calls, and throughput at concurrency 1), and
 * {@code concurrency} calls in flight, each completion issuing the next (throughput).
 */
final class Load {

  /** Latencies above this are recorded as this (a hang guard, not an expected time). */
  static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

  /** The longest a single call may take before it counts as failed. */
  static final Duration CALL_BOUND = Duration.ofSeconds(30);

  private Load() {}

  /** One operation of the store on the record of index {@code i}; errors when it went wrong. */
  @FunctionalInterface
  interface Op {
    Mono<?> call(long i);
  }

  /** What one window measured: calls made, failed calls, elapsed seconds, successful latencies. */
  record Window(long calls, long errors, double seconds, Histogram latency, String firstError) {

    double opsPerSecond() {
      return seconds <= 0 ? 0 : (calls - errors) / seconds;
    }

    double p50Micros() {
      return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1e3;
    }

    double p99Micros() {
      return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1e3;
    }
  }

  /**
   * One call at a time, each timed, until {@code seconds} pass, {@code max} calls were made or
   * {@code next} runs out (returns a negative index).
   */
  static Window sequential(Op op, double seconds, long max, LongSupplier next) {
    Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    String firstError = "";
    long calls = 0;
    long errors = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    while (calls < max && System.nanoTime() < end) {
      long index = next.getAsLong();
      if (index < 0) {
        break;
      }
      long began = System.nanoTime();
      try {
        op.call(index).block(CALL_BOUND);
        latency.recordValue(Math.min(System.nanoTime() - began, HIGHEST_NANOS));
      } catch (RuntimeException e) {
        errors++;
        if (firstError.isEmpty()) {
          firstError = describe(e);
        }
      }
      calls++;
    }
    return new Window(calls, errors, (System.nanoTime() - start) / 1e9, latency, firstError);
  }

  /**
   * {@code concurrency} calls in flight, each completion issuing the next, until {@code seconds}
   * pass, {@code max} calls were issued or {@code next} runs out; then waits for the calls in
   * flight. Each chain of calls drains in a loop, so that an operation that completes on the
   * calling thread (the in-memory backend) does not recurse.
   */
  static Window concurrent(Op op, int concurrency, double seconds, long max, LongSupplier next) {
    ConcurrentHistogram latency = new ConcurrentHistogram(HIGHEST_NANOS, 3);
    AtomicLong issued = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>("");
    CountDownLatch drained = new CountDownLatch(concurrency);
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    Object lock = new Object();
    LongSupplier nextIndex =
        () -> {
          // The index source is not thread-safe for every operation: one at a time.
          synchronized (lock) {
            if (System.nanoTime() >= end || issued.get() >= max) {
              return -1;
            }
            long index = next.getAsLong();
            if (index >= 0) {
              issued.incrementAndGet();
            }
            return index;
          }
        };
    for (int i = 0; i < concurrency; i++) {
      new Chain(op, nextIndex, latency, errors, firstError, drained).next();
    }
    boolean done;
    try {
      done = drained.await((long) seconds + CALL_BOUND.getSeconds() + 30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (!done) {
      firstError.compareAndSet("", "calls still in flight after the window's bound");
      errors.addAndGet(concurrency);
    }
    return new Window(issued.get(), errors.get(), elapsed, latency, firstError.get());
  }

  /** One of the concurrent chains: issues a call, and the next when it completes. */
  private static final class Chain {

    private final Op op;
    private final LongSupplier nextIndex;
    private final Histogram latency;
    private final AtomicLong errors;
    private final AtomicReference<String> firstError;
    private final CountDownLatch drained;
    private final AtomicInteger wip = new AtomicInteger();

    Chain(
        Op op,
        LongSupplier nextIndex,
        Histogram latency,
        AtomicLong errors,
        AtomicReference<String> firstError,
        CountDownLatch drained) {
      this.op = op;
      this.nextIndex = nextIndex;
      this.latency = latency;
      this.errors = errors;
      this.firstError = firstError;
      this.drained = drained;
    }

    /** Issues the next call; from a completion on the issuing thread, only marks it to do. */
    void next() {
      if (wip.getAndIncrement() != 0) {
        return;
      }
      do {
        issue();
      } while (wip.decrementAndGet() != 0);
    }

    private void issue() {
      long index = nextIndex.getAsLong();
      if (index < 0) {
        drained.countDown();
        return;
      }
      long began = System.nanoTime();
      Mono<?> call;
      try {
        call = op.call(index);
      } catch (RuntimeException e) {
        failed(e);
        next();
        return;
      }
      call.timeout(CALL_BOUND)
          .subscribe(
              value -> {},
              error -> {
                failed(error);
                next();
              },
              () -> {
                latency.recordValue(Math.min(System.nanoTime() - began, HIGHEST_NANOS));
                next();
              });
    }

    private void failed(Throwable error) {
      errors.incrementAndGet();
      firstError.compareAndSet("", describe(error));
    }
  }

  /** The error's class and message, on one line (the store's messages name no secret). */
  static String describe(Throwable error) {
    String message = String.valueOf(error.getMessage()).replaceAll("\\s+", " ");
    return error.getClass().getSimpleName() + ": " + message;
  }
}
