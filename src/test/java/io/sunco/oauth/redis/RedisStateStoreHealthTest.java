package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.boot.SunshineOAuthAutoConfiguration;
import io.sunco.oauth.boot.SunshineOAuthRedisAutoConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The Boot health indicator of the Redis state store against a real redis-server (with a password)
 * that is stopped and started again: {@code UP} while Redis answers within the store's deadline,
 * {@code DOWN} while it is stopped, {@code UP} again once Lettuce has reconnected; no detail names
 * the URI or the password.
 */
class RedisStateStoreHealthTest {

  private static final String PASSWORD = "hunter2-redis-password";
  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private RedisServer redis;

  @BeforeEach
  void startRedis() {
    RedisServer.require();
    redis = RedisServer.start("--requirepass", PASSWORD);
  }

  @AfterEach
  void stopRedis() {
    if (redis != null) {
      redis.close();
    }
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                SunshineOAuthAutoConfiguration.class, SunshineOAuthRedisAutoConfiguration.class))
        .withPropertyValues(
            "sunco.oauth.client-id=5e4af71a81966cfff3ef6550",
            "sunco.oauth.state.store=redis",
            "sunco.oauth.state.redis.timeout=" + TIMEOUT.toMillis() + "ms",
            "sunco.oauth.state.redis.uri=redis://:" + PASSWORD + "@127.0.0.1:" + redis.port());
  }

  /** The health, once its status is {@code status}; Lettuce reconnects with a backoff. */
  private static Health awaitStatus(ReactiveHealthIndicator indicator, Status status) {
    return Mono.defer(indicator::health)
        .filter(health -> health.getStatus().equals(status))
        .repeatWhenEmpty(empty -> empty.delayElements(TIMEOUT))
        .timeout(Duration.ofSeconds(60))
        .block();
  }

  @Test
  void healthWhenRedisStoppedAndStartedThenUpDownUpWithoutSecrets() {
    runner()
        .run(
            context -> {
              ReactiveHealthIndicator indicator =
                  context.getBean(
                      "sunshineOAuthStateStoreHealthIndicator", ReactiveHealthIndicator.class);

              StepVerifier.create(indicator.health())
                  .assertNext(
                      health -> {
                        assertThat(health.getStatus()).isEqualTo(Status.UP);
                        assertThat(health.getDetails())
                            .containsEntry("store", "redis")
                            .containsEntry("timeout", TIMEOUT);
                      })
                  .verifyComplete();

              redis.stop();
              Health down = awaitStatus(indicator, Status.DOWN);
              assertThat(down.getDetails())
                  .containsEntry("store", "redis")
                  .containsEntry("error", "StateStoreUnavailableException");
              assertThat(down.toString())
                  .doesNotContain(PASSWORD)
                  .doesNotContain(Integer.toString(redis.port()));

              redis.restart();
              assertThat(awaitStatus(indicator, Status.UP).getDetails())
                  .containsEntry("store", "redis");
            });
  }
}
