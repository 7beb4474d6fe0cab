package io.sunco.oauth.store;

import reactor.core.publisher.Mono;

/**
 * Where the {@link KeyRing} comes from at start-up: a key file by default ({@link KeyFile}), or the
 * application's own source, for example data keys that a KMS decrypts (envelope encryption, the
 * production set-up; see the guide "Connected apps"). Read it once and build the {@link
 * ConnectedAppStore} with the ring it emits.
 */
@FunctionalInterface
public interface KeyProvider {

  /**
   * Reads the key ring. Nothing happens until subscription; an implementation that reads files or
   * calls a service does so inside the returned {@code Mono}, off the event loops.
   *
   * @return a {@code Mono} that emits the ring, or errors when the keys cannot be read or are not a
   *     valid ring; it never completes empty
   */
  Mono<KeyRing> keyRing();
}
