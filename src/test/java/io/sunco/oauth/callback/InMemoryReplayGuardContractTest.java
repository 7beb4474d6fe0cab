package io.sunco.oauth.callback;

/** The replay guard contract against {@link InMemoryReplayGuard}: one JVM, one map. */
class InMemoryReplayGuardContractTest extends ReplayGuardContract {

  private final InMemoryReplayGuard guard = InMemoryReplayGuard.create(10_000, clock);

  @Override
  protected ReplayGuard guard() {
    return guard;
  }
}
