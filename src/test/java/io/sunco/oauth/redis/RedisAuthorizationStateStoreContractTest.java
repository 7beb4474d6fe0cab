package io.sunco.oauth.redis;

import io.sunco.oauth.callback.AuthorizationStateStore;
import io.sunco.oauth.callback.AuthorizationStateStoreContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The state store contract against {@link RedisAuthorizationStateStore} on a real redis-server,
 * each instance on its own connection. Time passes for Redis by shrinking every key's TTL.
 */
class RedisAuthorizationStateStoreContractTest extends AuthorizationStateStoreContract {

  private static RedisHarness redis;
  private static final List<AuthorizationStateStore> NODES = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    redis = RedisHarness.startIfAvailable();
    if (redis != null) {
      for (int i = 0; i < RedisHarness.CONNECTIONS; i++) {
        NODES.add(RedisAuthorizationStateStore.create(redis.commands(i)));
      }
    }
  }

  @AfterAll
  static void stopRedis() {
    NODES.clear();
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void emptyRedis() {
    RedisServer.require();
    redis.flush();
  }

  @Override
  protected AuthorizationStateStore store() {
    return NODES.get(0);
  }

  @Override
  protected List<AuthorizationStateStore> instances(int count) {
    return NODES.subList(0, count);
  }

  @Override
  protected Duration ttl() {
    return RedisAuthorizationStateStore.DEFAULT_TTL;
  }

  @Override
  protected void elapse(Duration duration) {
    clock.advance(duration);
    redis.elapse(duration);
  }
}
