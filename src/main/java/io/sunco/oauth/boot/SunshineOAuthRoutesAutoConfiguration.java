package io.sunco.oauth.boot;

import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.webflux.FlowAttributes;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import io.sunco.oauth.webflux.TokenSink;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Auto-configures the {@link SunshineOAuthRoutes} of a reactive web application that defines a
 * {@link TokenSink} bean: {@code GET {prefix}/start} and {@code GET {prefix}/callback}, served
 * through a {@code RouterFunction} bean named {@value #ROUTER_FUNCTION_BEAN}. Uses the
 * auto-configured (or the application's) client and state store, and the application's {@link
 * FlowAttributes} bean when there is one, and observes every callback ({@value
 * SunshineOAuthRoutes#OBSERVATION_NAME}, key {@value SunshineOAuthRoutes#OUTCOME_KEY}) and every
 * start ({@value SunshineOAuthRoutes#START_OBSERVATION_NAME}) through the application's {@code
 * ObservationRegistry} when Micrometer is there: with the actuator, a timer per outcome. Off with
 * {@code sunco.oauth.routes.enabled=false}.
 *
 * <p>Fails the start-up with a {@link SunshineOAuthPropertyException} when {@code
 * sunco.oauth.routes.redirect-uri} is not set (a {@code TokenSink} bean asks for the routes), when
 * the client has no secret, or when a route property is invalid.
 */
@AutoConfiguration(after = SunshineOAuthAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "sunco.oauth.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "sunco.oauth.routes.enabled", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnSingleCandidate(TokenSink.class)
public class SunshineOAuthRoutesAutoConfiguration {

  /** The name of the {@code RouterFunction} bean of the two routes: {@value}. */
  public static final String ROUTER_FUNCTION_BEAN = "sunshineOAuthRouterFunction";

  /** Made by Spring. */
  SunshineOAuthRoutesAutoConfiguration() {}

  /**
   * The routes, from {@code sunco.oauth.routes.*}.
   *
   * @param properties the {@code sunco.oauth.*} properties
   * @param client the client
   * @param sink the application's token sink
   * @param stateStore the state store
   * @param attributes the application's flow attributes, if any
   * @param observation passes the application's {@code ObservationRegistry}, when Micrometer is
   *     there
   * @return the routes
   * @throws SunshineOAuthPropertyException if a property is missing or invalid
   */
  @Bean
  @ConditionalOnMissingBean
  SunshineOAuthRoutes sunshineOAuthRoutes(
      SunshineOAuthProperties properties,
      SunshineOAuthClient client,
      TokenSink sink,
      PendingAuthorizationStore stateStore,
      ObjectProvider<FlowAttributes> attributes,
      ObjectProvider<RoutesObservation> observation) {
    SunshineOAuthProperties.RouteSettings routes = properties.routes();
    String redirectUri =
        ClientFactory.required(
            routes.redirectUri(),
            "routes.redirect-uri",
            "must be set: a TokenSink bean asks for the OAuth routes"
                + " (sunco.oauth.routes.enabled=false turns them off)");
    if (!client.settings().hasClientSecret()) {
      throw new SunshineOAuthPropertyException(
          ClientFactory.PREFIX + "client-secret",
          "must be set: the OAuth routes exchange codes for tokens");
    }
    SunshineOAuthRoutes.Builder builder =
        SunshineOAuthRoutes.builder().client(client).sink(sink).stateStore(stateStore);
    ClientFactory.check("routes.prefix", () -> builder.prefix(routes.prefix()));
    ClientFactory.check("routes.redirect-uri", () -> builder.redirectUri(redirectUri));
    ClientFactory.check("routes.success-url", () -> builder.successUrl(routes.successUrl()));
    String denialUrl = routes.denialUrl();
    if (denialUrl != null) {
      ClientFactory.check("routes.denial-url", () -> builder.denialUrl(denialUrl));
    }
    ClientFactory.check("routes.cookie-name", () -> builder.cookieName(routes.cookieName()));
    Duration maxAge = routes.cookieMaxAge();
    ClientFactory.check(
        maxAge != null ? "routes.cookie-max-age" : "state.ttl",
        () -> builder.cookieMaxAge(maxAge != null ? maxAge : properties.state().ttl()));
    attributes.ifAvailable(builder::attributes);
    observation.ifAvailable(hook -> hook.apply(builder));
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      // The one check that spans two properties: the redirect URI's path ends with the prefix's
      // callback path.
      throw new SunshineOAuthPropertyException(
          ClientFactory.PREFIX + "routes.redirect-uri", "is invalid: " + e.getMessage());
    }
  }

  /**
   * The routes' {@code RouterFunction}, which WebFlux serves beside the application's own.
   *
   * @param routes the routes
   * @return the router function
   */
  @Bean(name = ROUTER_FUNCTION_BEAN)
  @ConditionalOnMissingBean(name = ROUTER_FUNCTION_BEAN)
  RouterFunction<ServerResponse> sunshineOAuthRouterFunction(SunshineOAuthRoutes routes) {
    return routes.routerFunction();
  }

  /**
   * Passes the application's {@code ObservationRegistry} to the routes, when Micrometer is there.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(ObservationRegistry.class)
  static class ObservationConfiguration {

    @Bean
    RoutesObservation sunshineOAuthRoutesObservation(ObjectProvider<ObservationRegistry> registry) {
      return builder -> registry.ifUnique(builder::observationRegistry);
    }
  }

  /** Adds an observation registry to the routes' builder; a type Micrometer's absence leaves. */
  @FunctionalInterface
  interface RoutesObservation {
    void apply(SunshineOAuthRoutes.Builder builder);
  }
}
