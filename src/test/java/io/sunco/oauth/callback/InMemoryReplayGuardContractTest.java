package io.sunco.oauth.callback;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/** The replay guard contract against {@link InMemoryReplayGuard}: one JVM, one map. */
class InMemoryReplayGuardContractTest extends ReplayGuardContract {

  private final InMemoryReplayGuard guard = InMemoryReplayGuard.create(10_000, clock);

  @Override
  protected ReplayGuard guard() {
    return guard;
  }

  @Override
  protected List<ReplayGuard> instances(int count) {
    // In memory, the instances of one node are one guard.
    return Collections.nCopies(count, guard);
  }

  @Override
  protected void elapse(Duration duration) {
    clock.advance(duration);
  }
}
