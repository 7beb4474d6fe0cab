package io.sunco.oauth.callback;

import java.time.Duration;

/** The store contract against {@link InMemoryPendingAuthorizationStore}: one JVM, one map. */
class InMemoryPendingAuthorizationStoreContractTest extends PendingAuthorizationStoreContract {

  private final InMemoryPendingAuthorizationStore store =
      InMemoryPendingAuthorizationStore.builder().clock(clock).build();

  @Override
  protected PendingAuthorizationStore store() {
    return store;
  }

  @Override
  protected Duration ttl() {
    return store.ttl();
  }
}
