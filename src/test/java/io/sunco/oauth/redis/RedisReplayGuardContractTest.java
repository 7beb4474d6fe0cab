package io.sunco.oauth.redis;

import io.sunco.oauth.callback.ReplayGuard;
import io.sunco.oauth.callback.ReplayGuardContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The replay guard contract against {@link RedisReplayGuard} on a real redis-server, each instance
 * on its own connection. Time passes for the guards' clock and for Redis's keys alike.
 */
class RedisReplayGuardContractTest extends ReplayGuardContract {

  @RegisterExtension static final SharedRedis redis = new SharedRedis();
  private final List<ReplayGuard> nodes = new ArrayList<>();

  @BeforeEach
  void emptyRedis() {
    for (int i = 0; i < RedisHarness.CONNECTIONS; i++) {
      nodes.add(
          RedisReplayGuard.builder(redis.commands(i))
              .clock(clock)
              .timeout(Duration.ofSeconds(30))
              .build());
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
