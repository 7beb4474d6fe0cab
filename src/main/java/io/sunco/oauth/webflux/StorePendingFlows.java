package io.sunco.oauth.webflux;

import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.callback.StateGenerator;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * States kept in an {@link PendingAuthorizationStore}, bound to a random nonce in the cookie.
 *
 * @param store where the states are kept until their callback
 * @param generator makes each state and nonce
 * @param clock stamps each saved state
 * @param redirectUri saved with each state
 */
record StorePendingFlows(
    PendingAuthorizationStore store, StateGenerator generator, Clock clock, URI redirectUri)
    implements PendingFlows {

  @Override
  public Mono<Pending> begin(Map<String, String> attributes) {
    return Mono.zip(generator.generate(), generator.generate())
        .flatMap(
            stateAndNonce -> {
              String state = stateAndNonce.getT1();
              String nonce = stateAndNonce.getT2();
              PendingAuthorization data =
                  PendingAuthorization.of(nonce, clock.instant(), redirectUri, attributes);
              return Mono.defer(() -> store.save(state, data))
                  .thenReturn(new Pending(state, nonce));
            });
  }

  @Override
  public Mono<Verified> verify(URI callbackUri, String cookieValue) {
    return AuthorizationCallback.usingStore(store)
        .verify(callbackUri, cookieValue)
        .map(
            verified ->
                new Verified(
                    verified.code(),
                    verified
                        .pendingAuthorization()
                        .map(PendingAuthorization::attributes)
                        .orElse(Map.of())));
  }

  @Override
  public String toString() {
    return "stateStore=" + store;
  }
}
