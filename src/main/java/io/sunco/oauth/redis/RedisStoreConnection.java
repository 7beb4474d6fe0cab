package io.sunco.oauth.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import java.util.Objects;

/**
 * A Redis connection made for the pending-authorization store and the replay guard, when the
 * application has none to share: a Lettuce {@link RedisClient} and one connection with a byte-array
 * codec, both owned by this object and released by {@link #close()} or {@link #closeLater()}. An
 * application that already has a Lettuce client passes its own connection's {@code reactive()}
 * commands to the store and the guard instead; those are never closed by this library.
 *
 * <pre>{@code
 * RedisStoreConnection redis = RedisStoreConnection.connect("redis://redis.internal:6379");
 * PendingAuthorizationStore store = RedisPendingAuthorizationStore.create(redis.commands());
 * // at shutdown
 * redis.close();
 * }</pre>
 *
 * <p>While Redis is unreachable, commands on this connection fail at once instead of waiting in
 * Lettuce's queue for a reconnect (Lettuce's {@code DisconnectedBehavior.REJECT_COMMANDS}); Lettuce
 * reconnects in the background. {@link #toString()} shows host and port only, never a password. For
 * Redis Cluster, {@link RedisClusterStoreConnection} is the same with a cluster client.
 */
public final class RedisStoreConnection extends OwnedRedisConnection implements AutoCloseable {

  private final StatefulRedisConnection<byte[], byte[]> connection;

  private RedisStoreConnection(
      RedisClient client, StatefulRedisConnection<byte[], byte[]> connection, String address) {
    super(client, connection, address);
    this.connection = connection;
  }

  /**
   * Connects to the Redis named by {@code redisUri}, in Lettuce's syntax: {@code
   * redis://[password@]host[:port][/database]}, {@code rediss://} for TLS, {@code
   * redis-sentinel://} for Sentinel. Blocks until connected (Lettuce's connect timeout, 10 seconds
   * by default): call it at start-up, off any event loop.
   *
   * @param redisUri the Redis URI; may hold a password, which no message or {@code toString()}
   *     shows
   * @return the open connection
   * @throws NullPointerException when {@code redisUri} is null
   * @throws IllegalArgumentException when it is not a Redis URI
   * @throws StoreUnavailableException with operation {@code CONNECT} when Redis cannot be reached
   */
  public static RedisStoreConnection connect(String redisUri) {
    Objects.requireNonNull(redisUri, "redisUri");
    RedisURI uri;
    try {
      uri = RedisURI.create(redisUri);
    } catch (RuntimeException e) {
      // Lettuce's message repeats the URI, password included: leave it out.
      throw new IllegalArgumentException("Not a Redis URI (expected redis://host:port)");
    }
    return connect(uri);
  }

  /**
   * Connects as {@link #connect(String)} does, to a {@link RedisURI} built by the application.
   *
   * @param redisUri the Redis URI
   * @return the open connection
   * @throws NullPointerException when {@code redisUri} is null
   * @throws StoreUnavailableException with operation {@code CONNECT} when Redis cannot be reached
   */
  public static RedisStoreConnection connect(RedisURI redisUri) {
    Objects.requireNonNull(redisUri, "redisUri");
    RedisClient client = RedisClient.create(redisUri);
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .build());
    try {
      return new RedisStoreConnection(
          client, client.connect(ByteArrayCodec.INSTANCE), addressOf(redisUri));
    } catch (RuntimeException e) {
      client.shutdown();
      throw StoreUnavailableException.failed(Operation.CONNECT, e);
    }
  }

  private static String addressOf(RedisURI uri) {
    if (uri.getSocket() != null) {
      return "unix socket";
    }
    if (uri.getHost() == null) {
      return "sentinel " + uri.getSentinelMasterId();
    }
    return uri.getHost() + ":" + uri.getPort();
  }

  /**
   * The reactive commands of the connection, for {@link RedisPendingAuthorizationStore} and {@link
   * RedisReplayGuard}. After {@link #close()} they error.
   *
   * @return the commands; the same object on every call
   */
  public RedisReactiveCommands<byte[], byte[]> commands() {
    return connection.reactive();
  }
}
