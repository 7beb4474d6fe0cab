package io.sunco.oauth.emulator;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Hands {@link HandledRequest}s to the user's listener on a thread of its own, in the order the
 * requests finished, so that a listener may block (print, write a file) without ever holding up an
 * event loop. Publishing only adds to a lock-free queue and unparks the thread.
 */
final class RequestListenerThread {

  private static final Logger LOG = Loggers.getLogger(SunshineOAuthEmulator.class);

  /** Events waiting for a slow listener beyond this are dropped (and a warning logged once). */
  static final int MAX_QUEUED = 10_000;

  private final Consumer<? super HandledRequest> listener;
  private final Queue<HandledRequest> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean warned = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean closed;

  RequestListenerThread(Consumer<? super HandledRequest> listener) {
    this.listener = listener;
    this.thread = new Thread(this::run, "sunco-oauth-emulator-listener");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues an event; never blocks. Ignored once closed. */
  void publish(HandledRequest event) {
    if (closed) {
      return;
    }
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      if (warned.compareAndSet(false, true)) {
        LOG.warn("the request listener is too slow: events are being dropped");
      }
      return;
    }
    queue.add(event);
    LockSupport.unpark(thread);
  }

  /** Stops taking events; those already queued are still delivered, then the thread ends. */
  void close() {
    closed = true;
    LockSupport.unpark(thread);
  }

  private void run() {
    while (true) {
      HandledRequest next = queue.poll();
      if (next == null) {
        if (closed) {
          return;
        }
        // A permit from unpark() is kept if it comes before park(): no wake-up is lost.
        LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
        continue;
      }
      queued.decrementAndGet();
      deliver(next);
    }
  }

  private void deliver(HandledRequest event) {
    try {
      listener.accept(event);
    } catch (RuntimeException | AssertionError e) {
      // The type only: a listener's message could quote anything. The next event still goes out.
      LOG.warn("the request listener failed with {}", e.getClass().getName());
    }
  }
}
