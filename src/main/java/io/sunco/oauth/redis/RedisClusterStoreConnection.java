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
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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

  /** The longest one topology refresh may take before the next is asked for. */
  private static final Duration LONGEST_REFRESH = Duration.ofSeconds(30);

  private final StatefulRedisClusterConnection<byte[], byte[]> connection;
  private final Disposable refresh;

  private RedisClusterStoreConnection(
      RedisClusterClient client,
      StatefulRedisClusterConnection<byte[], byte[]> connection,
      String address,
      Disposable refresh) {
    super(client, connection, address);
    this.connection = connection;
    this.refresh = refresh;
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
    // The periodic refresh is this object's own (see refreshEvery); Lettuce's adaptive triggers
    // stay on.
    client.setOptions(
        ClusterClientOptions.builder()
            .topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder()
                    .enableAllAdaptiveRefreshTriggers()
                    .adaptiveRefreshTriggersTimeout(topologyRefresh)
                    .build())
            .build());
    StatefulRedisClusterConnection<byte[], byte[]> connection;
    try {
      connection = client.connect(ByteArrayCodec.INSTANCE);
    } catch (RuntimeException e) {
      client.shutdown();
      throw StoreUnavailableException.failed(Operation.CONNECT, e);
    }
    return new RedisClusterStoreConnection(
        client, connection, addressOf(nodes), refreshEvery(client, topologyRefresh));
  }

  /**
   * Asks {@code client} to re-read the cluster's layout every {@code period}, one request at a
   * time, each given at most 30 seconds; a failed one is left to the next. Lettuce's own periodic
   * refresh was not dependable: in this project's failover test (Lettuce 7.7, a quiet machine) it
   * once left the connection sending the failed primary's slots to the dead node for minutes, while
   * {@code refreshPartitionsAsync()}, asked directly, re-routed at once (likely its task's "refresh
   * in progress" guard stuck: Lettuce issue #3730).
   */
  private static Disposable refreshEvery(RedisClusterClient client, Duration period) {
    return Flux.interval(period, period, Schedulers.parallel())
        .onBackpressureDrop()
        .concatMap(
            tick ->
                Mono.fromCompletionStage(client::refreshPartitionsAsync)
                    .timeout(LONGEST_REFRESH)
                    .onErrorResume(e -> Mono.empty()),
            1)
        .subscribe();
  }

  /**
   * Stops the topology refresh, closes the connection and shuts the client down, waiting for both
   * (up to 2 seconds for Lettuce's threads): call it at shutdown, off any event loop. Later calls
   * do nothing.
   */
  @Override
  public void close() {
    refresh.dispose();
    super.close();
  }

  /**
   * Stops the topology refresh, closes the connection and shuts the client down without blocking.
   * Later calls, and calls after {@link #close()}, complete at once.
   *
   * @return a {@code Mono} that completes empty when both are closed
   */
  @Override
  public Mono<Void> closeLater() {
    return Mono.defer(
        () -> {
          refresh.dispose();
          return super.closeLater();
        });
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
