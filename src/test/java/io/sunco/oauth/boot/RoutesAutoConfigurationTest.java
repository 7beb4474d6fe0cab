package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.ClientAutoConfigurationTest.CLIENT_ID;
import static io.sunco.oauth.boot.ClientAutoConfigurationTest.SECRET;
import static io.sunco.oauth.boot.PropertyValidationTest.assertEachInvalid;
import static io.sunco.oauth.boot.StoreFixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.testing.StartRoute;
import io.sunco.oauth.webflux.FlowAttributes;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import io.sunco.oauth.webflux.TokenSink;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The routes: made for a reactive web application with a TokenSink bean, from routes.* properties.
 */
class RoutesAutoConfigurationTest {

  static final String REDIRECT_URI = "https://bot.example.com/oauth/sunshine/callback";
  static final TokenSink SINK = connected -> Mono.empty();

  /** The client's and the routes' auto-configurations. */
  static final AutoConfigurations CONFIGURATIONS =
      AutoConfigurations.of(
          SunshineOAuthAutoConfiguration.class, SunshineOAuthRoutesAutoConfiguration.class);

  static final ReactiveWebApplicationContextRunner RUNNER =
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(CONFIGURATIONS)
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID, "sunco.oauth.client-secret=" + SECRET);

  static final ReactiveWebApplicationContextRunner WITH_SINK =
      RUNNER.withBean(TokenSink.class, () -> SINK);

  /** The client is made (the start-up did not fail), the routes are not. */
  static void clientWithoutRoutes(ApplicationContextAssertProvider<?> context) {
    assertThat(context).hasSingleBean(SunshineOAuthClient.class);
    assertThat(context).doesNotHaveBean(SunshineOAuthRoutes.class);
    assertThat(context).doesNotHaveBean(RouterFunction.class);
  }

  @Nested
  class Conditions {

    @Test
    void routesWhenTokenSinkAndRedirectUriThenRoutesAndRouterFunction() {
      WITH_SINK
          .withPropertyValues("sunco.oauth.routes.redirect-uri=" + REDIRECT_URI)
          .run(
              context -> {
                assertThat(context).hasSingleBean(SunshineOAuthRoutes.class);
                SunshineOAuthRoutes routes = context.getBean(SunshineOAuthRoutes.class);
                assertThat(
                        context.getBean(SunshineOAuthRoutesAutoConfiguration.ROUTER_FUNCTION_BEAN))
                    .isSameAs(routes.routerFunction());
                assertThat(routes.stateStore())
                    .containsSame(context.getBean(PendingAuthorizationStore.class));
              });
    }

    @Test
    void routesWhenNoTokenSinkThenNone() {
      RUNNER
          .withPropertyValues("sunco.oauth.routes.redirect-uri=" + REDIRECT_URI)
          .run(RoutesAutoConfigurationTest::clientWithoutRoutes);
    }

    @Test
    void routesWhenTwoTokenSinksThenNone() {
      WITH_SINK
          .withBean("another", TokenSink.class, () -> SINK)
          .withPropertyValues("sunco.oauth.routes.redirect-uri=" + REDIRECT_URI)
          .run(context -> assertThat(context).doesNotHaveBean(SunshineOAuthRoutes.class));
    }

    @Test
    void routesWhenNotAReactiveWebApplicationThenNone() {
      new ApplicationContextRunner()
          .withConfiguration(CONFIGURATIONS)
          .withBean(TokenSink.class, () -> SINK)
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID,
              "sunco.oauth.client-secret=" + SECRET,
              "sunco.oauth.routes.redirect-uri=" + REDIRECT_URI)
          .run(RoutesAutoConfigurationTest::clientWithoutRoutes);
    }

    @Test
    void routesWhenWebFluxIsMissingThenNoneAndTheClientStillMade() {
      WITH_SINK
          .withClassLoader(new FilteredClassLoader(RouterFunction.class))
          .withPropertyValues("sunco.oauth.routes.redirect-uri=" + REDIRECT_URI)
          .run(RoutesAutoConfigurationTest::clientWithoutRoutes);
    }

    @Test
    void routesWhenDisabledThenNone() {
      WITH_SINK
          .withPropertyValues("sunco.oauth.routes.enabled=false")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(SunshineOAuthRoutes.class);
              });
    }

    @Test
    void routesWhenApplicationDefinesThemThenAutoConfiguredOnesBackOff() {
      SunshineOAuthRoutes own =
          SunshineOAuthRoutes.builder()
              .client(SunshineOAuthClient.builder().clientId("own").clientSecret("s").build())
              .redirectUri("https://own.example.com/oauth/sunshine/callback")
              .sink(SINK)
              .build();
      WITH_SINK
          .withBean(SunshineOAuthRoutes.class, () -> own)
          .run(
              context -> {
                assertThat(context).getBean(SunshineOAuthRoutes.class).isSameAs(own);
                assertThat(
                        context.getBean(SunshineOAuthRoutesAutoConfiguration.ROUTER_FUNCTION_BEAN))
                    .isSameAs(own.routerFunction());
              });
    }
  }

  @Nested
  class Properties {

    @Test
    void routesWhenOnlyRedirectUriThenLibraryDefaults() {
      WITH_SINK
          .withPropertyValues("sunco.oauth.routes.redirect-uri=" + REDIRECT_URI)
          .run(
              context -> {
                SunshineOAuthRoutes routes = context.getBean(SunshineOAuthRoutes.class);
                assertThat(routes.redirectUri()).isEqualTo(REDIRECT_URI);
                assertThat(routes.prefix()).isEqualTo(SunshineOAuthRoutes.DEFAULT_PREFIX);
                assertThat(routes.successUrl()).isEqualTo(SunshineOAuthRoutes.DEFAULT_SUCCESS_URL);
                assertThat(routes.denialUrl()).isEmpty();
                assertThat(routes.cookieName())
                    .isEqualTo(
                        SunshineOAuthRoutes.HOST_COOKIE_PREFIX
                            + SunshineOAuthRoutes.DEFAULT_COOKIE_NAME);
                assertThat(routes.cookieMaxAge())
                    .isEqualTo(SunshineOAuthRoutes.DEFAULT_COOKIE_MAX_AGE);
              });
    }

    @Test
    void routesWhenEveryPropertySetThenBuiltWithThem() {
      WITH_SINK
          .withPropertyValues(
              "sunco.oauth.routes.redirect-uri=https://bot.example.com/app/connect/callback",
              "sunco.oauth.routes.prefix=/connect",
              "sunco.oauth.routes.success-url=/connected",
              "sunco.oauth.routes.denial-url=https://bot.example.com/denied",
              "sunco.oauth.routes.cookie-name=flow",
              "sunco.oauth.routes.cookie-max-age=2m")
          .run(
              context -> {
                SunshineOAuthRoutes routes = context.getBean(SunshineOAuthRoutes.class);
                assertThat(routes.prefix()).isEqualTo("/connect");
                // https: the __Host- cookie on the whole host.
                assertThat(routes.cookiePath()).isEqualTo("/");
                assertThat(routes.successUrl()).isEqualTo(URI.create("/connected"));
                assertThat(routes.denialUrl())
                    .contains(URI.create("https://bot.example.com/denied"));
                assertThat(routes.cookieName()).isEqualTo("__Host-flow");
                assertThat(routes.cookieMaxAge()).isEqualTo(Duration.ofMinutes(2));
              });
    }

    @Test
    void routesWhenStateTtlSetThenCookieFollowsIt() {
      WITH_SINK
          .withPropertyValues(
              "sunco.oauth.routes.redirect-uri=" + REDIRECT_URI, "sunco.oauth.state.ttl=3m")
          .run(
              context -> {
                assertThat(context.getBean(SunshineOAuthRoutes.class).cookieMaxAge())
                    .isEqualTo(Duration.ofMinutes(3));
                assertThat(context.getBean(InMemoryPendingAuthorizationStore.class).ttl())
                    .isEqualTo(Duration.ofMinutes(3));
              });
    }

    @Test
    void startRouteWhenFlowAttributesBeanThenAskedAtStart() {
      AtomicInteger asked = new AtomicInteger();
      FlowAttributes attributes =
          new FlowAttributes() {
            @Override
            public Mono<Map<String, String>> atStart(ServerRequest request) {
              asked.incrementAndGet();
              return Mono.just(Map.of("user", "42"));
            }
          };
      WITH_SINK
          .withBean(FlowAttributes.class, () -> attributes)
          .withPropertyValues("sunco.oauth.routes.redirect-uri=" + REDIRECT_URI)
          .run(
              context -> {
                @SuppressWarnings("unchecked")
                RouterFunction<ServerResponse> routes =
                    context.getBean(
                        SunshineOAuthRoutesAutoConfiguration.ROUTER_FUNCTION_BEAN,
                        RouterFunction.class);
                URI location =
                    StartRoute.redirected(WebTestClient.bindToRouterFunction(routes).build())
                        .getResponseHeaders()
                        .getLocation();
                assertThat(location.getRawQuery()).contains("client_id=" + CLIENT_ID);
                assertThat(asked).hasValue(1);
              });
    }
  }

  @Nested
  class Validation {

    @Test
    void startWhenTokenSinkButNoRedirectUriThenFailsNamingIt() {
      WITH_SINK.run(
          context ->
              assertThat(failure(context).getMessage())
                  .startsWith("sunco.oauth.routes.redirect-uri must be set"));
    }

    @Test
    void startWhenNoClientSecretThenFailsNamingIt() {
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(CONFIGURATIONS)
          .withBean(TokenSink.class, () -> SINK)
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID,
              "sunco.oauth.routes.redirect-uri=" + REDIRECT_URI)
          .run(
              context ->
                  assertThat(failure(context).getMessage())
                      .startsWith("sunco.oauth.client-secret must be set"));
    }

    @Test
    void startWhenInvalidRouteValuesThenEachFailsNamingItsProperty() {
      String[][] cases = {
        {"routes.redirect-uri", "ftp://bot.example.com/oauth/sunshine/callback"},
        {"routes.redirect-uri", "https://bot.example.com/elsewhere"},
        {"routes.prefix", "no-slash"},
        {"routes.success-url", "//evil.example.com"},
        {"routes.denial-url", "javascript:alert(1)"},
        {"routes.cookie-name", "a b"},
        {"routes.cookie-name", "__Host-flow"},
        {"routes.cookie-max-age", "2d"},
      };
      assertEachInvalid(
          cases,
          (setting, check) ->
              (setting.startsWith("sunco.oauth.routes.redirect-uri=")
                      ? WITH_SINK
                      : WITH_SINK.withPropertyValues(
                          "sunco.oauth.routes.redirect-uri=" + REDIRECT_URI))
                  .withPropertyValues(setting)
                  .run(check));
    }
  }
}
