package io.sunco.oauth.webflux;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.TokenInfo;
import reactor.core.publisher.Mono;

/**
 * Where the callback route hands a freshly issued access token, with what {@code GET /v2/tokenInfo}
 * said about it, to be persisted (typically encrypted, keyed by {@link TokenInfo#appId()}). The
 * browser is redirected to the success URL only after the returned {@code Mono} completes; if it
 * errors (or the browser goes away before it completes), the token is revoked and the browser gets
 * a {@code 500} page instead.
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
   * @param token the access token, never null
   * @param info the app it belongs to, never null
   * @return a {@code Mono} that completes empty once the token is stored, or errors when it cannot
   *     be stored
   */
  Mono<Void> save(AccessToken token, TokenInfo info);
}
