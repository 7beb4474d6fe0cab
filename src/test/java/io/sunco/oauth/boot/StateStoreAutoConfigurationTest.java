package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.ClientAutoConfigurationTest.CLIENT_ID;
import static io.sunco.oauth.boot.StoreFixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The state store bean: in memory by default, with its properties; replaced by the application's; a
 * clear start-up failure when Redis is asked for without Lettuce. The Redis store itself is tested
 * on a real redis-server in {@code io.sunco.oauth.redis.RedisStateAutoConfigurationTest}.
 */
class StateStoreAutoConfigurationTest {

  private static final ApplicationContextRunner RUNNER =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  SunshineOAuthAutoConfiguration.class, SunshineOAuthRedisAutoConfiguration.class))
          .withPropertyValues("sunco.oauth.client-id=" + CLIENT_ID);

  @Test
  void storeWhenNothingSetThenInMemoryWithLibraryDefaults() {
    RUNNER.run(
        context -> {
          InMemoryPendingAuthorizationStore store =
              context.getBean(InMemoryPendingAuthorizationStore.class);
          assertThat(store.ttl()).isEqualTo(InMemoryPendingAuthorizationStore.DEFAULT_TTL);
          assertThat(store.maxEntries())
              .isEqualTo(InMemoryPendingAuthorizationStore.DEFAULT_MAX_ENTRIES);
        });
  }

  @Test
  void storeWhenMemoryPropertiesSetThenApplied() {
    RUNNER
        .withPropertyValues(
            "sunco.oauth.state.store=memory",
            "sunco.oauth.state.ttl=90s",
            "sunco.oauth.state.max-entries=50")
        .run(
            context -> {
              InMemoryPendingAuthorizationStore store =
                  context.getBean(InMemoryPendingAuthorizationStore.class);
              assertThat(store.ttl()).isEqualTo(Duration.ofSeconds(90));
              assertThat(store.maxEntries()).isEqualTo(50);
            });
  }

  @Test
  void storeWhenApplicationDefinesOneThenAutoConfiguredOneBacksOff() {
    PendingAuthorizationStore own =
        InMemoryPendingAuthorizationStore.builder().maxEntries(7).build();
    RUNNER
        .withBean(PendingAuthorizationStore.class, () -> own)
        .run(context -> assertThat(context).getBean(PendingAuthorizationStore.class).isSameAs(own));
  }

  @Test
  void startWhenRedisStoreButLettuceMissingThenFailsNamingTheStore() {
    RUNNER
        .withClassLoader(new FilteredClassLoader(RedisClient.class))
        .withPropertyValues("sunco.oauth.state.store=redis")
        .run(
            context ->
                assertThat(failure(context))
                    .hasMessage(
                        "sunco.oauth.state.store is redis, but io.lettuce:lettuce-core is not on"
                            + " the class path"));
  }

  @Test
  void startWhenStoreValueUnknownThenFailsNamingTheProperty() {
    RUNNER
        .withPropertyValues("sunco.oauth.state.store=memcached")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("memcached");
              // Boot's binder names the property (its failure analyzer prints it too).
              assertThat(context.getStartupFailure())
                  .hasStackTraceContaining(
                      "Failed to bind properties under 'sunco.oauth.state.store'");
            });
  }
}
