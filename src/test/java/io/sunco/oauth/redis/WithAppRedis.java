package io.sunco.oauth.redis;

import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The failure tests' set-up: each test gets a redis-server of its own ({@link AppRedis}) and the
 * application's connection to it, with Lettuce's defaults (commands wait for a reconnect), closed
 * after the test.
 */
abstract class WithAppRedis {

  AppRedis app;
  RedisServer server;
  StatefulRedisConnection<byte[], byte[]> callers;

  @BeforeEach
  void startAppRedis() {
    app = AppRedis.start();
    server = app.server;
    callers = app.callers;
  }

  @AfterEach
  void closeAppRedis() {
    if (app != null) {
      app.close();
    }
  }
}
