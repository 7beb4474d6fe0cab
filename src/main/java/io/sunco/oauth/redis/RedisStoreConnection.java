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
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

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
 * reconnects in the background. {@link #toString()} shows host and port only, never a password.
 */
public final class RedisStoreConnection implements AutoCloseable {

  private final RedisClient client;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final String address;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisStoreConnection(
      RedisClient client, StatefulRedisConnection<byte[], byte[]> connection, String address) {
    this.client = client;
    this.connection = connection;
    this.address = address;
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

  /**
   * Whether {@link #close()} or {@link #closeLater()} was called.
   *
   * @return {@code true} once closing has begun
   */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Closes the connection and shuts the client down, waiting for both (up to 2 seconds for
   * Lettuce's threads): call it at shutdown, off any event loop. Later calls do nothing.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      connection.close();
      client.shutdown();
    }
  }

  /**
   * Closes the connection and shuts the client down without blocking. Later calls, and calls after
   * {@link #close()}, complete at once.
   *
   * @return a {@code Mono} that completes empty when both are closed
   */
  public Mono<Void> closeLater() {
    return Mono.defer(
        () ->
            closed.compareAndSet(false, true)
                ? Mono.fromCompletionStage(connection::closeAsync)
                    .then(Mono.fromCompletionStage(client::shutdownAsync))
                : Mono.empty());
  }

  /** Shows the address and whether closed; never a password. */
  @Override
  public String toString() {
    return "RedisStoreConnection[" + address + (closed.get() ? ", closed]" : "]");
  }
}
