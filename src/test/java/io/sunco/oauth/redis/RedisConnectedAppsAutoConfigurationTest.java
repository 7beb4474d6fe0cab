package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.boot.StoreFixtures;
import io.sunco.oauth.store.ConnectedAppStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The Spring Boot auto-configuration's Redis store of connected apps ({@code
 * sunco.oauth.store=redis}) on a real redis-server: on the state store's connection ({@code
 * sunco.oauth.state.redis.uri}), on the application's Lettuce client, under the key prefix of
 * {@code sunco.oauth.connected-apps.redis.key-prefix}; and the start-up failure without any Redis.
 */
class RedisConnectedAppsAutoConfigurationTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @RegisterExtension static final SharedRedis redis = new SharedRedis();

  @TempDir Path dir;

  private final String appId = "app-" + UUID.randomUUID();
  private final AccessToken token = AccessToken.bearer("token-kept-in-redis-" + appId);

  private ApplicationContextRunner runner() {
    return StoreFixtures.RUNNER.withPropertyValues(
        "sunco.oauth.store=redis", "sunco.oauth.keys.file=" + StoreFixtures.keyFile(dir, "k1"));
  }

  /** Connects the app through the store bean and reads it back. */
  private void roundTrip(ConnectedAppStore store) {
    StoreFixtures.assertRoundTrip(store, appId, token);
  }

  /** Every key in Redis (emptied before each test) that starts with {@code prefix}, as text. */
  private static java.util.List<String> keysUnder(String prefix) {
    return redis.keys().stream()
        .map(key -> new String(key, StandardCharsets.UTF_8))
        .filter(key -> key.startsWith(prefix))
        .toList();
  }

  @Test
  void storeWhenTheStateStoreHasARedisUriThenTheAppsShareItsConnectionUnderTheirPrefix() {
    String prefix = "boot-apps-" + UUID.randomUUID() + ":";
    runner()
        .withPropertyValues(
            "sunco.oauth.state.store=redis",
            "sunco.oauth.state.redis.uri=" + redis.server().uri(),
            "sunco.oauth.connected-apps.redis.key-prefix=" + prefix)
        .run(
            context -> {
              RedisSealedRecords records = StoreFixtures.backend(context, RedisSealedRecords.class);
              assertThat(records.prefix()).isEqualTo(prefix);
              roundTrip(context.getBean(ConnectedAppStore.class));

              assertThat(keysUnder(prefix))
                  .isNotEmpty()
                  .allSatisfy(
                      key -> {
                        assertThat(key).doesNotContain(token.value());
                      });
            });
  }

  /** The server's {@code CLIENT LIST}: one line per open connection, with its name. */
  private static String clientList() {
    RedisClient admin = RedisClient.create(redis.server().redisUri());
    try (StatefulRedisConnection<String, String> connection = admin.connect()) {
      return connection.sync().clientList();
    } finally {
      admin.shutdown();
    }
  }

  @Test
  void storeWhenTheApplicationHasARedisClientThenAConnectionOpenedOnItClosedWithTheContext() {
    // Every connection of this client names itself, so that the server's list shows it.
    String name = "boot-opened-" + UUID.randomUUID();
    RedisURI uri = redis.server().redisUri();
    uri.setClientName(name);
    RedisClient client = RedisClient.create(uri);
    try {
      runner()
          .withBean(RedisClient.class, () -> client)
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                roundTrip(context.getBean(ConnectedAppStore.class));
                assertThat(clientList()).contains("name=" + name);
              });

      // The context has closed: the connection it opened is gone (the server may lag a little).
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (clientList().contains("name=" + name)) {
        assertThat(System.nanoTime())
            .as("the connection opened on the application's client, still open")
            .isLessThan(deadline);
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    } finally {
      client.shutdown();
    }
  }

  @Test
  void startWhenThereIsNoRedisToUseThenFailsNamingTheStoreProperty() {
    runner()
        .run(
            context ->
                assertThat(StoreFixtures.failure(context))
                    .hasMessageStartingWith(
                        "sunco.oauth.store is redis, but there is no Redis to use"));
  }

  @Test
  void startWhenKeyPrefixHasABraceThenFailsNamingIt() {
    runner()
        .withPropertyValues(
            "sunco.oauth.state.store=redis",
            "sunco.oauth.state.redis.uri=" + redis.server().uri(),
            "sunco.oauth.connected-apps.redis.key-prefix=apps{1}:")
        .run(
            context ->
                assertThat(StoreFixtures.failure(context))
                    .hasMessageStartingWith(
                        "sunco.oauth.connected-apps.redis.key-prefix is invalid: "));
  }
}
