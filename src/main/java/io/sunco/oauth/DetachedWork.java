package io.sunco.oauth;

import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Counts the work a client family subscribed apart from every caller (the token exchanges and
 * revokes of {@link GrantGuard}), so that closing the family can let it finish before the pool is
 * disposed: a revoke cut off by a disposed pool would leave a live token nobody holds.
 */
final class DetachedWork {

  private final AtomicInteger running = new AtomicInteger();
  private final Sinks.Empty<Void> drained = Sinks.empty();
  private volatile boolean draining;

  /** One piece of detached work started; pair with exactly one {@link #end()}. */
  void begin() {
    running.incrementAndGet();
  }

  /** One piece of detached work ended. */
  void end() {
    int left = running.decrementAndGet();
    if (left < 0) {
      throw new IllegalStateException("more ends than begins");
    }
    if (left == 0 && draining) {
      drained.tryEmitEmpty();
    }
  }

  /** The work running now; for tests. */
  int running() {
    return running.get();
  }

  /**
   * Completes empty once no detached work runs (at once when none does). Work begun afterwards is
   * not waited for.
   */
  Mono<Void> drained() {
    // draining is written before running is read, and end() does the reverse: one of the two sees
    // the other, so the sink is always completed (twice at worst, which it ignores).
    draining = true;
    if (running.get() == 0) {
      drained.tryEmitEmpty();
    }
    return drained.asMono();
  }
}
