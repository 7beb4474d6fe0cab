package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.PropertyValidationTest.assertEachInvalid;
import static io.sunco.oauth.boot.StoreFixtures.WEB_RUNNER;
import static io.sunco.oauth.boot.StoreFixtures.failure;
import static io.sunco.oauth.boot.StoreFixtures.keyFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.webflux.ConnectedAppRoutes;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import io.sunco.oauth.webflux.TokenSink;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.reactive.server.WebTestClient;
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

  private final SunshineOAuthEmulator emulator = StoreFixtures.emulator(APP);

  @TempDir Path dir;

  @AfterEach
  void stop() {
    emulator.close();
  }

  private ReactiveWebApplicationContextRunner runner() {
    return WEB_RUNNER
        .withPropertyValues(StoreFixtures.clientOf(emulator))
        .withPropertyValues(
            "sunco.oauth.store=memory", "sunco.oauth.keys.file=" + keyFile(dir, "k1"));
  }

  /** Whose app a request may disconnect: the one its {@code X-User} connected. */
  private static ConnectedAppOfRequest byUserHeader(ConnectedAppStore store) {
    return request ->
        Mono.justOrEmpty(request.headers().firstHeader("X-User"))
            .flatMap(user -> store.findByAttribute("user", user).next())
            .map(ConnectedAppRecord::appId);
  }

  private static WebTestClient web(ApplicationContext context) {
    return WebTestClient.bindToRouterFunction(StoreFixtures.routesOf(context))
        .configureClient()
        .responseTimeout(StoreFixtures.WAIT)
        .build();
  }

  /** Connects the app for {@code user} through the context's token sink, as the callback does. */
  private AccessToken connectedThroughTheSink(ApplicationContext context, String user) {
    return StoreFixtures.connectedThroughTheSink(context, emulator, APP, Map.of("user", user));
  }

  /**
   * A same-origin disconnect at {@code path} by a request that the application sees as {@code
   * user}'s.
   */
  private static WebTestClient.ResponseSpec disconnect(
      WebTestClient web, String path, String user) {
    return web.post()
        .uri(path)
        .header("X-User", user)
        .header("Sec-Fetch-Site", "same-origin")
        .exchange();
  }

  @Test
  void contextWhenStoreAndNoSinkOfTheApplicationsThenTheSinkSavesIntoTheStoreAndTheRoutesAreMade() {
    runner()
        .run(
            context -> {
              StoreFixtures.assertStartedWith(
                  context, SunshineOAuthRoutes.class, ConnectedAppRoutes.class);
              AccessToken token = connectedThroughTheSink(context, "alice");

              StoreFixtures.assertKept(context, APP.id(), token);
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

  /** What a disconnect leaves: the app gone and its token refused, or both kept. */
  interface Outcome {
    void check(ApplicationContext context, String appId, AccessToken token);
  }

  /** Alice connected the app: she may disconnect it (204), Mallory may not (403). */
  static Stream<Arguments> askers() {
    return Stream.of(
        Arguments.of("alice", 204, (Outcome) StoreFixtures::assertDisconnected),
        Arguments.of("mallory", 403, (Outcome) StoreFixtures::assertKept));
  }

  @ParameterizedTest(name = "{0} asks: {1}")
  @MethodSource("askers")
  void disconnectWhenTheApplicationSaysWhichAppThenOnlyItsUserDisconnectsItAndAnotherGets403(
      String user, int status, Outcome outcome) {
    runner()
        .withUserConfiguration(AppOfRequestConfiguration.class)
        .run(
            context -> {
              AccessToken token = connectedThroughTheSink(context, "alice");

              disconnect(web(context), ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH, user)
                  .expectStatus()
                  .isEqualTo(status);

              outcome.check(context, APP.id(), token);
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
        StoreFixtures.startUpWarnings(
            () ->
                runner()
                    .run(
                        context -> {
                          connectedThroughTheSink(context, "alice");

                          // Same-origin: refused for want of the bean, not as cross-site.
                          disconnect(
                                  web(context), ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH, "alice")
                              .expectStatus()
                              .isForbidden();

                          StepVerifier.create(
                                  context.getBean(ConnectedAppStore.class).find(APP.id()))
                              .expectNextCount(1)
                              .expectComplete()
                              .verify(StoreFixtures.WAIT);
                        }));

    assertThat(warnings)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("No ConnectedAppOfRequest bean")
                    .contains(ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH));
  }

  @Test
  void contextWhenTwoAppOfRequestBeansAndNoneIsPrimaryThenTheWarningSaysNoUniqueBean() {
    List<String> warnings =
        StoreFixtures.startUpWarnings(
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
              disconnect(web, "/apps/disconnect", "bob").expectStatus().isForbidden();
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
              StoreFixtures.assertStartedWithout(context, ConnectedAppRoutes.class);
              assertThat(context)
                  .doesNotHaveBean(
                      SunshineOAuthConnectedAppsAutoConfiguration.ROUTER_FUNCTION_BEAN);
              assertThat(context).hasSingleBean(ConnectedAppStore.class);
              assertThat(context).hasSingleBean(TokenSink.class);
            });
  }

  @Test
  void startWhenARoutePropertyIsInvalidThenFailsNamingIt() {
    String[][] cases = {
      {"connected-apps.routes.disconnect-path", "disconnect"},
      {"connected-apps.routes.removals-per-minute", "0"},
    };
    assertEachInvalid(cases, (setting, check) -> runner().withPropertyValues(setting).run(check));
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
