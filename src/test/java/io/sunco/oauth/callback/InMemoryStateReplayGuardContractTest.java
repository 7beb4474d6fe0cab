package io.sunco.oauth.callback;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/** The replay guard contract against {@link InMemoryStateReplayGuard}: one JVM, one map. */
class InMemoryStateReplayGuardContractTest extends StateReplayGuardContract {

  private final InMemoryStateReplayGuard guard = InMemoryStateReplayGuard.create(10_000, clock);

  @Override
  protected StateReplayGuard guard() {
    return guard;
  }

  @Override
  protected List<StateReplayGuard> instances(int count) {
    // In memory, the instances of one node are one guard.
    return Collections.nCopies(count, guard);
  }

  @Override
  protected void elapse(Duration duration) {
    clock.advance(duration);
  }
}
