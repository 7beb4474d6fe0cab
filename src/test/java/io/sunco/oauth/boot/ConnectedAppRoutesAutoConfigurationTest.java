package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.ClientAutoConfigurationTest.CLIENT_ID;
import static io.sunco.oauth.boot.ClientAutoConfigurationTest.SECRET;
import static io.sunco.oauth.boot.PropertyValidationTest.failure;
import static io.sunco.oauth.boot.StoreFixtures.WEB_RUNNER;
import static io.sunco.oauth.boot.StoreFixtures.keyFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.testing.LogLines;
import io.sunco.oauth.testing.Revocations;
import io.sunco.oauth.webflux.ConnectedApp;
import io.sunco.oauth.webflux.ConnectedAppRoutes;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import io.sunco.oauth.webflux.TokenSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * With a store, in a reactive web application: the OAuth routes save into it through {@code
 * TokenSink.savingTo} unless the application has its own sink, and the disconnect and removal
 * routes are served at the paths of {@code sunco.oauth.connected-apps.routes.*}, against the real
 * emulator (over http on loopback).
 */
class ConnectedAppRoutesAutoConfigurationTest {

  private static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");

  private final SunshineOAuthEmulator emulator =
      SunshineOAuthEmulator.builder()
          .integration(
              Integration.of(CLIENT_ID, SECRET, "https://app.example/oauth/sunshine/callback"))
          .app(APP)
          .start();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    emulator.close();
  }

  private ReactiveWebApplicationContextRunner runner() {
    return WEB_RUNNER.withPropertyValues(
        "sunco.oauth.base-url=" + emulator.baseUrl(),
        "sunco.oauth.retry.max-retries=0",
        "sunco.oauth.store=memory",
        "sunco.oauth.keys.file=" + keyFile(dir, "k1"));
  }

  /** Whose app a request may disconnect: the one its {@code X-User} connected. */
  private static ConnectedAppOfRequest byUserHeader(ConnectedAppStore store) {
    return request ->
        Mono.justOrEmpty(request.headers().firstHeader("X-User"))
            .flatMap(user -> store.findByAttribute("user", user).next())
            .map(ConnectedAppRecord::appId);
  }

  @SuppressWarnings("unchecked")
  private static WebTestClient web(ApplicationContext context) {
    RouterFunction<?> routes =
        context.getBean(
            SunshineOAuthConnectedAppsAutoConfiguration.ROUTER_FUNCTION_BEAN, RouterFunction.class);
    return WebTestClient.bindToRouterFunction(routes)
        .configureClient()
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** Connects the app for {@code user} through the context's token sink, as the callback does. */
  private AccessToken connectedThroughTheSink(ApplicationContext context, String user) {
    AccessToken token = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, APP.id()));
    StepVerifier.create(
            context
                .getBean(TokenSink.class)
                .save(
                    new ConnectedApp(
                        token,
                        TokenInfo.of(APP.id(), APP.subdomain(), APP.displayName()),
                        Map.of("user", user))))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
    return token;
  }

  @Test
  void contextWhenStoreAndNoSinkOfTheApplicationsThenTheSinkSavesIntoTheStoreAndTheRoutesAreMade() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(SunshineOAuthRoutes.class);
              assertThat(context).hasSingleBean(ConnectedAppRoutes.class);
              AccessToken token = connectedThroughTheSink(context, "alice");

              StepVerifier.create(
                      context.getBean(ConnectedAppStore.class).find(APP.id()).map(r -> r.token()))
                  .expectNext(token)
                  .expectComplete()
                  .verify(Duration.ofSeconds(10));
            });
  }

  @Test
  void contextWhenApplicationHasItsOwnSinkThenItIsTheRoutesSink() {
    TokenSink own = connected -> Mono.empty();
    runner()
        .withBean(TokenSink.class, () -> own)
        .run(
            context -> {
              assertThat(context).getBean(TokenSink.class).isSameAs(own);
              assertThat(context).hasSingleBean(ConnectedAppRoutes.class);
            });
  }

  @Test
  void disconnectWhenTheApplicationSaysWhichAppThen204TheTokenIsRefusedAndTheRecordGone() {
    runner()
        .withUserConfiguration(AppOfRequestConfiguration.class)
        .run(
            context -> {
              AccessToken token = connectedThroughTheSink(context, "alice");

              web(context)
                  .post()
                  .uri(ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH)
                  .header("X-User", "alice")
                  .header("Sec-Fetch-Site", "same-origin")
                  .exchange()
                  .expectStatus()
                  .isNoContent();

              Revocations.assertRefused(context.getBean(SunshineOAuthClient.class), token);
              StepVerifier.create(context.getBean(ConnectedAppStore.class).find(APP.id()))
                  .expectComplete()
                  .verify(Duration.ofSeconds(10));
            });
  }

  /** The application's answer to "which app may this request disconnect". */
  @Configuration(proxyBeanMethods = false)
  static class AppOfRequestConfiguration {
    @Bean
    ConnectedAppOfRequest appOfRequest(ConnectedAppStore store) {
      return byUserHeader(store);
    }
  }

  @Test
  void disconnectWhenNoAppOfRequestBeanThen403AndAWarningAtStartUp() {
    List<String> warnings =
        LogLines.warningsDuring(
            SunshineOAuthConnectedAppsAutoConfiguration.class.getName(),
            () ->
                runner()
                    .run(
                        context -> {
                          connectedThroughTheSink(context, "alice");

                          // Same-origin: refused for want of the bean, not as cross-site.
                          web(context)
                              .post()
                              .uri(ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH)
                              .header("X-User", "alice")
                              .header("Sec-Fetch-Site", "same-origin")
                              .exchange()
                              .expectStatus()
                              .isForbidden();

                          StepVerifier.create(
                                  context.getBean(ConnectedAppStore.class).find(APP.id()))
                              .expectNextCount(1)
                              .expectComplete()
                              .verify(Duration.ofSeconds(10));
                        }));

    assertThat(warnings)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("No ConnectedAppOfRequest bean")
                    .contains(ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH));
  }

  @Test
  void disconnectWhenAnotherUserAsksThen403AndTheAppsRecordAndTokenAreKept() {
    runner()
        .withUserConfiguration(AppOfRequestConfiguration.class)
        .run(
            context -> {
              AccessToken token = connectedThroughTheSink(context, "alice");

              web(context)
                  .post()
                  .uri(ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH)
                  .header("X-User", "mallory")
                  .header("Sec-Fetch-Site", "same-origin")
                  .exchange()
                  .expectStatus()
                  .isForbidden();

              StepVerifier.create(
                      context
                          .getBean(ConnectedAppStore.class)
                          .find(APP.id())
                          .map(ConnectedAppRecord::token))
                  .expectNext(token)
                  .expectComplete()
                  .verify(Duration.ofSeconds(10));
              Revocations.assertValid(context.getBean(SunshineOAuthClient.class), token);
            });
  }

  @Test
  void contextWhenTwoAppOfRequestBeansAndNoneIsPrimaryThenTheWarningSaysNoUniqueBean() {
    List<String> warnings =
        LogLines.warningsDuring(
            SunshineOAuthConnectedAppsAutoConfiguration.class.getName(),
            () ->
                runner()
                    .withBean("first", ConnectedAppOfRequest.class, () -> request -> Mono.empty())
                    .withBean("second", ConnectedAppOfRequest.class, () -> request -> Mono.empty())
                    .run(context -> assertThat(context).hasNotFailed()));

    assertThat(warnings)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("No unique ConnectedAppOfRequest bean (2, none @Primary)")
                    .contains(ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH));
  }

  @Test
  void routesWhenPathsSetThenServedThereAndNotAtTheDefaults() {
    runner()
        .withUserConfiguration(AppOfRequestConfiguration.class)
        .withPropertyValues(
            "sunco.oauth.connected-apps.routes.disconnect-path=/apps/disconnect",
            "sunco.oauth.connected-apps.routes.removal-path=/hooks/sunshine-removed")
        .run(
            context -> {
              WebTestClient web = web(context);
              web.post()
                  .uri("/hooks/sunshine-removed")
                  .bodyValue("{\"appId\":\"" + APP.id() + "\"}")
                  .exchange()
                  .expectStatus()
                  .isAccepted();
              // Bob connected no app: the application's function names none, so 403.
              web.post()
                  .uri("/apps/disconnect")
                  .header("X-User", "bob")
                  .header("Sec-Fetch-Site", "same-origin")
                  .exchange()
                  .expectStatus()
                  .isForbidden();
              web.post()
                  .uri(ConnectedAppRoutes.DEFAULT_REMOVAL_PATH)
                  .exchange()
                  .expectStatus()
                  .isNotFound();
            });
  }

  @Test
  void routesWhenRemovalsPerMinuteSetThenTheNextCallGets429() {
    runner()
        .withPropertyValues("sunco.oauth.connected-apps.routes.removals-per-minute=1")
        .run(
            context -> {
              WebTestClient web = web(context);
              web.post()
                  .uri(ConnectedAppRoutes.DEFAULT_REMOVAL_PATH)
                  .exchange()
                  .expectStatus()
                  .isAccepted();
              web.post()
                  .uri(ConnectedAppRoutes.DEFAULT_REMOVAL_PATH)
                  .exchange()
                  .expectStatus()
                  .isEqualTo(429);
            });
  }

  @Test
  void contextWhenRoutesDisabledThenNoRoutesButTheStoreAndTheSink() {
    runner()
        .withPropertyValues("sunco.oauth.connected-apps.routes.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ConnectedAppRoutes.class);
              assertThat(context)
                  .doesNotHaveBean(
                      SunshineOAuthConnectedAppsAutoConfiguration.ROUTER_FUNCTION_BEAN);
              assertThat(context).hasSingleBean(ConnectedAppStore.class);
              assertThat(context).hasSingleBean(TokenSink.class);
            });
  }

  @Test
  void startWhenARoutePropertyIsInvalidThenFailsNamingIt() {
    runner()
        .withPropertyValues("sunco.oauth.connected-apps.routes.disconnect-path=disconnect")
        .run(
            context ->
                assertThat(failure(context))
                    .hasMessageStartingWith(
                        "sunco.oauth.connected-apps.routes.disconnect-path is invalid: "));
    runner()
        .withPropertyValues("sunco.oauth.connected-apps.routes.removals-per-minute=0")
        .run(
            context ->
                assertThat(failure(context))
                    .hasMessageStartingWith(
                        "sunco.oauth.connected-apps.routes.removals-per-minute is invalid: "));
    runner()
        .withPropertyValues(
            "sunco.oauth.connected-apps.routes.removal-path="
                + ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH)
        .run(
            context ->
                assertThat(failure(context))
                    .hasMessage(
                        "sunco.oauth.connected-apps.routes.removal-path is invalid: the disconnect"
                            + " and removal paths must differ"));
  }
}
