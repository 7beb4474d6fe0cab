package io.sunco.oauth.emulator;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Every request received, in arrival order. Recording never parks the event loop: the queue is
 * lock-free and {@link Semaphore#release()} only wakes a waiting test thread.
 */
final class RequestLog {

  private final Queue<RecordedRequest> queue = new ConcurrentLinkedQueue<>();
  private final Semaphore available = new Semaphore(0);
  private int count; // guarded by this

  RecordedRequest record(
      String method, String target, List<Map.Entry<String, String>> headers, String body) {
    RecordedRequest recorded;
    synchronized (this) {
      recorded = new RecordedRequest(count++, method, target, headers, body);
      queue.add(recorded);
    }
    available.release();
    return recorded;
  }

  synchronized int count() {
    return count;
  }

  Optional<RecordedRequest> take(Duration timeout) throws InterruptedException {
    if (available.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return Optional.ofNullable(queue.poll());
    }
    return Optional.empty();
  }
}
