package io.sunco.oauth.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.RedisClusterURIUtil;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisAdvancedClusterReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Redis Cluster connection made for the pending-authorization store, the replay guard and the
 * connected-app records, when the application has none to share: a Lettuce {@link
 * RedisClusterClient} and one cluster connection with a byte-array codec, both owned by this object
 * and released by {@link #close()} or {@link #closeLater()}. An application that already has a
 * {@code RedisClusterClient} passes its own connection's {@code reactive()} commands instead; those
 * are never closed by this library.
 *
 * <pre>{@code
 * RedisClusterStoreConnection redis =
 *     RedisClusterStoreConnection.connect("redis://10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379");
 * PendingAuthorizationStore store = RedisPendingAuthorizationStore.create(redis.commands());
 * // at shutdown
 * redis.close();
 * }</pre>
 *
 * <p>Every command and script of this package names one key, or keys of one hash slot, so each goes
 * to the one primary that serves the slot. While that primary is unreachable, its commands wait for
 * a reconnect and end at the store's deadline (Lettuce's default {@code DisconnectedBehavior};
 * {@code REJECT_COMMANDS}, which {@link RedisStoreConnection} uses, would make Lettuce 7 refuse the
 * first command to every node whose connection is still opening, after each failover too): the
 * {@code Mono} errors with {@link StoreUnavailableException} and the WebFlux routes answer {@code
 * 503}: a flow fails closed and exchanges no code. Once the other nodes have marked the primary
 * failed, Redis's default {@code cluster-require-full-coverage yes} makes every node refuse every
 * command until a replica has taken over. The connection learns the new layout from its periodic
 * topology refresh ({@link #DEFAULT_TOPOLOGY_REFRESH} by default) or sooner from Lettuce's adaptive
 * triggers (a {@code MOVED} redirect, repeated reconnects, an uncovered slot), and the flows whose
 * pending state the replica holds complete as before.
 *
 * <p>Redis replicates asynchronously: a write the primary acknowledged just before it failed may be
 * missing on the replica that replaces it. A pending state saved in that window is unknown after
 * the failover (the callback is refused and the user starts again); a consume in that window may be
 * undone, so the same callback could be accepted once more on the new primary, and would then
 * present an authorization code the service has already spent (codes are single use). Redis's
 * {@code min-replicas-to-write} narrows the window; it cannot close it.
 *
 * <p>{@link #toString()} shows the seed addresses only, never a password.
 */
public final class RedisClusterStoreConnection extends OwnedRedisConnection
    implements AutoCloseable {

  /** Default period of the topology refresh, and least time between adaptive ones: 10 seconds. */
  public static final Duration DEFAULT_TOPOLOGY_REFRESH = Duration.ofSeconds(10);

  private static final Duration MAX_TOPOLOGY_REFRESH = Duration.ofHours(1);

  private final StatefulRedisClusterConnection<byte[], byte[]> connection;

  private RedisClusterStoreConnection(
      RedisClusterClient client,
      StatefulRedisClusterConnection<byte[], byte[]> connection,
      String address) {
    super(client, connection, address);
    this.connection = connection;
  }

  /**
   * Connects to the cluster through the seed nodes named by {@code seedUris}, in Lettuce's syntax:
   * {@code redis://[password@]host1[:port1][,host2[:port2]...]}, {@code rediss://} for TLS. One
   * reachable seed is enough: the others are learnt from it. Blocks until connected and the
   * topology is known: call it at start-up, off any event loop.
   *
   * @param seedUris the seed nodes; may hold a password, which no message or {@code toString()}
   *     shows
   * @return the open connection, refreshing its topology every {@link #DEFAULT_TOPOLOGY_REFRESH}
   * @throws NullPointerException when {@code seedUris} is null
   * @throws IllegalArgumentException when it is not a Redis URI
   * @throws StoreUnavailableException with operation {@code CONNECT} when no seed can be reached
   */
  public static RedisClusterStoreConnection connect(String seedUris) {
    Objects.requireNonNull(seedUris, "seedUris");
    List<RedisURI> seeds;
    try {
      seeds = RedisClusterURIUtil.toRedisURIs(URI.create(seedUris));
    } catch (RuntimeException e) {
      // Lettuce's message repeats the URI, password included: leave it out.
      throw new IllegalArgumentException(
          "Not a Redis Cluster URI (expected redis://host1:port1,host2:port2)");
    }
    return connect(seeds, DEFAULT_TOPOLOGY_REFRESH);
  }

  /**
   * Connects as {@link #connect(String)} does, through seed nodes built by the application, and
   * refreshes the topology every {@code topologyRefresh} (adaptive refreshes at most that often).
   *
   * @param seeds at least one seed node
   * @param topologyRefresh the period of the topology refresh; positive, at most one hour
   * @return the open connection
   * @throws NullPointerException when an argument or a seed is null
   * @throws IllegalArgumentException when {@code seeds} is empty or {@code topologyRefresh} is out
   *     of range
   * @throws StoreUnavailableException with operation {@code CONNECT} when no seed can be reached
   */
  public static RedisClusterStoreConnection connect(
      Iterable<RedisURI> seeds, Duration topologyRefresh) {
    Objects.requireNonNull(seeds, "seeds");
    Objects.requireNonNull(topologyRefresh, "topologyRefresh");
    List<RedisURI> nodes = new ArrayList<>();
    for (RedisURI seed : seeds) {
      nodes.add(Objects.requireNonNull(seed, "seed"));
    }
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("A Redis Cluster connection needs at least one seed");
    }
    if (topologyRefresh.isNegative()
        || topologyRefresh.isZero()
        || topologyRefresh.compareTo(MAX_TOPOLOGY_REFRESH) > 0) {
      throw new IllegalArgumentException("topologyRefresh must be positive and at most one hour");
    }
    RedisClusterClient client = RedisClusterClient.create(nodes);
    client.setOptions(
        ClusterClientOptions.builder()
            .topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(topologyRefresh)
                    .enableAllAdaptiveRefreshTriggers()
                    .adaptiveRefreshTriggersTimeout(topologyRefresh)
                    .build())
            .build());
    try {
      return new RedisClusterStoreConnection(
          client, client.connect(ByteArrayCodec.INSTANCE), addressOf(nodes));
    } catch (RuntimeException e) {
      client.shutdown();
      throw StoreUnavailableException.failed(Operation.CONNECT, e);
    }
  }

  private static String addressOf(List<RedisURI> seeds) {
    return "cluster, seeds "
        + seeds.stream()
            .map(seed -> seed.getHost() + ":" + seed.getPort())
            .collect(Collectors.joining(","));
  }

  /**
   * The reactive commands of the cluster connection, for {@link RedisPendingAuthorizationStore},
   * {@link RedisReplayGuard} and {@link RedisSealedRecords}. After {@link #close()} they error.
   *
   * @return the commands; the same object on every call
   */
  public RedisAdvancedClusterReactiveCommands<byte[], byte[]> commands() {
    return connection.reactive();
  }
}
