package io.sunco.oauth.callback;

import reactor.core.publisher.Mono;

/**
 * Remembers issued {@code state} values until the redirect comes back, each usable once. The
 * in-memory {@link InMemoryPendingAuthorizationStore} suits a single node or sticky sessions; for a
 * cluster, implement this over a shared store (for example Redis {@code SET NX PX} to save and
 * {@code GETDEL} to consume), or use {@link SignedStateCodec} instead.
 *
 * <p>Contract: {@link #consume(String)} must be atomic: among any number of concurrent or repeated
 * calls for one saved state, across all nodes, at most one emits its data. Implementations must not
 * block the calling thread; do I/O inside the returned {@code Mono}.
 */
public interface PendingAuthorizationStore {

  /**
   * Remembers {@code state} with its data until the store's expiry.
   *
   * @param state the value sent as the {@code state} parameter of the authorize request
   * @param data what to hand back when the state is consumed, including the browser binding the
   *     callback must present
   * @return a {@code Mono} that completes empty once saved; errors with {@link
   *     IllegalStateException} when the state is already present, or with the store's own error
   *     when it cannot save
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when {@code state} is blank or longer than the store accepts
   */
  Mono<Void> save(String state, PendingAuthorization data);

  /**
   * Takes {@code state} out of use and returns what was saved with it.
   *
   * @param state the {@code state} parameter of the callback, percent-decoded
   * @return a {@code Mono} that emits the data the first time a live state is consumed; completes
   *     empty when the store does not know the state (never saved, or already forgotten); errors
   *     with {@link AuthorizationCallbackException} of reason {@link
   *     AuthorizationCallbackException.Reason#EXPIRED_STATE EXPIRED_STATE} or {@link
   *     AuthorizationCallbackException.Reason#REPLAYED_STATE REPLAYED_STATE} when the store still
   *     remembers the state as expired or already consumed (a store that cannot tell these apart
   *     may complete empty instead), or with the store's own error when it cannot read
   * @throws NullPointerException when {@code state} is null
   */
  Mono<PendingAuthorization> consume(String state);
}
