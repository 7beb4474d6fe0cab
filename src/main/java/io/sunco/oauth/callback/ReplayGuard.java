package io.sunco.oauth.callback;

import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Remembers which signed states were already used, closing the replay window that a stateless
 * {@link SignedStateCodec} leaves open. {@link InMemoryReplayGuard} covers one node; a shared
 * implementation (for example Redis {@code SET NX PXAT}) covers a cluster. Implementations must be
 * atomic (of concurrent calls with one key, exactly one emits {@code true}) and must not block the
 * calling thread.
 */
public interface ReplayGuard {

  /**
   * Records the first use of a state.
   *
   * @param replayKey {@link VerifiedSignedState#replayKey()}
   * @param expiresAt {@link VerifiedSignedState#expiresAt()}: the key need not be kept past it
   * @return a {@code Mono} that emits {@code true} when the key was not seen before (and is now
   *     recorded), {@code false} when it was; never completes empty; errors with the guard's own
   *     error when it cannot record
   * @throws NullPointerException when an argument is null
   */
  Mono<Boolean> markUsed(String replayKey, Instant expiresAt);
}
