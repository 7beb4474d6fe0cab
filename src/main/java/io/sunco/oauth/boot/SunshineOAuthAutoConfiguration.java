package io.sunco.oauth.boot;

import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures a {@link SunshineOAuthClient} from the {@code sunco.oauth.*} properties (closed
 * with the application context), with Boot's {@code ObservationRegistry} when Micrometer is there,
 * and the in-memory {@link PendingAuthorizationStore} unless {@code sunco.oauth.state.store=redis}
 * (then {@link SunshineOAuthRedisAutoConfiguration} makes it). Off with {@code
 * sunco.oauth.enabled=false}. Every bean backs off when the application defines its own; {@link
 * SunshineOAuthClientCustomizer} beans adjust the client's builder. With Boot's health support (the
 * actuator) a health indicator, {@code sunshineOAuthStateStore}, reports on the state store.
 *
 * <p>Fails the start-up with a {@link SunshineOAuthPropertyException} naming the property when a
 * required one is missing or a value is invalid ({@code sunco.oauth.client-id must be set}).
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "sunco.oauth.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SunshineOAuthProperties.class)
public class SunshineOAuthAutoConfiguration {

  /** Made by Spring. */
  SunshineOAuthAutoConfiguration() {}

  /**
   * The client, built from the properties and the customizers; closed with the context.
   *
   * @param properties the {@code sunco.oauth.*} properties
   * @param customizers the customizers, applied in order
   * @return the client
   * @throws SunshineOAuthPropertyException if a property is missing or invalid
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  SunshineOAuthClient sunshineOAuthClient(
      SunshineOAuthProperties properties,
      ObjectProvider<SunshineOAuthClientCustomizer> customizers) {
    SunshineOAuthClient.Builder builder = ClientFactory.builder(properties);
    customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
    return builder.build();
  }

  /**
   * The in-memory state store, unless {@code sunco.oauth.state.store} names another.
   *
   * @param properties the {@code sunco.oauth.*} properties
   * @return the store
   * @throws SunshineOAuthPropertyException if {@code sunco.oauth.state.ttl} or {@code
   *     sunco.oauth.state.max-entries} is invalid
   */
  @Bean
  @ConditionalOnMissingBean(PendingAuthorizationStore.class)
  @ConditionalOnProperty(
      name = "sunco.oauth.state.store",
      havingValue = "memory",
      matchIfMissing = true)
  InMemoryPendingAuthorizationStore sunshineOAuthStateStore(SunshineOAuthProperties properties) {
    SunshineOAuthProperties.StateSettings state = properties.state();
    InMemoryPendingAuthorizationStore.Builder builder = InMemoryPendingAuthorizationStore.builder();
    ClientFactory.check("state.ttl", () -> builder.ttl(state.ttl()));
    ClientFactory.check("state.max-entries", () -> builder.maxEntries(state.maxEntries()));
    return builder.build();
  }

  /**
   * Fails the start-up when {@code sunco.oauth.state.store=redis} but Lettuce is not on the class
   * path, rather than leaving the routes without a store.
   *
   * @return never
   * @throws SunshineOAuthPropertyException always
   */
  @Bean
  @ConditionalOnMissingBean(PendingAuthorizationStore.class)
  @ConditionalOnProperty(name = "sunco.oauth.state.store", havingValue = "redis")
  @ConditionalOnMissingClass("io.lettuce.core.RedisClient")
  PendingAuthorizationStore sunshineOAuthStateStoreWithoutLettuce() {
    throw ClientFactory.libraryMissing("state.store", "redis", "io.lettuce:lettuce-core");
  }

  /**
   * The state store's health indicator, {@code sunshineOAuthStateStore} under {@code
   * /actuator/health}, when Boot's health support is there.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ReactiveHealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("sunshineOAuthStateStore")
  static class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "sunshineOAuthStateStoreHealthIndicator")
    StateStoreHealthIndicator sunshineOAuthStateStoreHealthIndicator(
        ObjectProvider<PendingAuthorizationStore> store) {
      return new StateStoreHealthIndicator(store);
    }
  }

  /** Passes Boot's {@code ObservationRegistry} to the client, when Micrometer is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationRegistry.class)
  static class ObservationConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "sunshineOAuthObservationCustomizer")
    SunshineOAuthClientCustomizer sunshineOAuthObservationCustomizer(
        ObjectProvider<ObservationRegistry> registry) {
      return builder -> registry.ifUnique(builder::observationRegistry);
    }
  }

  /**
   * Masks the client secret, the Redis URI and every {@code sunco.oauth.keys.*} value in the
   * actuator's {@code env} and {@code configprops} endpoints, even with {@code show-values=always},
   * under which Boot masks nothing by itself.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(SanitizingFunction.class)
  static class ActuatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "sunshineOAuthSanitizingFunction")
    SanitizingFunction sunshineOAuthSanitizingFunction() {
      return SecretKeys::sanitize;
    }
  }
}
