package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.RoutesAutoConfigurationTest.REDIRECT_URI;
import static io.sunco.oauth.boot.RoutesAutoConfigurationTest.WITH_SINK;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

/**
 * What an operator gets from the auto-configuration: the callbacks observed through the
 * application's {@code ObservationRegistry} (a timer per outcome under the meter handler Boot
 * registers), and the state store's health indicator. The Redis store's health, up and down with a
 * real redis-server, is tested in {@code io.sunco.oauth.redis.RedisStateStoreHealthTest}.
 */
class OperationsAutoConfigurationTest {

  private static final String INDICATOR = "sunshineOAuthStateStoreHealthIndicator";

  @Test
  void routesWhenBootHasObservationRegistryWithMeterHandlerThenOutcomeTimerPerCallback() {
    MeterRegistry meters = new SimpleMeterRegistry();
    WITH_SINK
        .withPropertyValues("sunco.oauth.routes.redirect-uri=" + REDIRECT_URI)
        .withBean(
            ObservationRegistry.class,
            () -> {
              ObservationRegistry registry = ObservationRegistry.create();
              registry
                  .observationConfig()
                  .observationHandler(new DefaultMeterObservationHandler(meters));
              return registry;
            })
        .run(
            context -> {
              SunshineOAuthRoutes routes = context.getBean(SunshineOAuthRoutes.class);
              WebTestClient web =
                  WebTestClient.bindToRouterFunction(routes.routerFunction()).build();

              web.get()
                  .uri("/oauth/sunshine/callback?code=abc")
                  .exchange()
                  .expectStatus()
                  .isBadRequest();

              assertThat(
                      meters
                          .get(SunshineOAuthRoutes.OBSERVATION_NAME)
                          .tag(SunshineOAuthRoutes.OUTCOME_KEY, "malformed")
                          .timer()
                          .count())
                  .isEqualTo(1);
            });
  }

  @Test
  void routesWhenMicrometerIsMissingThenBuiltWithoutObservations() {
    WITH_SINK
        .withPropertyValues("sunco.oauth.routes.redirect-uri=" + REDIRECT_URI)
        .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
        .run(
            context -> {
              SunshineOAuthRoutes routes = context.getBean(SunshineOAuthRoutes.class);
              WebTestClient.bindToRouterFunction(routes.routerFunction())
                  .build()
                  .get()
                  .uri("/oauth/sunshine/callback?code=abc")
                  .exchange()
                  .expectStatus()
                  .isBadRequest();
            });
  }

  @Test
  void healthWhenInMemoryStoreThenUpWithEntriesAndCapacityAndNoSecret() {
    RoutesAutoConfigurationTest.RUNNER
        .withPropertyValues("sunco.oauth.state.max-entries=500")
        .run(
            context -> {
              InMemoryPendingAuthorizationStore store =
                  context.getBean(InMemoryPendingAuthorizationStore.class);
              StepVerifier.create(
                      store.save(
                          "state-1",
                          PendingAuthorization.of("nonce", Instant.parse("2026-12-07T00:00:00Z"))))
                  .verifyComplete();
              ReactiveHealthIndicator indicator =
                  context.getBean(INDICATOR, ReactiveHealthIndicator.class);

              Health health = indicator.health().block();

              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails())
                  .containsEntry("store", "memory")
                  .containsEntry("entries", 1)
                  .containsEntry("capacity", 500);
              assertThat(health.toString())
                  .doesNotContain(ClientAutoConfigurationTest.SECRET, "state-1", "nonce");
            });
  }

  @Test
  void healthEndpointWhenActuatorPresentThenListsTheStateStoreUp() {
    RoutesAutoConfigurationTest.RUNNER
        .withConfiguration(
            AutoConfigurations.of(
                HealthContributorAutoConfiguration.class,
                HealthContributorRegistryAutoConfiguration.class,
                HealthEndpointAutoConfiguration.class))
        .run(
            context -> {
              HealthDescriptor component =
                  context.getBean(HealthEndpoint.class).healthForPath("sunshineOAuthStateStore");

              assertThat(component).as("listed under /actuator/health").isNotNull();
              assertThat(component.getStatus()).isEqualTo(Status.UP);
            });
  }

  @Test
  void healthWhenBootHealthIsMissingThenNoIndicator() {
    RoutesAutoConfigurationTest.RUNNER
        .withClassLoader(new FilteredClassLoader(ReactiveHealthIndicator.class))
        .run(context -> assertThat(context).doesNotHaveBean(INDICATOR));
  }

  @Test
  void healthWhenApplicationHasOwnIndicatorOfThatNameThenBacksOff() {
    ReactiveHealthIndicator own = () -> reactor.core.publisher.Mono.just(Health.up().build());
    RoutesAutoConfigurationTest.RUNNER
        .withBean(INDICATOR, ReactiveHealthIndicator.class, () -> own)
        .run(context -> assertThat(context.getBean(INDICATOR)).isSameAs(own));
  }

  @Test
  void healthWhenStoreCannotBeCreatedThenDownFailedWithoutError() {
    ObjectProvider<PendingAuthorizationStore> broken =
        new ObjectProvider<>() {
          @Override
          public PendingAuthorizationStore getObject() {
            throw new BeanCreationException("sunshineOAuthStateStore", "redis://:pw@host");
          }

          @Override
          public @Nullable PendingAuthorizationStore getIfUnique() {
            return getObject();
          }
        };

    StepVerifier.create(new StateStoreHealthIndicator(broken).health())
        .assertNext(
            health -> {
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails())
                  .containsEntry("reason", "failed")
                  .containsEntry("error", "BeanCreationException");
              assertThat(health.toString()).doesNotContain("redis://", "pw@");
            })
        .verifyComplete();
  }

  @Test
  void healthWhenIndicatorDisabledByPropertyThenNoIndicator() {
    RoutesAutoConfigurationTest.RUNNER
        .withPropertyValues("management.health.sunshineOAuthStateStore.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(INDICATOR));
  }
}
