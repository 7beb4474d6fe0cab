package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
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
import org.springframework.context.ApplicationContext;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The Boot health indicator of the Redis state store against a real redis-server (with a password)
 * that is stopped and started again: {@code UP} while Redis answers within the store's deadline,
 * {@code DOWN} while it is stopped ({@code failed}) or slower than the deadline ({@code
 * timed_out}), {@code UP} again once it answers; no detail names the URI or the password.
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

  private static ReactiveHealthIndicator indicator(ApplicationContext context) {
    return context.getBean("sunshineOAuthStateStoreHealthIndicator", ReactiveHealthIndicator.class);
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
              ReactiveHealthIndicator indicator = indicator(context);

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
              // Refused connections: an error, told apart from a Redis that is only slow.
              assertThat(down.getDetails())
                  .containsEntry("store", "redis")
                  .containsEntry("reason", "failed")
                  .containsKey("error");
              assertThat(down.toString())
                  .doesNotContain(PASSWORD)
                  .doesNotContain(Integer.toString(redis.port()));

              redis.restart();
              assertThat(awaitStatus(indicator, Status.UP).getDetails())
                  .containsEntry("store", "redis");
            });
  }

  @Test
  void healthWhenRedisSlowerThanTheDeadlineThenDownTimedOutThenUp() {
    runner()
        .run(
            context -> {
              ReactiveHealthIndicator indicator = indicator(context);
              assertThat(awaitStatus(indicator, Status.UP).getStatus()).isEqualTo(Status.UP);
              RedisClient pauser =
                  RedisClient.create(
                      RedisURI.create("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port()));
              try (StatefulRedisConnection<String, String> connection = pauser.connect()) {
                // Redis holds every client's commands for 4 deadlines: slow, not down.
                connection.sync().clientPause(TIMEOUT.toMillis() * 4);

                StepVerifier.create(indicator.health())
                    .assertNext(
                        health -> {
                          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                          assertThat(health.getDetails())
                              .containsEntry("reason", "timed_out")
                              .doesNotContainKey("error");
                        })
                    .verifyComplete();
              } finally {
                pauser.shutdown();
              }
              assertThat(awaitStatus(indicator, Status.UP).getStatus()).isEqualTo(Status.UP);
            });
  }
}
