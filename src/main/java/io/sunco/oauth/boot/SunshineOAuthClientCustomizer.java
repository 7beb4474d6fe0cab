package io.sunco.oauth.boot;

import io.sunco.oauth.SunshineOAuthClient;

/**
 * Changes the builder of the auto-configured {@link SunshineOAuthClient} after the {@code
 * sunco.oauth.*} properties were applied and before it is built: declare beans of this type to set
 * what the properties do not cover (a shared Reactor Netty {@code HttpClient}, a clock). Applied in
 * {@link org.springframework.core.Ordered} order. The auto-configuration contributes one itself,
 * {@code sunshineOAuthObservationCustomizer}, that passes Boot's {@code ObservationRegistry}.
 */
@FunctionalInterface
public interface SunshineOAuthClientCustomizer {

  /**
   * Changes the builder.
   *
   * @param builder the builder, with the properties applied
   */
  void customize(SunshineOAuthClient.Builder builder);
}
