package io.sunco.oauth.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The requests received and not yet taken, in arrival order, at most {@code capacity} of them: when
 * a new one arrives at a full log, the oldest is dropped and counted, so that an emulator that runs
 * for days without anyone calling {@code takeRequest} keeps a bounded amount of memory.
 *
 * <p>One monitor guards everything. Recording, on the event loop, holds it only for a few field
 * updates and {@link Object#notifyAll()}, which never parks; only {@link #take(Duration)}, on a
 * test thread, waits on it.
 */
final class RequestLog {

  private final int capacity;
  private final ArrayDeque<RecordedRequest> queue = new ArrayDeque<>();
  private int count; // guarded by this
  private long dropped; // guarded by this

  RequestLog(int capacity) {
    this.capacity = capacity;
  }

  synchronized RecordedRequest record(
      String method, String target, List<Map.Entry<String, String>> headers, String body) {
    RecordedRequest recorded = new RecordedRequest(count++, method, target, headers, body);
    if (queue.size() == capacity) {
      queue.pollFirst();
      dropped++;
    }
    queue.addLast(recorded);
    notifyAll();
    return recorded;
  }

  synchronized int count() {
    return count;
  }

  synchronized long dropped() {
    return dropped;
  }

  /** Forgets every request and restarts the numbering and the counts. */
  synchronized void clear() {
    queue.clear();
    count = 0;
    dropped = 0;
  }

  synchronized Optional<RecordedRequest> take(Duration timeout) throws InterruptedException {
    long nanos = saturatedNanos(timeout);
    long start = System.nanoTime();
    while (queue.isEmpty()) {
      long left = nanos - (System.nanoTime() - start);
      if (left <= 0) {
        return Optional.empty();
      }
      wait(left / 1_000_000, (int) (left % 1_000_000));
    }
    return Optional.of(queue.pollFirst());
  }

  private static long saturatedNanos(Duration timeout) {
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
