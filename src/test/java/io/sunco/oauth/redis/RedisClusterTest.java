package io.sunco.oauth.redis;

import static io.sunco.oauth.redis.StoreErrors.failed;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisAdvancedClusterReactiveCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorizationStoreContract;
import io.sunco.oauth.callback.ReplayGuard;
import io.sunco.oauth.callback.ReplayGuardContract;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import io.sunco.oauth.store.SealedRecord;
import io.sunco.oauth.store.SealedRecords;
import io.sunco.oauth.store.SealedRecordsContract;
import io.sunco.oauth.testing.SampleRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/**
 * The state store, the replay guard and the connected-app records on a real Redis Cluster (three
 * primaries, three replicas: {@link RedisCluster}), through Lettuce's cluster client: each
 * backend's whole contract, as on one redis-server, with many keys spread over every shard; and
 * {@link RedisClusterStoreConnection}, the connection the library makes. The cluster's failover is
 * {@link RedisClusterFailoverTest}'s.
 */
class RedisClusterTest {

  /** Connections handed to the code under test: one per instance the contracts race. */
  private static final int CONNECTIONS = 8;

  /** How long a connection's handshake with a node may take before it is tried again. */
  private static final Duration HANDSHAKE = Duration.ofSeconds(10);

  /** The contracts check answers, not latency: a hang guard sized for a loaded machine. */
  private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(30);

  private static @Nullable RedisCluster cluster;
  private static @Nullable RedisClusterClient client;
  private static final List<StatefulRedisClusterConnection<byte[], byte[]>> CONNECTED =
      new ArrayList<>();

  @BeforeAll
  static void startCluster() {
    if (RedisServer.available()) {
      cluster = RedisCluster.start();
      // A node connection's handshake ends after 10 s here (Lettuce's default: 60 s).
      client =
          RedisClusterClient.create(
              cluster.seeds().stream()
                  .map(seed -> RedisURI.builder(seed).withTimeout(HANDSHAKE).build())
                  .toList());
      for (int i = 0; i < CONNECTIONS; i++) {
        StatefulRedisClusterConnection<byte[], byte[]> connection =
            client.connect(ByteArrayCodec.INSTANCE);
        CONNECTED.add(connection);
        openEveryNodeConnection(connection);
      }
    }
  }

  /**
   * Opens the connection's connection to every node, one after the other, before the tests race
   * their instances: on a loaded machine one of the eight connections' node handshakes, opened all
   * at once by a racing test, once stalled until Lettuce's handshake timeout (the answer arrived
   * and was dropped as "received data for closed or abandoned connection"). The contracts check the
   * backends, not Lettuce's connection set-up: a stalled handshake is tried again here.
   */
  private static void openEveryNodeConnection(
      StatefulRedisClusterConnection<byte[], byte[]> connection) {
    for (RedisClusterNode node : connection.getPartitions()) {
      RuntimeException failure = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        try {
          // By address, as the connection routes a slot's commands to its primary.
          connection.getConnection(node.getUri().getHost(), node.getUri().getPort()).sync().ping();
          failure = null;
          break;
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  @AfterAll
  static void stopCluster() {
    // Each step in its own finally: a failing close must not leave six redis-servers running.
    try {
      CONNECTED.forEach(StatefulRedisClusterConnection::close);
      CONNECTED.clear();
      if (client != null) {
        client.shutdown();
        client = null;
      }
    } finally {
      if (cluster != null) {
        cluster.close();
        cluster = null;
      }
    }
  }

  @BeforeEach
  void emptyCluster() {
    RedisServer.require();
    cluster().flush();
  }

  private static RedisCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("redis-server is not running");
    }
    return cluster;
  }

  private static RedisAdvancedClusterReactiveCommands<byte[], byte[]> commands(int i) {
    return CONNECTED.get(i).reactive();
  }

  /** The shards that hold the keys Redis holds now. */
  private static Set<Integer> shardsInUse() {
    return cluster().keys().stream().map(RedisCluster::shardOf).collect(Collectors.toSet());
  }

  @Nested
  class PendingAuthorizations extends PendingAuthorizationStoreContract {

    private List<PendingAuthorizationStore> nodes = List.of();

    @BeforeEach
    void createStores() {
      nodes =
          IntStream.range(0, CONNECTIONS)
              .mapToObj(
                  i ->
                      (PendingAuthorizationStore)
                          RedisPendingAuthorizationStore.builder(commands(i))
                              .timeout(COMMAND_DEADLINE)
                              .build())
              .toList();
    }

    @Override
    protected PendingAuthorizationStore store() {
      return nodes.get(0);
    }

    @Override
    protected List<PendingAuthorizationStore> instances(int count) {
      return nodes.subList(0, count);
    }

    @Override
    protected Duration ttl() {
      return RedisPendingAuthorizationStore.DEFAULT_TTL;
    }

    @Override
    protected void elapse(Duration duration) {
      clock.advance(duration);
      cluster().elapse(duration);
    }

    @Test
    void saveWhenManyStatesThenSpreadOverEveryShardAndEachConsumedOnceFromAnyInstance() {
      List<String> states = IntStream.range(0, 60).mapToObj(i -> "spread-" + i).toList();
      Map<String, PendingAuthorization> saved = new HashMap<>();
      for (String state : states) {
        saved.put(state, PendingAuthorization.of("binding-" + state, clock.instant()));
      }

      StepVerifier.create(Flux.fromIterable(states).concatMap(s -> store().save(s, saved.get(s))))
          .verifyComplete();
      assertThat(shardsInUse()).containsExactlyInAnyOrder(0, 1, 2);
      for (int i = 0; i < states.size(); i++) {
        String state = states.get(i);
        StepVerifier.create(nodes.get(i % CONNECTIONS).consume(state))
            .expectNext(saved.get(state))
            .verifyComplete();
        StepVerifier.create(nodes.get((i + 1) % CONNECTIONS).consume(state))
            .expectErrorSatisfies(
                error ->
                    assertThat(error)
                        .isInstanceOfSatisfying(
                            AuthorizationCallbackException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.REPLAYED_STATE)))
            .verify();
      }
    }
  }

  @Nested
  class ReplayGuards extends ReplayGuardContract {

    private List<ReplayGuard> nodes = List.of();

    @BeforeEach
    void createGuards() {
      nodes =
          IntStream.range(0, CONNECTIONS)
              .mapToObj(
                  i ->
                      (ReplayGuard)
                          RedisReplayGuard.builder(commands(i))
                              .clock(clock)
                              .timeout(COMMAND_DEADLINE)
                              .build())
              .toList();
    }

    @Override
    protected ReplayGuard guard() {
      return nodes.get(0);
    }

    @Override
    protected List<ReplayGuard> instances(int count) {
      return nodes.subList(0, count);
    }

    @Override
    protected void elapse(Duration duration) {
      clock.advance(duration);
      cluster().elapse(duration);
    }
  }

  @Nested
  class ConnectedAppRecords extends SealedRecordsContract {

    private List<SealedRecords> nodes = List.of();

    @BeforeEach
    void createBackends() {
      nodes =
          IntStream.range(0, CONNECTIONS)
              .mapToObj(
                  i ->
                      (SealedRecords)
                          RedisSealedRecords.builder(commands(i)).timeout(COMMAND_DEADLINE).build())
              .toList();
    }

    @Override
    protected SealedRecords records() {
      return nodes.get(0);
    }

    @Override
    protected List<SealedRecords> instances(int count) {
      return nodes.subList(0, count);
    }
  }

  @Nested
  class OwnedConnection {

    /** What the guide's block (instances.md) makes: one connection, three stores on it. */
    record Guide(
        RedisClusterStoreConnection redis,
        PendingAuthorizationStore store,
        ReplayGuard guard,
        SealedRecords records) {}

    private Guide guideBlock(String seedUris) {
      // tag::readme-redis-cluster[]
      // Redis Cluster: the seed nodes in one URI (one reachable seed is enough), for example
      // "redis://10.0.0.1:6379,10.0.0.2:6379,10.0.0.3:6379"; close the connection at shutdown.
      RedisClusterStoreConnection redis = RedisClusterStoreConnection.connect(seedUris);
      PendingAuthorizationStore store = RedisPendingAuthorizationStore.create(redis.commands());
      ReplayGuard guard = RedisReplayGuard.create(redis.commands());
      SealedRecords records = RedisSealedRecords.create(redis.commands()); // connected apps
      // end::readme-redis-cluster[]
      return new Guide(redis, store, guard, records);
    }

    @Test
    void connectWhenSeedsGivenAsOneUriThenEveryStoreWorksOnEveryShard() {
      String seeds =
          cluster().seeds().stream()
              .map(seed -> seed.getHost() + ":" + seed.getPort())
              .collect(Collectors.joining(",", "redis://", ""));
      Guide guide = guideBlock(seeds);
      try (RedisClusterStoreConnection redis = guide.redis()) {
        // The loop's stores have the contracts' hang guard: the first command to each primary
        // opens its connection, which a loaded machine may take a while to do.
        RedisPendingAuthorizationStore store =
            RedisPendingAuthorizationStore.builder(redis.commands())
                .timeout(COMMAND_DEADLINE)
                .build();
        RedisReplayGuard guard =
            RedisReplayGuard.builder(redis.commands()).timeout(COMMAND_DEADLINE).build();
        RedisSealedRecords records =
            RedisSealedRecords.builder(redis.commands()).timeout(COMMAND_DEADLINE).build();
        PendingAuthorization data = PendingAuthorization.of("b", Instant.now());
        Instant expiry = Instant.now().plusSeconds(60);

        for (int i = 0; i < 30; i++) {
          String state = "owned-" + i;
          StepVerifier.create(store.save(state, data).then(store.consume(state)))
              .expectNext(data)
              .verifyComplete();
          StepVerifier.create(
                  guard.markUsed(state, expiry).concatWith(guard.markUsed(state, expiry)))
              .expectNext(true, false)
              .verifyComplete();
          SealedRecord record = record("client-" + i);
          StepVerifier.create(records.upsert(record).then(records.find(record.clientId(), "app")))
              .assertNext(found -> assertThat(found.sealedToken()).containsExactly(1, 2, 3))
              .verifyComplete();
        }
        assertThat(shardsInUse()).containsExactlyInAnyOrder(0, 1, 2);

        // The guide's own stores, on the connections the loop opened to every primary.
        StepVerifier.create(guide.store().save("guide", data).then(guide.store().consume("guide")))
            .expectNext(data)
            .verifyComplete();
        StepVerifier.create(guide.guard().markUsed("guide", expiry))
            .expectNext(true)
            .verifyComplete();
        StepVerifier.create(guide.records().find("client-0", "app"))
            .assertNext(found -> assertThat(found.clientId()).isEqualTo("client-0"))
            .verifyComplete();
        StepVerifier.create(store.ping()).verifyComplete();
        assertThat(redis)
            .hasToString("RedisClusterStoreConnection[cluster, seeds " + seeds.substring(8) + "]");
      }
    }

    private SealedRecord record(String clientId) {
      return SampleRecords.acme(
          clientId, "app", "k1", new byte[] {1, 2, 3}, Optional.empty(), Map.of());
    }

    @Test
    void closeLaterWhenCalledTwiceThenBothCompleteAndCommandsError() {
      RedisClusterStoreConnection redis =
          RedisClusterStoreConnection.connect(cluster().seeds(), Duration.ofSeconds(1));
      RedisReplayGuard guard = RedisReplayGuard.create(redis.commands());

      StepVerifier.create(redis.closeLater().then(redis.closeLater())).verifyComplete();

      assertThat(redis.isClosed()).isTrue();
      assertThat(redis.toString()).endsWith(", closed]");
      StepVerifier.create(guard.markUsed("k", Instant.now()))
          .expectErrorSatisfies(failed(Operation.MARK_USED, RuntimeException.class))
          .verify();
    }
  }
}
