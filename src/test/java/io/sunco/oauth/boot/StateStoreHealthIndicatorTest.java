package io.sunco.oauth.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.redis.RedisPendingAuthorizationStore;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import reactor.core.publisher.Mono;

/**
 * The health indicator without a server: on a store it cannot inspect (the application's own, or
 * none at all) it is {@code UNKNOWN}, never {@code DOWN}, which would take the application out of a
 * load balancer for a store the library knows nothing about, and names what it saw; on a Redis
 * store whose {@code PING} fails it names Lettuce's error, not the store's wrapper. The in-memory
 * store and a real Redis are in {@link OperationsAutoConfigurationTest} and {@code
 * RedisStateStoreHealthTest}.
 */
class StateStoreHealthIndicatorTest {

  /** An application's own store: neither the in-memory nor the Redis one. */
  static final class ApplicationStore implements PendingAuthorizationStore {
    @Override
    public Mono<Void> save(String state, PendingAuthorization data) {
      return Mono.empty();
    }

    @Override
    public Mono<PendingAuthorization> consume(String state) {
      return Mono.empty();
    }
  }

  private static Health health(@Nullable PendingAuthorizationStore store) {
    ObjectProvider<PendingAuthorizationStore> provider =
        new ObjectProvider<>() {
          @Override
          public PendingAuthorizationStore getObject() {
            throw new UnsupportedOperationException("the indicator asks getIfUnique only");
          }

          @Override
          public @Nullable PendingAuthorizationStore getIfUnique() {
            return store;
          }
        };
    return new StateStoreHealthIndicator(provider).health().block();
  }

  @Test
  void healthWhenTheApplicationsOwnStoreThenUnknownNamingItsType() {
    Health health = health(new ApplicationStore());

    assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
    assertThat(health.getDetails()).containsExactlyEntriesOf(Map.of("store", "ApplicationStore"));
  }

  @Test
  void healthWhenNoStoreThenUnknownWithStoreNone() {
    Health health = health(null);

    assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
    assertThat(health.getDetails()).containsExactlyEntriesOf(Map.of("store", "none"));
  }

  @Test
  void healthWhenRedisPingFailsThenDownFailedNamingLettucesErrorNotTheStoresWrapper() {
    RedisClusterReactiveCommands<byte[], byte[]> commands =
        commandsWhosePingFails(new RedisConnectionException("redis://:pw@host:6379 refused"));
    RedisPendingAuthorizationStore store = RedisPendingAuthorizationStore.builder(commands).build();

    Health health = health(store);

    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails())
        .containsEntry("store", "redis")
        .containsEntry("reason", "failed")
        .containsEntry("error", "RedisConnectionException");
    assertThat(health.toString()).doesNotContain("redis://", "pw@");
  }

  /** Lettuce's commands of which only {@code PING} answers, with {@code error}; no server. */
  @SuppressWarnings("unchecked")
  private static RedisClusterReactiveCommands<byte[], byte[]> commandsWhosePingFails(
      RuntimeException error) {
    return (RedisClusterReactiveCommands<byte[], byte[]>)
        Proxy.newProxyInstance(
            StateStoreHealthIndicatorTest.class.getClassLoader(),
            new Class<?>[] {RedisClusterReactiveCommands.class},
            (proxy, method, args) -> {
              return switch (method.getName()) {
                case "ping" -> Mono.error(error);
                // The store names its script by its SHA-1 when it is built.
                case "digest" -> "0".repeat(40);
                default -> throw new UnsupportedOperationException(method.getName());
              };
            });
  }
}
