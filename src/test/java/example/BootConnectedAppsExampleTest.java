package example;

import static example.ExampleEmulator.APP;
import static example.ExampleEmulator.CLIENT_ID;
import static example.ExampleEmulator.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.boot.ConnectedAppOfRequest;
import io.sunco.oauth.boot.StoreFixtures;
import io.sunco.oauth.junit.SunshineOAuthEmulatorExtension;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.testing.SignedInBrowser;
import io.sunco.oauth.webflux.ConnectedAppRoutes;
import io.sunco.oauth.webflux.FlowAttributes;
import java.nio.file.Path;
import java.security.Principal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Mono;

/**
 * The connected apps guide's "Spring Boot" beans, compiled in a configuration class and run in a
 * reactive web context with the library's auto-configuration ({@code sunco.oauth.store=memory})
 * against the emulator: the flow records the signed-in user, and the disconnect route disconnects
 * the app a form names only when that user connected it.
 */
class BootConnectedAppsExampleTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String REDIRECT_URI = ExampleEmulator.ROUTES_CALLBACK;

  /** An emulator per test. */
  @RegisterExtension
  final SunshineOAuthEmulatorExtension sunco = ExampleEmulator.extension(REDIRECT_URI);

  @TempDir Path dir;

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
        .withPropertyValues(StoreFixtures.clientOf(sunco.emulator()))
        .withPropertyValues(
            "sunco.oauth.client-id=" + CLIENT_ID,
            "sunco.oauth.client-secret=" + SECRET,
            "sunco.oauth.routes.redirect-uri=" + REDIRECT_URI,
            "sunco.oauth.store=memory",
            "sunco.oauth.keys.file=" + StoreFixtures.keyFile(dir, "2026-12"));
  }

  /** A browser signed in as {@code user} at the context's disconnect and removal routes. */
  private static WebTestClient signedInAs(String user, ApplicationContext context) {
    return SignedInBrowser.at(StoreFixtures.routesOf(context), user).build();
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
    return StoreFixtures.connectedThroughTheSink(context, sunco.emulator(), APP, attributes);
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

              StoreFixtures.assertDisconnected(context, APP.id(), token);
            });
  }

  @Test
  void disconnectWhenAnotherUserNamesTheAppThen403AndTheRecordAndTokenAreKept() {
    runner()
        .run(
            context -> {
              AccessToken token = connectedBy(context, "alice");

              disconnect(signedInAs("mallory", context), APP.id()).expectStatus().isForbidden();

              StoreFixtures.assertKept(context, APP.id(), token);
            });
  }
}
