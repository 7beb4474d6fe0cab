package io.sunco.oauth.cli;

import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.VerifiedCallback;
import java.net.URI;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * The one state a command sent, checked by the library's own callback check ({@link
 * AuthorizationCallback}): constant-time comparison, single use, and a denial believed only with
 * the right state. There is no browser cookie on a loopback redirect, so the binding is fixed; the
 * loopback listener itself binds the flow to this machine.
 */
final class ExpectedState {

  private static final String BINDING = "loopback";

  private final AuthorizationCallback check;

  private ExpectedState(AuthorizationCallback check) {
    this.check = check;
  }

  /** Remembers {@code state}; the in-memory store answers at once, on the calling thread. */
  static ExpectedState of(String state) {
    InMemoryPendingAuthorizationStore store = InMemoryPendingAuthorizationStore.create();
    store.save(state, PendingAuthorization.of(BINDING, Instant.now())).block();
    return new ExpectedState(AuthorizationCallback.usingStore(store));
  }

  /**
   * Checks a redirect: emits the verified callback, or errors as {@link
   * AuthorizationCallback#verify} does; a state other than the expected one leaves it unused.
   */
  Mono<VerifiedCallback> verify(URI redirect) {
    return check.verify(redirect, BINDING);
  }
}
