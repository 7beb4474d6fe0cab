package io.sunco.oauth.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RedisServer} with a Lettuce client and a few connections to it: the ones the code under
 * test gets (each like another instance of the application), and one more for the test itself
 * ({@link #admin()}). Blocking: test threads only.
 */
final class RedisHarness implements AutoCloseable {

  /** Connections handed to the code under test. */
  static final int CONNECTIONS = 8;

  final RedisServer server;
  private final RedisClient client;
  private final List<StatefulRedisConnection<byte[], byte[]>> connections = new ArrayList<>();
  private final StatefulRedisConnection<byte[], byte[]> admin;

  private RedisHarness(RedisServer server) {
    this.server = server;
    this.client = RedisClient.create(server.redisUri());
    for (int i = 0; i < CONNECTIONS; i++) {
      connections.add(client.connect(ByteArrayCodec.INSTANCE));
    }
    this.admin = client.connect(ByteArrayCodec.INSTANCE);
  }

  /** A started harness, or null when redis-server is missing (see {@link RedisServer#require}). */
  static @Nullable RedisHarness startIfAvailable() {
    return RedisServer.available() ? new RedisHarness(RedisServer.start()) : null;
  }

  /** The reactive commands of connection {@code i}, as an application instance would hold them. */
  RedisReactiveCommands<byte[], byte[]> commands(int i) {
    return connections.get(i).reactive();
  }

  /** Whether connection {@code i} is still open. */
  boolean isOpen(int i) {
    return connections.get(i).isOpen();
  }

  /** Synchronous commands for the test's own checks. */
  RedisCommands<byte[], byte[]> admin() {
    return admin.sync();
  }

  /** Deletes every key. */
  void flush() {
    admin().flushall();
  }

  /**
   * Lets {@code duration} pass for Redis's expiry clock: every key's remaining time shrinks by
   * {@code duration}, and a key whose time runs out is deleted, as Redis would have done. One
   * script, so that it runs the same on every Lettuce line.
   */
  void elapse(Duration duration) {
    admin()
        .eval(
            String.join(
                "\n",
                "for _, key in ipairs(redis.call('KEYS', '*')) do",
                "  local left = redis.call('PTTL', key)",
                "  if left > 0 then",
                "    if left - tonumber(ARGV[1]) <= 0 then redis.call('DEL', key)",
                "    else redis.call('PEXPIRE', key, left - tonumber(ARGV[1])) end",
                "  end",
                "end"),
            ScriptOutputType.STATUS,
            new byte[0][],
            Long.toString(duration.toMillis()).getBytes(StandardCharsets.US_ASCII));
  }

  /** Every key Redis holds, through a script (the {@code KEYS} method differs between lines). */
  List<byte[]> keys() {
    return admin().eval("return redis.call('KEYS', '*')", ScriptOutputType.MULTI, new byte[0][]);
  }

  @Override
  public void close() {
    // Connections first: closing one ends its reconnect loop (see RedisFailureTest).
    connections.forEach(StatefulRedisConnection::close);
    admin.close();
    client.shutdown();
    server.close();
  }
}
