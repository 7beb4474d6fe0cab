package io.sunco.oauth.webflux;

import io.sunco.oauth.store.ConnectedAppStore;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * Where the callback route hands a freshly issued access token, with the app it belongs to and the
 * flow's attributes, to be persisted (typically encrypted, keyed by the app id and the
 * application's own user). The browser is redirected to the success URL only after the returned
 * {@code Mono} completes; if it errors (or the browser goes away before it completes), the token is
 * revoked and the browser gets a {@code 500} page instead.
 *
 * <p>Called on a Reactor Netty event loop: it must not block. Do any I/O inside the returned {@code
 * Mono}, for example with a reactive database driver, or move blocking work to {@code
 * Schedulers.boundedElastic()}. The token never expires by time: keep it until access is revoked.
 */
@FunctionalInterface
public interface TokenSink {

  /**
   * Persists the token of one completed authorization.
   *
   * @param connected the token, its app and the flow's attributes
   * @return a {@code Mono} that completes empty once the token is stored, or errors when it cannot
   *     be stored
   */
  Mono<Void> save(ConnectedApp connected);

  /**
   * A sink that saves each connected app into {@code store} with {@link ConnectedAppStore#connect}:
   * the token sealed under the store's key ring, the app's subdomain and API base URL, connected
   * now, and the flow's attributes; an earlier record of the app is replaced. The routes then need
   * no code of the application's to keep tokens.
   *
   * @param store the store of the routes' client id
   * @return a sink whose {@code Mono} completes once the record is stored, or errors with the
   *     store's error (the routes then revoke the token)
   * @throws NullPointerException when {@code store} is null
   */
  static TokenSink savingTo(ConnectedAppStore store) {
    Objects.requireNonNull(store, "store");
    return connected ->
        store.connect(connected.token(), connected.app(), connected.attributes()).then();
  }
}
