package io.sunco.oauth.redis;

import io.sunco.oauth.store.SealedRecords;
import io.sunco.oauth.store.SealedRecordsContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The backend contract against {@link RedisSealedRecords} on a real redis-server, each instance on
 * its own connection, as the instances of an application would be.
 */
class RedisSealedRecordsContractTest extends SealedRecordsContract {

  @RegisterExtension static final SharedRedis redis = new SharedRedis();
  private static final List<SealedRecords> NODES = new ArrayList<>();

  /**
   * The contract checks answers, not Redis's latency (RedisSealedRecordsFailureTest proves the
   * deadline): a hang guard sized for a loaded machine, as for the state store's contract.
   */
  private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(30);

  @BeforeAll
  static void createBackends() {
    if (redis.isStarted()) {
      for (int i = 0; i < RedisHarness.CONNECTIONS; i++) {
        NODES.add(RedisSealedRecords.builder(redis.commands(i)).timeout(COMMAND_DEADLINE).build());
      }
    }
  }

  @AfterAll
  static void forgetBackends() {
    NODES.clear();
  }

  @Override
  protected SealedRecords records() {
    return NODES.get(0);
  }

  @Override
  protected List<SealedRecords> instances(int count) {
    return NODES.subList(0, count);
  }
}
