package io.sunco.oauth.redis;

import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorizationStoreContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The state store contract against {@link RedisPendingAuthorizationStore} on a real redis-server,
 * each instance on its own connection. Time passes for Redis by shrinking every key's TTL.
 */
class RedisPendingAuthorizationStoreContractTest extends PendingAuthorizationStoreContract {

  @RegisterExtension static final SharedRedis redis = new SharedRedis();
  private static final List<PendingAuthorizationStore> NODES = new ArrayList<>();

  /**
   * The contract checks answers, not Redis's latency: the store's 2 s default deadline (proven by
   * RedisFailureTest) failed the 200 parallel saves of a clean-clone CI run on a loaded machine.
   */
  private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(30);

  @BeforeAll
  static void createStores() {
    if (redis.isStarted()) {
      for (int i = 0; i < RedisHarness.CONNECTIONS; i++) {
        NODES.add(
            RedisPendingAuthorizationStore.builder(redis.commands(i))
                .timeout(COMMAND_DEADLINE)
                .build());
      }
    }
  }

  @AfterAll
  static void forgetStores() {
    NODES.clear();
  }

  @Override
  protected PendingAuthorizationStore store() {
    return NODES.get(0);
  }

  @Override
  protected List<PendingAuthorizationStore> instances(int count) {
    return NODES.subList(0, count);
  }

  @Override
  protected Duration ttl() {
    return RedisPendingAuthorizationStore.DEFAULT_TTL;
  }

  @Override
  protected void elapse(Duration duration) {
    clock.advance(duration);
    redis.elapse(duration);
  }
}
