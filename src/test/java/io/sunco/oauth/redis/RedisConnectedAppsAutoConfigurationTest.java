package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.boot.StoreFixtures;
import io.sunco.oauth.boot.SunshineOAuthPropertyException;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.SealedRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import reactor.test.StepVerifier;

/**
 * The Spring Boot auto-configuration's Redis store of connected apps ({@code
 * sunco.oauth.store=redis}) on a real redis-server: on the state store's connection ({@code
 * sunco.oauth.state.redis.uri}), on the application's Lettuce client, under the key prefix of
 * {@code sunco.oauth.connected-apps.redis.key-prefix}; and the start-up failure without any Redis.
 */
class RedisConnectedAppsAutoConfigurationTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static RedisServer redis;

  @TempDir Path dir;

  private final String appId = "app-" + UUID.randomUUID();
  private final AccessToken token = AccessToken.bearer("token-kept-in-redis-" + appId);

  @BeforeAll
  static void startRedis() {
    if (RedisServer.available()) {
      redis = RedisServer.start();
    }
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void requireRedis() {
    RedisServer.require();
  }

  private ApplicationContextRunner runner() {
    return StoreFixtures.RUNNER.withPropertyValues(
        "sunco.oauth.store=redis", "sunco.oauth.keys.file=" + StoreFixtures.keyFile(dir, "k1"));
  }

  /** Connects the app through the store bean and reads it back. */
  private void roundTrip(ConnectedAppStore store) {
    StepVerifier.create(store.connect(token, TokenInfo.of(appId, "acme", "Acme"), Map.of()))
        .expectNextCount(1)
        .expectComplete()
        .verify(WAIT);
    StepVerifier.create(store.find(appId).map(ConnectedAppRecord::token))
        .expectNext(token)
        .expectComplete()
        .verify(WAIT);
  }

  /** Every key in Redis that starts with {@code prefix}, each as text. */
  private static java.util.List<String> keysUnder(String prefix) {
    RedisClient client = RedisClient.create(redis.redisUri());
    try (StatefulRedisConnection<byte[], byte[]> connection =
        client.connect(ByteArrayCodec.INSTANCE)) {
      // KEYS through EVAL, as RedisHarness does: the pattern argument of keys(..) changed type
      // in Lettuce 7, and this class also runs on that line (profile lettuce-latest).
      java.util.List<byte[]> keys =
          connection
              .sync()
              .eval(
                  "return redis.call('KEYS', ARGV[1])",
                  ScriptOutputType.MULTI,
                  new byte[0][],
                  (prefix + "*").getBytes(StandardCharsets.UTF_8));
      return keys.stream().map(key -> new String(key, StandardCharsets.UTF_8)).toList();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void storeWhenTheStateStoreHasARedisUriThenTheAppsShareItsConnectionUnderTheirPrefix() {
    String prefix = "boot-apps-" + UUID.randomUUID() + ":";
    runner()
        .withPropertyValues(
            "sunco.oauth.state.store=redis",
            "sunco.oauth.state.redis.uri=" + redis.uri(),
            "sunco.oauth.connected-apps.redis.key-prefix=" + prefix)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context)
                  .getBean(SealedRecords.class)
                  .isInstanceOf(RedisSealedRecords.class);
              assertThat(((RedisSealedRecords) context.getBean(SealedRecords.class)).prefix())
                  .isEqualTo(prefix);
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
    RedisClient admin = RedisClient.create(redis.redisUri());
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
    RedisURI uri = redis.redisUri();
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
            context -> {
              assertThat(context).hasFailed();
              Throwable root =
                  NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
              assertThat(root)
                  .isInstanceOf(SunshineOAuthPropertyException.class)
                  .hasMessageStartingWith(
                      "sunco.oauth.store is redis, but there is no Redis to use");
            });
  }

  @Test
  void startWhenKeyPrefixHasABraceThenFailsNamingIt() {
    runner()
        .withPropertyValues(
            "sunco.oauth.state.store=redis",
            "sunco.oauth.state.redis.uri=" + redis.uri(),
            "sunco.oauth.connected-apps.redis.key-prefix=apps{1}:")
        .run(
            context -> {
              Throwable root =
                  NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
              assertThat(root)
                  .isInstanceOf(SunshineOAuthPropertyException.class)
                  .hasMessageStartingWith(
                      "sunco.oauth.connected-apps.redis.key-prefix is invalid: ");
            });
  }
}
