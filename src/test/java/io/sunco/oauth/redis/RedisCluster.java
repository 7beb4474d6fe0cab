package io.sunco.oauth.redis;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.sunco.oauth.testing.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A real Redis Cluster for a test: six {@code redis-server} processes on loopback ports, three
 * primaries that share the 16,384 hash slots in three equal ranges (shard 0, 1, 2) and one replica
 * per primary, formed with {@code CLUSTER ADDSLOTS}, {@code MEET} and {@code REPLICATE}, ready when
 * every node says {@code cluster_state:ok} and every replica is in sync. Replicas never take over
 * by themselves ({@code cluster-replica-no-failover yes}): a busy machine cannot swap roles behind
 * a test's back, and a test decides when a failover happens ({@link #failOver(int)}). Blocking:
 * test threads only; every call here opens its own short connection, so a killed node leaves no
 * reconnect loop behind.
 */
final class RedisCluster implements AutoCloseable {

  /** Primaries, each with one replica. */
  static final int SHARDS = 3;

  /** {@code cluster-node-timeout}: long enough not to fail a node of a busy machine by mistake. */
  static final Duration NODE_TIMEOUT = Duration.ofSeconds(5);

  /** How long forming the cluster, or a failover, may take before the test fails. */
  private static final Duration SETTLE = Duration.ofSeconds(60);

  private static final int SLOTS = SlotHash.SLOT_COUNT;

  /** A node: its server, and the port of its cluster bus (named, not the default port + 10000). */
  private record Node(RedisServer server, int busPort) {}

  /**
   * Shard {@code i}'s first primary is node {@code i}, its first replica node {@code i + SHARDS}.
   */
  private final List<Node> nodes = new ArrayList<>();

  private final List<String> ids = new ArrayList<>();
  private final RedisClient admin = RedisClient.create();

  private RedisCluster() {
    try {
      for (int i = 0; i < 2 * SHARDS; i++) {
        nodes.add(startNode(i >= SHARDS));
      }
      form();
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /** One node; three tries with a new bus port each, should another process take one first. */
  private static Node startNode(boolean replica) {
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      // The bus port is named: the default, port + 10000, lies in the kernel's ephemeral range.
      int busPort = Ports.unused();
      try {
        return new Node(
            RedisServer.start(
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes.conf",
                "--cluster-node-timeout",
                Long.toString(NODE_TIMEOUT.toMillis()),
                "--cluster-port",
                Integer.toString(busPort),
                "--cluster-replica-no-failover",
                replica ? "yes" : "no"),
            busPort);
      } catch (IllegalStateException e) {
        failure = e;
      }
    }
    throw failure;
  }

  /** Starts and forms a cluster; call {@link RedisServer#require()} first. */
  static RedisCluster start() {
    return new RedisCluster();
  }

  private void form() {
    for (int shard = 0; shard < SHARDS; shard++) {
      int[] slots = slotsOf(shard);
      on(nodes.get(shard).server(), redis -> redis.clusterAddSlots(slots));
    }
    Node first = nodes.get(0);
    for (Node node : nodes) {
      ids.add(on(node.server(), RedisCommands::clusterMyId));
      if (node != first) {
        // CLUSTER MEET with the bus port: Lettuce's clusterMeet(ip, port) has no such argument.
        on(
            first.server(),
            redis ->
                redis.dispatch(
                    CommandType.CLUSTER,
                    new StatusOutput<>(ByteArrayCodec.INSTANCE),
                    new CommandArgs<>(ByteArrayCodec.INSTANCE)
                        .add("MEET")
                        .add("127.0.0.1")
                        .add(node.server().port())
                        .add(node.busPort())));
      }
    }
    for (int shard = 0; shard < SHARDS; shard++) {
      String primaryId = ids.get(shard);
      RedisServer replica = replicaOf(shard);
      // The replica must have heard of its primary through the cluster bus first.
      await(
          replica + " replicates shard " + shard,
          () -> {
            try {
              on(replica, redis -> redis.clusterReplicate(primaryId));
              return true;
            } catch (RedisException notYetKnown) {
              return false;
            }
          });
    }
    awaitHealthy();
  }

  /** Slots {@code [16384 * shard / 3, 16384 * (shard + 1) / 3)}. */
  private static int[] slotsOf(int shard) {
    int first = SLOTS * shard / SHARDS;
    int end = SLOTS * (shard + 1) / SHARDS;
    int[] slots = new int[end - first];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = first + i;
    }
    return slots;
  }

  /** The shard whose slots hold {@code key}: the one whose range {@link #slotsOf} has its slot. */
  static int shardOf(byte[] key) {
    int slot = SlotHash.getSlot(key);
    int shard = 0;
    while (slot >= SLOTS * (shard + 1) / SHARDS) {
      shard++;
    }
    return shard;
  }

  /** Seed URIs of every node, for a cluster client. */
  List<RedisURI> seeds() {
    return nodes.stream().map(node -> node.server().redisUri()).toList();
  }

  /** The server that shard {@code shard}'s replica runs on (its primary after a failover). */
  RedisServer replicaOf(int shard) {
    return nodes.get(shard + SHARDS).server();
  }

  /** Whether shard {@code shard}'s replica holds {@code key} (read with {@code READONLY}). */
  boolean replicaHolds(int shard, byte[] key) {
    return on(
        replicaOf(shard),
        redis -> {
          redis.readOnly();
          return redis.exists(key) == 1;
        });
  }

  /**
   * Kills shard {@code shard}'s primary with SIGKILL, as a crashed process: its connections are
   * closed at once. Its replica does not take over until {@link #failOver(int)}, so the test sees
   * the time between a crash and a failover for as long as it needs.
   *
   * @throws IllegalStateException if that node is no longer the shard's primary
   */
  void killPrimary(int shard) {
    RedisServer primary = nodes.get(shard).server();
    if (!isPrimary(primary)) {
      throw new IllegalStateException(primary + " is not the primary of shard " + shard);
    }
    primary.kill();
  }

  /**
   * Fails shard {@code shard} over to its replica ({@code CLUSTER FAILOVER FORCE}: the primary is
   * gone, the other primaries vote), and waits until the replica is a primary and every live node
   * says {@code cluster_state:ok}.
   */
  void failOver(int shard) {
    RedisServer replica = replicaOf(shard);
    on(replica, redis -> redis.clusterFailover(true));
    await(replica + " is the primary of shard " + shard, () -> isPrimary(replica));
    awaitHealthy();
  }

  /** The layout as shard {@code shard}'s replica sees it ({@code CLUSTER NODES}), for a failure. */
  String describe(int shard) {
    return on(replicaOf(shard), RedisCommands::clusterNodes);
  }

  private boolean isPrimary(RedisServer node) {
    return on(node, redis -> redis.info("replication")).contains("role:master");
  }

  /** Deletes every key, on every live primary. */
  void flush() {
    for (RedisServer primary : primaries()) {
      on(primary, RedisCommands::flushall);
    }
  }

  /**
   * Lets {@code duration} pass for every primary's expiry clock, as {@link
   * RedisHarness#elapse(Duration)} does for one server (the script may touch keys of many slots).
   */
  void elapse(Duration duration) {
    String script =
        String.join(
            "\n",
            "#!lua flags=allow-cross-slot-keys",
            "for _, key in ipairs(redis.call('KEYS', '*')) do",
            "  local left = redis.call('PTTL', key)",
            "  if left > 0 then",
            "    if left - tonumber(ARGV[1]) <= 0 then redis.call('DEL', key)",
            "    else redis.call('PEXPIRE', key, left - tonumber(ARGV[1])) end",
            "  end",
            "end");
    byte[] millis = Long.toString(duration.toMillis()).getBytes(US_ASCII);
    for (RedisServer primary : primaries()) {
      on(primary, redis -> redis.eval(script, ScriptOutputType.STATUS, new byte[0][], millis));
    }
  }

  /** Every key the live primaries hold. */
  List<byte[]> keys() {
    List<byte[]> keys = new ArrayList<>();
    for (RedisServer primary : primaries()) {
      keys.addAll(
          on(
              primary,
              redis ->
                  redis.<List<byte[]>>eval(
                      "return redis.call('KEYS', '*')", ScriptOutputType.MULTI, new byte[0][])));
    }
    return keys;
  }

  private List<RedisServer> primaries() {
    return nodes.stream()
        .map(Node::server)
        .filter(RedisServer::isRunning)
        .filter(this::isPrimary)
        .toList();
  }

  private void awaitHealthy() {
    for (Node each : nodes) {
      RedisServer node = each.server();
      if (!node.isRunning()) {
        continue;
      }
      await(
          node + " says cluster_state:ok",
          () -> on(node, RedisCommands::clusterInfo).contains("cluster_state:ok"));
      await(
          node + " is a primary or an up-to-date replica",
          () -> {
            String replication = on(node, redis -> redis.info("replication"));
            return replication.contains("role:master")
                || replication.contains("master_link_status:up");
          });
    }
  }

  private <T> T on(RedisServer node, Function<RedisCommands<byte[], byte[]>, T> call) {
    try (StatefulRedisConnection<byte[], byte[]> connection =
        admin.connect(ByteArrayCodec.INSTANCE, node.redisUri())) {
      return call.apply(connection.sync());
    }
  }

  private static void await(String what, BooleanSupplier done) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Redis Cluster: not within " + SETTLE + ": " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Stops every node, then the admin client; the first failure is thrown after all ran. */
  @Override
  public void close() {
    RuntimeException failure = null;
    for (Node node : nodes) {
      try {
        node.server().close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    try {
      admin.shutdown();
    } catch (RuntimeException e) {
      failure = failure == null ? e : failure;
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "RedisCluster" + nodes.stream().map(Node::server).toList();
  }
}
