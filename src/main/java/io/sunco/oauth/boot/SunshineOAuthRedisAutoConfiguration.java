package io.sunco.oauth.boot;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.redis.RedisPendingAuthorizationStore;
import io.sunco.oauth.redis.RedisStoreConnection;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures the Redis state store when {@code sunco.oauth.state.store=redis} and Lettuce is
 * on the class path: a {@link RedisPendingAuthorizationStore} (prefix, lifetime and command
 * deadline from {@code sunco.oauth.state.*}) on, in this order of preference, a connection to
 * {@code sunco.oauth.state.redis.uri} (a {@link RedisStoreConnection} made and closed with the
 * context), the application's {@code StatefulRedisConnection<byte[], byte[]>} bean (never closed
 * here), or a byte-array connection opened on the application's Lettuce {@link RedisClient} bean
 * (closed with the context). Every bean backs off when the application defines its own.
 *
 * <p>Fails the start-up with a {@link SunshineOAuthPropertyException} when none of the three is
 * there, or a Redis property is invalid; and with the store's own error when Redis cannot be
 * reached. No message holds the URI's password.
 */
@AutoConfiguration(before = SunshineOAuthRoutesAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "sunco.oauth.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "sunco.oauth.state.store", havingValue = "redis")
@ConditionalOnClass({RedisClient.class, RedisPendingAuthorizationStore.class})
public class SunshineOAuthRedisAutoConfiguration {

  /** Made by Spring. */
  SunshineOAuthRedisAutoConfiguration() {}

  /**
   * The connection to {@code sunco.oauth.state.redis.uri}, closed with the context.
   *
   * @param properties the {@code sunco.oauth.*} properties
   * @return the open connection
   * @throws SunshineOAuthPropertyException if the URI is not a Redis URI
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(name = "sunco.oauth.state.redis.uri")
  RedisStoreConnection sunshineOAuthRedisConnection(SunshineOAuthProperties properties) {
    String uri = properties.state().redis().uri();
    if (uri == null || uri.isBlank()) {
      throw new SunshineOAuthPropertyException(
          ClientFactory.PREFIX + "state.redis.uri", "must not be blank");
    }
    try {
      return RedisStoreConnection.connect(uri);
    } catch (IllegalArgumentException e) {
      // The library's message never repeats the URI (it may hold a password).
      throw ClientFactory.rejected("state.redis.uri", e);
    }
  }

  /**
   * The Redis state store.
   *
   * @param properties the {@code sunco.oauth.*} properties
   * @param uriConnection the connection to {@code sunco.oauth.state.redis.uri}, if set
   * @param connection the application's byte-array Lettuce connection, if any
   * @param client the application's Lettuce client, if any
   * @param opened where a connection opened on {@code client} is kept until the context closes
   * @return the store
   * @throws SunshineOAuthPropertyException if there is no Redis to use, or a property is invalid
   */
  @Bean
  @ConditionalOnMissingBean(PendingAuthorizationStore.class)
  RedisPendingAuthorizationStore sunshineOAuthStateStore(
      SunshineOAuthProperties properties,
      ObjectProvider<RedisStoreConnection> uriConnection,
      ObjectProvider<StatefulRedisConnection<byte[], byte[]>> connection,
      ObjectProvider<RedisClient> client,
      OpenedConnection opened) {
    SunshineOAuthProperties.StateSettings state = properties.state();
    SunshineOAuthProperties.RedisSettings redis = state.redis();
    RedisPendingAuthorizationStore.Builder builder =
        RedisPendingAuthorizationStore.builder(commands(uriConnection, connection, client, opened));
    ClientFactory.check("state.redis.key-prefix", () -> builder.prefix(redis.keyPrefix()));
    ClientFactory.check("state.redis.timeout", () -> builder.timeout(redis.timeout()));
    ClientFactory.check("state.ttl", () -> builder.ttl(state.ttl()));
    return builder.build();
  }

  /**
   * Keeps a connection the store opened on the application's {@link RedisClient}, and closes it
   * with the context.
   *
   * @return the holder, empty until the store opens a connection
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  OpenedConnection sunshineOAuthRedisOpenedConnection() {
    return new OpenedConnection();
  }

  private static RedisClusterReactiveCommands<byte[], byte[]> commands(
      ObjectProvider<RedisStoreConnection> uriConnection,
      ObjectProvider<StatefulRedisConnection<byte[], byte[]>> connection,
      ObjectProvider<RedisClient> client,
      OpenedConnection opened) {
    RedisClusterReactiveCommands<byte[], byte[]> commands =
        available(uriConnection, connection, client, opened);
    if (commands != null) {
      return commands;
    }
    throw new SunshineOAuthPropertyException(
        ClientFactory.PREFIX + "state.redis.uri",
        "must be set: sunco.oauth.state.store=redis needs a Redis URI, or a Lettuce"
            + " StatefulRedisConnection<byte[], byte[]> or RedisClient bean");
  }

  /**
   * The Redis commands of the first connection there is, in this order: the one to {@code
   * sunco.oauth.state.redis.uri}, the application's byte-array connection, one opened on the
   * application's client. Shared with the connected-app store ({@code sunco.oauth.store=redis}).
   *
   * @return the commands, or null when there is no Redis to use
   */
  static @Nullable RedisClusterReactiveCommands<byte[], byte[]> available(
      ObjectProvider<RedisStoreConnection> uriConnection,
      ObjectProvider<StatefulRedisConnection<byte[], byte[]>> connection,
      ObjectProvider<RedisClient> client,
      OpenedConnection opened) {
    RedisStoreConnection own = uriConnection.getIfUnique();
    if (own != null) {
      return own.commands();
    }
    StatefulRedisConnection<byte[], byte[]> shared = connection.getIfUnique();
    if (shared != null) {
      return shared.reactive();
    }
    RedisClient redisClient = client.getIfUnique();
    if (redisClient != null) {
      return opened.open(redisClient).reactive();
    }
    return null;
  }

  /** A byte-array connection opened on the application's {@link RedisClient}; closed with it. */
  static final class OpenedConnection implements AutoCloseable {
    private @Nullable StatefulRedisConnection<byte[], byte[]> connection;

    synchronized StatefulRedisConnection<byte[], byte[]> open(RedisClient client) {
      StatefulRedisConnection<byte[], byte[]> open = connection;
      if (open == null) {
        open = client.connect(ByteArrayCodec.INSTANCE);
        connection = open;
      }
      return open;
    }

    @Override
    public synchronized void close() {
      StatefulRedisConnection<byte[], byte[]> open = connection;
      if (open != null) {
        open.close();
      }
    }
  }
}
