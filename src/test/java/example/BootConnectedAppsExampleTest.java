package example;

import static example.ExampleEmulator.APP;
import static example.ExampleEmulator.CLIENT_ID;
import static example.ExampleEmulator.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.boot.ConnectedAppOfRequest;
import io.sunco.oauth.boot.StoreFixtures;
import io.sunco.oauth.boot.SunshineOAuthConnectedAppsAutoConfiguration;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.testing.Revocations;
import io.sunco.oauth.webflux.ConnectedApp;
import io.sunco.oauth.webflux.ConnectedAppRoutes;
import io.sunco.oauth.webflux.FlowAttributes;
import io.sunco.oauth.webflux.TokenSink;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The connected apps guide's "Spring Boot" beans, compiled in a configuration class and run in a
 * reactive web context with the library's auto-configuration ({@code sunco.oauth.store=memory})
 * against the emulator: the flow records the signed-in user, and the disconnect route disconnects
 * the app a form names only when that user connected it.
 */
class BootConnectedAppsExampleTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String REDIRECT_URI =
      ExampleEmulator.PUBLIC_URL + "/oauth/sunshine/callback";

  private final SunshineOAuthEmulator emulator =
      SunshineOAuthEmulator.builder()
          .integration(Integration.of(CLIENT_ID, SECRET, REDIRECT_URI))
          .app(APP)
          .start();

  @TempDir Path dir;

  @AfterEach
  void stop() {
    emulator.close();
  }

  /** The application's beans, as the guide shows them. */
  @Configuration(proxyBeanMethods = false)
  static class GuideBeans {

    // tag::readme-connected-apps-boot-beans[]
    @Bean
    FlowAttributes flowAttributes() {
      // Each connected app records who connected it: the attribute "user".
      return FlowAttributes.ofUser("user", request -> request.principal().map(Principal::getName));
    }

    @Bean
    ConnectedAppOfRequest appOfSignedInUser(ConnectedAppStore store) {
      // The app the form names (appId), if the signed-in user is the one who connected it.
      return request ->
          Mono.zip(
                  request.principal().map(Principal::getName),
                  request.formData().mapNotNull(form -> form.getFirst("appId")))
              .flatMap(
                  userAndApp ->
                      store
                          .find(userAndApp.getT2())
                          .filter(app -> userAndApp.getT1().equals(app.attributes().get("user"))))
              .map(ConnectedAppRecord::appId);
    }
    // end::readme-connected-apps-boot-beans[]
  }

  private ReactiveWebApplicationContextRunner runner() {
    return new ReactiveWebApplicationContextRunner()
        .withConfiguration(StoreFixtures.ALL)
        .withUserConfiguration(GuideBeans.class)
        .withPropertyValues(
            "sunco.oauth.client-id=" + CLIENT_ID,
            "sunco.oauth.client-secret=" + SECRET,
            "sunco.oauth.base-url=" + emulator.baseUrl(),
            "sunco.oauth.retry.max-retries=0",
            "sunco.oauth.routes.redirect-uri=" + REDIRECT_URI,
            "sunco.oauth.store=memory",
            "sunco.oauth.keys.file=" + StoreFixtures.keyFile(dir, "2026-12"));
  }

  /** A browser signed in as {@code user} at the context's disconnect and removal routes. */
  @SuppressWarnings("unchecked")
  private static WebTestClient signedInAs(String user, ApplicationContext context) {
    RouterFunction<?> routes =
        context.getBean(
            SunshineOAuthConnectedAppsAutoConfiguration.ROUTER_FUNCTION_BEAN, RouterFunction.class);
    Principal principal = () -> user;
    return WebTestClient.bindToRouterFunction(routes)
        .webFilter(
            (exchange, chain) ->
                chain.filter(exchange.mutate().principal(Mono.just(principal)).build()))
        .configureClient()
        .responseTimeout(WAIT)
        .build();
  }

  /**
   * Connects the app for {@code user}, as the callback does: the flow's attributes, then the sink.
   */
  private AccessToken connectedBy(ApplicationContext context, String user) {
    Map<String, String> attributes =
        context
            .getBean(FlowAttributes.class)
            .atStart(MockServerRequest.builder().principal(() -> user).build())
            .block(WAIT);
    assertThat(attributes).isEqualTo(Map.of("user", user));
    AccessToken token = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, APP.id()));
    StepVerifier.create(
            context
                .getBean(TokenSink.class)
                .save(
                    new ConnectedApp(
                        token,
                        TokenInfo.of(APP.id(), APP.subdomain(), APP.displayName()),
                        attributes)))
        .expectComplete()
        .verify(WAIT);
    return token;
  }

  private static WebTestClient.ResponseSpec disconnect(WebTestClient browser, String appId) {
    return browser
        .post()
        .uri(ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH)
        .header("Sec-Fetch-Site", "same-origin")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData("appId", appId))
        .exchange();
  }

  @Test
  void disconnectWhenTheSignedInUserConnectedTheNamedAppThen204AndTheTokenRevoked() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              AccessToken token = connectedBy(context, "alice");

              disconnect(signedInAs("alice", context), APP.id()).expectStatus().isNoContent();

              Revocations.assertRefused(context.getBean(SunshineOAuthClient.class), token);
              StepVerifier.create(context.getBean(ConnectedAppStore.class).find(APP.id()))
                  .expectComplete()
                  .verify(WAIT);
            });
  }

  @Test
  void disconnectWhenAnotherUserNamesTheAppThen403AndTheRecordAndTokenAreKept() {
    runner()
        .run(
            context -> {
              AccessToken token = connectedBy(context, "alice");

              disconnect(signedInAs("mallory", context), APP.id()).expectStatus().isForbidden();

              StepVerifier.create(
                      context
                          .getBean(ConnectedAppStore.class)
                          .find(APP.id())
                          .map(ConnectedAppRecord::token))
                  .expectNext(token)
                  .expectComplete()
                  .verify(WAIT);
              Revocations.assertValid(context.getBean(SunshineOAuthClient.class), token);
            });
  }
}
