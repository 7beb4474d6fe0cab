package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.ClientAutoConfigurationTest.CLIENT_ID;
import static io.sunco.oauth.boot.ClientAutoConfigurationTest.RUNNER;
import static io.sunco.oauth.boot.ClientAutoConfigurationTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.test.context.FilteredClassLoader;

/**
 * The sanitizing function the auto-configuration gives the actuator: the client secret and the
 * Redis URI are masked in the {@code env} and {@code configprops} endpoints in every key form, even
 * with {@code show-values=always} (Boot's own {@link Sanitizer} then masks nothing). The endpoints
 * themselves are checked over HTTP by the Boot test project (src/it/spring-boot).
 */
class ActuatorSanitizingTest {

  private static Object shown(SanitizingFunction function, String key, Object value) {
    return new Sanitizer(List.of(function)).sanitize(new SanitizableData(null, key, value), true);
  }

  @Test
  void sanitizerWhenSecretKeysInAnyFormThenMasked() {
    RUNNER
        .withPropertyValues("sunco.oauth.client-id=" + CLIENT_ID)
        .run(
            context -> {
              SanitizingFunction function =
                  context.getBean("sunshineOAuthSanitizingFunction", SanitizingFunction.class);
              for (String key :
                  List.of(
                      "sunco.oauth.client-secret",
                      "sunco.oauth.clientSecret",
                      "SUNCO_OAUTH_CLIENTSECRET",
                      "SUNCO_OAUTH_CLIENT_SECRET",
                      "sunco.oauth.state.redis.uri",
                      "SUNCO_OAUTH_STATE_REDIS_URI")) {
                assertThat(shown(function, key, SECRET))
                    .as(key)
                    .isEqualTo(SanitizableData.SANITIZED_VALUE);
              }
              assertThat(shown(function, "sunco.oauth.client-id", CLIENT_ID)).isEqualTo(CLIENT_ID);
              assertThat(shown(function, "sunco.oauth.routes.redirect-uri", "https://a/cb"))
                  .isEqualTo("https://a/cb");
            });
  }

  @Test
  void sanitizerWhenBootAloneShowsValuesThenTheSecretWouldShow() {
    // Why the function is needed: with show-values=always Boot masks nothing by itself.
    assertThat(
            new Sanitizer()
                .sanitize(new SanitizableData(null, "sunco.oauth.client-secret", SECRET), true))
        .isEqualTo(SECRET);
  }

  @Test
  void contextWhenActuatorIsMissingThenNoSanitizingFunctionAndClientStillMade() {
    RUNNER
        .withClassLoader(new FilteredClassLoader(SanitizingFunction.class))
        .withPropertyValues("sunco.oauth.client-id=" + CLIENT_ID)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("sunshineOAuthSanitizingFunction");
              assertThat(context).hasSingleBean(io.sunco.oauth.SunshineOAuthClient.class);
            });
  }
}
