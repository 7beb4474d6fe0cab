package io.sunco.oauth.redis;

import static io.sunco.oauth.redis.TwoInstances.body;
import static io.sunco.oauth.redis.TwoInstances.callback;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * A failover of the Redis Cluster primary that holds a pending state, between the start of a flow
 * and its callback, with two application instances on the cluster: A on a {@link
 * RedisClusterStoreConnection}, B on the application's own {@link RedisClusterClient} (the commands
 * of both wait for a reconnect, and the store's deadline ends them). While the primary is down the
 * callback fails closed on both, with 503 and no code exchanged; once its replica has taken over,
 * the flow completes once, and a replay is refused: one exchange in all.
 */
class RedisClusterFailoverTest {

  private static final String UNAVAILABLE = "The authorization is unavailable right now";

  /** Both instances re-read the layout this often, so the test need not wait for the default. */
  private static final Duration TOPOLOGY_REFRESH = Duration.ofMillis(200);

  /**
   * The stores' deadline: B's commands to the dead primary wait for a reconnect until then; A's
   * must fail well before it (the owned connection refuses them), so it is long.
   */
  private static final Duration DEADLINE = Duration.ofSeconds(6);

  /** How long the instances may take to learn the new layout after the failover. */
  private static final Duration RELEARN = Duration.ofSeconds(30);

  private RedisCluster cluster;
  private RedisClusterStoreConnection redisOfA;
  private RedisClusterClient lettuceOfB;
  private StatefulRedisClusterConnection<byte[], byte[]> connectionOfB;
  private TwoInstances app;

  @BeforeEach
  void setUp() {
    RedisServer.require();
    cluster = RedisCluster.start();
    redisOfA = RedisClusterStoreConnection.connect(cluster.seeds(), TOPOLOGY_REFRESH);
    lettuceOfB = RedisClusterClient.create(cluster.seeds());
    lettuceOfB.setOptions(
        ClusterClientOptions.builder()
            .topologyRefreshOptions(
                ClusterTopologyRefreshOptions.builder()
                    .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                    .enableAllAdaptiveRefreshTriggers()
                    .build())
            .build());
    connectionOfB = lettuceOfB.connect(ByteArrayCodec.INSTANCE);
    app =
        new TwoInstances(
            routes ->
                routes.stateStore(
                    RedisPendingAuthorizationStore.builder(redisOfA.commands())
                        .timeout(DEADLINE)
                        .build()),
            routes ->
                routes.stateStore(
                    RedisPendingAuthorizationStore.builder(connectionOfB.reactive())
                        .timeout(DEADLINE)
                        .build()));
  }

  @AfterEach
  void tearDown() {
    // Each step in its own finally: a failing close must not leave six redis-servers running.
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      try {
        if (redisOfA != null) {
          redisOfA.close();
        }
      } finally {
        try {
          if (connectionOfB != null) {
            connectionOfB.close(); // first: it ends the reconnect loop (see RedisFailureTest)
          }
          if (lettuceOfB != null) {
            lettuceOfB.shutdown();
          }
        } finally {
          if (cluster != null) {
            cluster.close();
          }
        }
      }
    }
  }

  @Test
  void callbackWhenThePrimaryOfItsStateFailsThen503UntilTheReplicaTakesOverThenConnectedOnce()
      throws Exception {
    TwoInstances.Flow flow = app.startAndConsent(app.a);
    byte[] key =
        RedisPendingAuthorizationStoreTest.keyOf(
            RedisPendingAuthorizationStore.DEFAULT_PREFIX, flow.state());
    int shard = RedisCluster.shardOf(key);
    await(
        "the replica of shard " + shard + " holds the state",
        () -> cluster.replicaHolds(shard, key));

    cluster.killPrimary(shard);

    EntityExchangeResult<byte[]> refusedOnA =
        callback(app.a, flow).expectStatus().isEqualTo(503).expectBody().returnResult();
    EntityExchangeResult<byte[]> refusedOnB =
        callback(app.b, flow).expectStatus().isEqualTo(503).expectBody().returnResult();
    for (EntityExchangeResult<byte[]> refused : List.of(refusedOnA, refusedOnB)) {
      assertThat(body(refused)).contains(UNAVAILABLE).doesNotContain(flow.state());
    }
    assertThat(app.tokenRequests()).as("no POST /oauth/token while the primary is down").isZero();

    cluster.failOver(shard);
    int slot = SlotHash.getSlot(key);
    int newPrimary = cluster.replicaOf(shard).port();
    await(
        "both instances route the state's slot to the new primary",
        () -> {
          if (servedBy(connectionOfB, slot) != newPrimary) {
            // The application's own client re-reads the layout when told: on this machine its
            // periodic refresh did not re-route the slot within the wait (A's connection does).
            lettuceOfB.refreshPartitions();
          }
          return servedBy(statefulOf(redisOfA), slot) == newPrimary
              && servedBy(connectionOfB, slot) == newPrimary;
        },
        () ->
            "new primary "
                + newPrimary
                + ", A routes to "
                + servedBy(statefulOf(redisOfA), slot)
                + ", B to "
                + servedBy(connectionOfB, slot)
                + "; the cluster says "
                + cluster.describe(shard));

    callback(app.b, flow)
        .expectStatus()
        .isSeeOther()
        .expectHeader()
        .location("/connected")
        .expectBody()
        .returnResult(); // read the body: an unread one would never be released
    for (TwoInstances.Instance instance : List.of(app.a, app.b)) {
      callback(instance, flow).expectStatus().isBadRequest().expectBody().returnResult();
    }

    assertThat(app.connected)
        .singleElement()
        .satisfies(
            connected -> assertThat(connected.app().appId()).isEqualTo(TwoInstances.APP.id()));
    assertThat(app.tokenRequests()).as("one POST /oauth/token in all").isEqualTo(1);
  }

  /** The port of the node that {@code connection} sends {@code slot}'s commands to; -1 if none. */
  private static int servedBy(StatefulRedisClusterConnection<byte[], byte[]> connection, int slot) {
    RedisClusterNode node = connection.getPartitions().getPartitionBySlot(slot);
    return node == null ? -1 : node.getUri().getPort();
  }

  /**
   * A's cluster connection, for its view of the layout: Lettuce deprecated this accessor of the
   * reactive commands, and the connection class deliberately shows only its commands.
   */
  @SuppressWarnings("deprecation")
  private static StatefulRedisClusterConnection<byte[], byte[]> statefulOf(
      RedisClusterStoreConnection redis) {
    return redis.commands().getStatefulConnection();
  }

  private static void await(String what, BooleanSupplier done) {
    await(what, done, () -> "");
  }

  /** Waits for {@code done}; a failure says {@code what} and then {@code state} at that time. */
  private static void await(String what, BooleanSupplier done, Supplier<String> state) {
    long deadline = System.nanoTime() + RELEARN.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        throw new AssertionError(what + ": not within " + RELEARN + "; " + state.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
