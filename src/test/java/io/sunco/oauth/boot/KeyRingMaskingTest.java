package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.StoreFixtures.RUNNER;
import static io.sunco.oauth.boot.StoreFixtures.keyFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.store.ConnectedAppStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.Sanitizer;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The key ring in the actuator's output: every {@code sunco.oauth.keys.*} value masked in the
 * {@code env} endpoint and by the sanitizer the {@code configprops} endpoint uses, in every key
 * form, even with {@code show-values=always}; and no key material in the store's {@code toString()}
 * (what the {@code beans} endpoint and log lines could show). The endpoints over HTTP are checked
 * by the Boot test project (src/it/spring-boot).
 */
class KeyRingMaskingTest {

  @TempDir Path dir;

  /** A key file of one key, as an operator writes it. */
  private Path keys;

  @BeforeEach
  void writeKeys() {
    keys = keyFile(dir, "2026-12");
  }

  /** The in-memory store, sealing under the keys of {@link #keys}. */
  private ApplicationContextRunner memoryStore() {
    return RUNNER.withPropertyValues("sunco.oauth.store=memory", "sunco.oauth.keys.file=" + keys);
  }

  @Test
  void envEndpointWhenValuesShownThenKeyFileMaskedAndOtherValuesShown() {
    memoryStore()
        .run(
            context -> {
              EnvironmentEndpoint env =
                  new EnvironmentEndpoint(
                      context.getEnvironment(),
                      context.getBeanProvider(SanitizingFunction.class).orderedStream().toList(),
                      Show.ALWAYS);

              assertThat(env.environmentEntry("sunco.oauth.keys.file").getProperty().getValue())
                  .isEqualTo(SanitizableData.SANITIZED_VALUE);
              assertThat(env.environmentEntry("sunco.oauth.store").getProperty().getValue())
                  .isEqualTo("memory");
            });
  }

  @Test
  void sanitizerWhenKeyRingPropertiesInAnyFormThenMasked() {
    RUNNER.run(
        context -> {
          Sanitizer sanitizer =
              new Sanitizer(
                  List.of(
                      context.getBean(
                          "sunshineOAuthSanitizingFunction", SanitizingFunction.class)));
          for (String key :
              List.of(
                  "sunco.oauth.keys.file",
                  "sunco.oauth.keys.timeout",
                  "sunco.oauth.keys.anything-added-later",
                  "SUNCO_OAUTH_KEYS_FILE",
                  "sunco.oauth.keys")) {
            assertThat(sanitizer.sanitize(new SanitizableData(null, key, "/etc/app/keys"), true))
                .as(key)
                .isEqualTo(SanitizableData.SANITIZED_VALUE);
          }
          assertThat(
                  sanitizer.sanitize(
                      new SanitizableData(null, "sunco.oauth.store", "postgres"), true))
              .isEqualTo("postgres");
          assertThat(
                  sanitizer.sanitize(
                      new SanitizableData(
                          null, "sunco.oauth.connected-apps.routes.removal-path", "/removed"),
                      true))
              .isEqualTo("/removed");
        });
  }

  @Test
  void storeWhenShownThenNoKeyMaterialAndNoKeyFile() {
    memoryStore()
        .run(
            context -> {
              String shown =
                  context.getBean(ConnectedAppStore.class)
                      + " "
                      + context.getBean(SunshineOAuthProperties.class);
              for (String value : StoreFixtures.keyValues(keys)) {
                assertThat(shown).doesNotContain(value);
              }
              assertThat(shown).doesNotContain(keys.toString());
            });
  }
}
