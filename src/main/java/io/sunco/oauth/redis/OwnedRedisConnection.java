package io.sunco.oauth.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * The one home of what {@link RedisStoreConnection} and {@link RedisClusterStoreConnection} share:
 * a Lettuce client and one connection, both owned, released once by {@link #close()} or {@link
 * #closeLater()}, and a {@code toString()} that names addresses only.
 */
abstract class OwnedRedisConnection implements AutoCloseable {

  private final AbstractRedisClient client;
  private final StatefulConnection<byte[], byte[]> connection;
  private final String address;
  private final AtomicBoolean closed = new AtomicBoolean();

  OwnedRedisConnection(
      AbstractRedisClient client, StatefulConnection<byte[], byte[]> connection, String address) {
    this.client = client;
    this.connection = connection;
    this.address = address;
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
    return getClass().getSimpleName() + "[" + address + (closed.get() ? ", closed]" : "]");
  }
}
