package io.sunco.oauth.callback;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

/** The state store contract against {@link InMemoryAuthorizationStateStore}: one JVM, one map. */
class InMemoryAuthorizationStateStoreContractTest extends AuthorizationStateStoreContract {

  private final InMemoryAuthorizationStateStore store =
      InMemoryAuthorizationStateStore.builder().clock(clock).build();

  @Override
  protected AuthorizationStateStore store() {
    return store;
  }

  @Override
  protected List<AuthorizationStateStore> instances(int count) {
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
