package io.sunco.oauth.callback;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/** The state store contract against {@link InMemoryPendingAuthorizationStore}: one JVM, one map. */
class InMemoryPendingAuthorizationStoreContractTest extends PendingAuthorizationStoreContract {

  private final InMemoryPendingAuthorizationStore store =
      InMemoryPendingAuthorizationStore.builder().clock(clock).build();

  @Override
  protected PendingAuthorizationStore store() {
    return store;
  }

  @Override
  protected List<PendingAuthorizationStore> instances(int count) {
    // In memory, the instances of one node are one store.
    return Collections.nCopies(count, store);
  }

  @Override
  protected Duration ttl() {
    return store.ttl();
  }

  @Override
  protected void elapse(Duration duration) {
    clock.advance(duration);
  }
}
