package io.sunco.oauth.boot;

import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.redis.RedisPendingAuthorizationStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;

/**
 * The health of the state store the OAuth routes depend on, listed under {@code /actuator/health}
 * as {@code sunshineOAuthStateStore}: for the Redis store, {@code UP} when Redis answers a {@code
 * PING} within the store's command deadline, else {@code DOWN} with {@code reason} {@code
 * timed_out} (no answer within the deadline) or {@code failed} (an error, its type in {@code
 * error}); for the in-memory store, {@code UP} with its entries and capacity; {@code UNKNOWN} for
 * another store; {@code DOWN} with {@code reason} {@code failed} when the store itself cannot be
 * had (its bean failed to be created). The details name the store type, the deadline, the reason
 * and the error type only: never the Redis URI, a password or a state.
 */
final class StateStoreHealthIndicator implements ReactiveHealthIndicator {

  private static final boolean LETTUCE =
      ClassUtils.isPresent(
          "io.lettuce.core.RedisClient", StateStoreHealthIndicator.class.getClassLoader());

  private final ObjectProvider<PendingAuthorizationStore> store;

  /**
   * Reads the store when asked, so that the indicator never forces it to be created early.
   *
   * @param store the application's state store
   */
  StateStoreHealthIndicator(ObjectProvider<PendingAuthorizationStore> store) {
    this.store = store;
  }

  /**
   * The store's health.
   *
   * @return a Mono that emits {@code UP}, {@code DOWN} or {@code UNKNOWN} with secret-free details;
   *     it never errors
   */
  @Override
  public Mono<Health> health() {
    return Mono.defer(
            () -> {
              PendingAuthorizationStore current = store.getIfUnique();
              if (current instanceof InMemoryPendingAuthorizationStore memory) {
                return Mono.just(
                    Health.up()
                        .withDetail("store", "memory")
                        .withDetail("entries", memory.size())
                        .withDetail("capacity", memory.maxEntries())
                        .build());
              }
              if (LETTUCE && current != null && Redis.is(current)) {
                return Redis.health(current);
              }
              return Mono.just(
                  Health.unknown()
                      .withDetail(
                          "store", current == null ? "none" : current.getClass().getSimpleName())
                      .build());
            })
        // Not even the store could be had (a bean that failed to be created): still an answer.
        .onErrorResume(error -> Mono.just(failed(Health.down(), error).build()));
  }

  private static Health.Builder failed(Health.Builder health, Throwable error) {
    // Only the type: a message may name a host or a URI.
    return health
        .withDetail("reason", "failed")
        .withDetail("error", error.getClass().getSimpleName());
  }

  /** Touched only when Lettuce is on the class path. */
  private static final class Redis {

    static boolean is(PendingAuthorizationStore store) {
      return store instanceof RedisPendingAuthorizationStore;
    }

    static Mono<Health> health(PendingAuthorizationStore store) {
      RedisPendingAuthorizationStore redis = (RedisPendingAuthorizationStore) store;
      Health.Builder details =
          Health.unknown().withDetail("store", "redis").withDetail("timeout", redis.timeout());
      return redis
          .ping()
          .then(Mono.fromCallable(() -> details.up().build()))
          .onErrorResume(
              error -> {
                if (error instanceof StoreUnavailableException unavailable
                    && unavailable.deadline().isPresent()) {
                  return Mono.just(details.down().withDetail("reason", "timed_out").build());
                }
                // The store wraps what Lettuce threw: its type says more than the wrapper's.
                Throwable cause =
                    error instanceof StoreUnavailableException && error.getCause() != null
                        ? error.getCause()
                        : error;
                return Mono.just(failed(details.down(), cause).build());
              });
    }
  }
}
