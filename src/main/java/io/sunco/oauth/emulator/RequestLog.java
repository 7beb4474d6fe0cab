package io.sunco.oauth.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
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

  /** Distinct paths counted one by one; requests to further paths count in the total only. */
  static final int MAX_COUNTED_PATHS = 256;

  /**
   * Requests with a secret in their URL kept for {@link #secretInUrl()}; later ones are counted.
   */
  static final int MAX_SECRET_IN_URL = 100;

  private final int capacity;
  private final ArrayDeque<RecordedRequest> queue = new ArrayDeque<>();
  private final Map<String, Integer> byPath = new HashMap<>(); // guarded by this
  private final List<RecordedRequest> secretInUrl = new ArrayList<>(); // guarded by this
  private int count; // guarded by this
  private long dropped; // guarded by this

  RequestLog(int capacity) {
    this.capacity = capacity;
  }

  synchronized RecordedRequest record(
      String method,
      String target,
      String path,
      String shownPath,
      List<Map.Entry<String, String>> headers,
      String body) {
    RecordedRequest recorded =
        RecordedRequest.received(count++, method, target, shownPath, headers, body);
    if (queue.size() == capacity) {
      queue.pollFirst();
      dropped++;
    }
    queue.addLast(recorded);
    if (byPath.containsKey(path) || byPath.size() < MAX_COUNTED_PATHS) {
      byPath.merge(path, 1, Integer::sum);
    }
    notifyAll();
    return recorded;
  }

  /** Notes that {@code request} carried a secret in its URL. */
  synchronized void secretInUrl(RecordedRequest request) {
    if (secretInUrl.size() < MAX_SECRET_IN_URL) {
      secretInUrl.add(request);
    }
  }

  synchronized List<RecordedRequest> secretInUrl() {
    return List.copyOf(secretInUrl);
  }

  synchronized int count(String path) {
    return byPath.getOrDefault(path, 0);
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
    byPath.clear();
    secretInUrl.clear();
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
