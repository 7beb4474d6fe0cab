package io.sunco.oauth.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server of a test's own and the application's connection to it, with Lettuce's defaults
 * (commands wait for a reconnect), as the failure tests use them. {@link #close()} closes the
 * connections first, then the client, then the server: closing a connection ends its reconnect
 * loop, so no reconnect to a stopped Redis is half-way through (a channel registered, its read
 * buffer taken) when the client shuts its event loops down; such a buffer would never be released.
 */
final class AppRedis implements AutoCloseable {

  final RedisServer server;
  final RedisClient client;
  final StatefulRedisConnection<byte[], byte[]> callers;
  private final List<StatefulRedisConnection<byte[], byte[]>> others = new ArrayList<>();

  private AppRedis(RedisServer server, RedisClient client) {
    this.server = server;
    this.client = client;
    this.callers = client.connect(ByteArrayCodec.INSTANCE);
  }

  /** Starts a redis-server (the test is skipped where there is none) and connects to it. */
  static AppRedis start() {
    RedisServer.require();
    RedisServer server = RedisServer.start();
    RedisClient client = null;
    try {
      client = RedisClient.create(server.redisUri());
      return new AppRedis(server, client);
    } catch (RuntimeException e) {
      if (client != null) {
        client.shutdown();
      }
      server.close();
      throw e;
    }
  }

  /** Another connection of the same client, closed with the others. */
  StatefulRedisConnection<byte[], byte[]> connect() {
    StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
    others.add(connection);
    return connection;
  }

  @Override
  public void close() {
    callers.close();
    others.forEach(StatefulRedisConnection::close);
    client.shutdown();
    server.close();
  }
}
