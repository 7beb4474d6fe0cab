package io.sunco.oauth.webflux;

import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.AuthorizationStateStore;
import io.sunco.oauth.callback.StateData;
import io.sunco.oauth.callback.StateGenerator;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * States kept in an {@link AuthorizationStateStore}, bound to a random nonce in the cookie.
 *
 * @param store where the states are kept until their callback
 * @param generator makes each state and nonce
 * @param clock stamps each saved state
 * @param redirectUri saved with each state
 */
record StoredStates(
    AuthorizationStateStore store, StateGenerator generator, Clock clock, URI redirectUri)
    implements PendingStates {

  @Override
  public Mono<Pending> begin(Map<String, String> attributes) {
    return Mono.zip(generator.generate(), generator.generate())
        .flatMap(
            stateAndNonce -> {
              String state = stateAndNonce.getT1();
              String nonce = stateAndNonce.getT2();
              StateData data = StateData.of(nonce, clock.instant(), redirectUri, attributes);
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
                    verified.stateData().map(StateData::attributes).orElse(Map.of())));
  }

  @Override
  public String toString() {
    return "stateStore=" + store;
  }
}
