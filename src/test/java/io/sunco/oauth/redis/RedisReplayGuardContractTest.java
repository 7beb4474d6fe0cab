package io.sunco.oauth.redis;

import io.sunco.oauth.callback.ReplayGuard;
import io.sunco.oauth.callback.ReplayGuardContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The replay guard contract against {@link RedisReplayGuard} on a real redis-server, each instance
 * on its own connection. Time passes for the guards' clock and for Redis's keys alike.
 */
class RedisReplayGuardContractTest extends ReplayGuardContract {

  private static RedisHarness redis;
  private final List<ReplayGuard> nodes = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = RedisHarness.startIfAvailable();
  }

  @AfterAll
  static void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void emptyRedis() {
    RedisServer.require();
    redis.flush();
    for (int i = 0; i < RedisHarness.CONNECTIONS; i++) {
      nodes.add(RedisReplayGuard.builder(redis.commands(i)).clock(clock).build());
    }
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
    redis.elapse(duration);
  }
}
