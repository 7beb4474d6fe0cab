package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sunco.oauth.boot.SunshineOAuthAutoConfiguration;
import io.sunco.oauth.boot.SunshineOAuthPropertyException;
import io.sunco.oauth.boot.SunshineOAuthRedisAutoConfiguration;
import io.sunco.oauth.boot.SunshineOAuthRoutesAutoConfiguration;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import io.sunco.oauth.webflux.TokenSink;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The Spring Boot auto-configuration's Redis state store ({@code sunco.oauth.state.store=redis}),
 * on a real redis-server: on the URI of {@code sunco.oauth.state.redis.uri}, on the application's
 * Lettuce connection or client, with the store's properties, and the start-up failures. Lives here,
 * beside the {@link SharedRedis} harness it shares with the store's own tests.
 */
class RedisStateAutoConfigurationTest {

  private static final String PASSWORD = "hunter2-redis-password";

  @RegisterExtension static final SharedRedis redis = new SharedRedis();

  private static final ReactiveWebApplicationContextRunner RUNNER =
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SunshineOAuthAutoConfiguration.class,
                  SunshineOAuthRedisAutoConfiguration.class,
                  SunshineOAuthRoutesAutoConfiguration.class))
          .withPropertyValues(
              "sunco.oauth.client-id=5e4af71a81966cfff3ef6550",
              "sunco.oauth.client-secret=5XJ85yjUtRcaQu_pDINblPZb",
              "sunco.oauth.state.store=redis");

  /** Saves a state through the store bean and consumes it: the store really talks to Redis. */
  private static void roundTrip(PendingAuthorizationStore store) {
    PendingAuthorization data =
        PendingAuthorization.of("binding", Instant.parse("2026-11-29T00:00:00Z"));
    String state = "state-" + System.nanoTime();
    StepVerifier.create(store.save(state, data).then(store.consume(state)))
        .expectNext(data)
        .verifyComplete();
  }

  private static SunshineOAuthPropertyException failure(
      ApplicationContextAssertProvider<?> context) {
    assertThat(context).hasFailed();
    StringWriter trace = new StringWriter();
    context.getStartupFailure().printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(PASSWORD);
    Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
    assertThat(root).isInstanceOf(SunshineOAuthPropertyException.class);
    return (SunshineOAuthPropertyException) root;
  }

  @Test
  void storeWhenRedisUriThenRedisStoreOnItsOwnConnectionClosedWithTheContext() {
    AtomicReference<RedisStoreConnection> connection = new AtomicReference<>();
    RUNNER
        .withPropertyValues(
            "sunco.oauth.state.redis.uri=" + redis.server().uri(),
            "sunco.oauth.state.redis.key-prefix=app1:",
            "sunco.oauth.state.redis.timeout=500ms",
            "sunco.oauth.state.ttl=3m")
        .run(
            context -> {
              RedisPendingAuthorizationStore store =
                  context.getBean(RedisPendingAuthorizationStore.class);
              assertThat(context).getBeans(PendingAuthorizationStore.class).hasSize(1);
              assertThat(store.prefix()).isEqualTo("app1:");
              assertThat(store.timeout()).isEqualTo(Duration.ofMillis(500));
              assertThat(store.ttl()).isEqualTo(Duration.ofMinutes(3));
              roundTrip(store);
              connection.set(context.getBean(RedisStoreConnection.class));
              assertThat(connection.get().isClosed()).isFalse();
            });
    assertThat(connection.get().isClosed()).isTrue();
  }

  @Test
  void routesWhenRedisStoreThenTheyKeepStatesInIt() {
    RUNNER
        .withBean(TokenSink.class, () -> connected -> Mono.empty())
        .withPropertyValues(
            "sunco.oauth.state.redis.uri=" + redis.server().uri(),
            "sunco.oauth.routes.redirect-uri=https://bot.example.com/oauth/sunshine/callback")
        .run(
            context ->
                assertThat(context.getBean(SunshineOAuthRoutes.class).stateStore())
                    .containsSame(context.getBean(RedisPendingAuthorizationStore.class)));
  }

  @Test
  void storeWhenApplicationHasAByteArrayConnectionThenUsesItAndLeavesItOpen() {
    RedisClient client = RedisClient.create(redis.server().redisUri());
    try (StatefulRedisConnection<byte[], byte[]> own = client.connect(ByteArrayCodec.INSTANCE)) {
      RUNNER
          // Registered without a destroy method: whoever closes it then is the auto-configuration.
          .withBean(
              StatefulRedisConnection.class,
              () -> own,
              definition -> ((AbstractBeanDefinition) definition).setDestroyMethodName(""))
          .run(
              context -> {
                assertThat(context).doesNotHaveBean(RedisStoreConnection.class);
                roundTrip(context.getBean(RedisPendingAuthorizationStore.class));
              });
      assertThat(own.isOpen()).isTrue();
    } finally {
      client.shutdown();
    }
  }

  @Test
  void storeWhenApplicationHasARedisClientThenOpensItsOwnConnectionOnIt() {
    RedisClient client = RedisClient.create(redis.server().redisUri());
    try {
      RUNNER
          .withBean(RedisClient.class, () -> client)
          .run(context -> roundTrip(context.getBean(RedisPendingAuthorizationStore.class)));
    } finally {
      client.shutdown();
    }
  }

  @Test
  void storeWhenApplicationDefinesOneThenTheAutoConfiguredOneBacksOff() {
    PendingAuthorizationStore own =
        io.sunco.oauth.callback.InMemoryPendingAuthorizationStore.create();
    RUNNER
        .withBean(PendingAuthorizationStore.class, () -> own)
        .run(
            context -> {
              assertThat(context).getBean(PendingAuthorizationStore.class).isSameAs(own);
              assertThat(context).doesNotHaveBean(RedisStoreConnection.class);
            });
  }

  @Test
  void startWhenNoUriAndNoLettuceBeanThenFailsNamingTheUri() {
    RUNNER.run(
        context ->
            assertThat(failure(context).getMessage())
                .startsWith("sunco.oauth.state.redis.uri must be set"));
  }

  @Test
  void startWhenUriIsNotARedisUriThenFailsNamingItWithoutThePassword() {
    RUNNER
        .withPropertyValues("sunco.oauth.state.redis.uri=http://:" + PASSWORD + "@127.0.0.1:1")
        .run(
            context -> {
              SunshineOAuthPropertyException e = failure(context);
              assertThat(e.property()).isEqualTo("sunco.oauth.state.redis.uri");
              assertThat(e.getMessage()).doesNotContain(PASSWORD);
            });
  }

  @Test
  void startWhenInvalidStoreValuesThenFailsNamingTheProperty() {
    String[][] cases = {
      {"state.redis.key-prefix", "has space"},
      {"state.redis.timeout", "0s"},
      {"state.ttl", "2d"},
    };
    for (String[] c : cases) {
      String property = "sunco.oauth." + c[0];
      RUNNER
          .withPropertyValues(
              "sunco.oauth.state.redis.uri=" + redis.server().uri(), property + "=" + c[1])
          .run(context -> assertThat(failure(context).property()).as(property).isEqualTo(property));
    }
  }
}
