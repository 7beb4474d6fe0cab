package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.ClientAutoConfigurationTest.CLIENT_ID;
import static io.sunco.oauth.boot.ClientAutoConfigurationTest.RUNNER;
import static io.sunco.oauth.boot.ClientAutoConfigurationTest.SECRET;
import static io.sunco.oauth.boot.StoreFixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ContextConsumer;

/**
 * Start-up validation: a missing or invalid property fails the start with a message that names it,
 * and the client secret is in no message, stack trace or toString.
 */
class PropertyValidationTest {

  /**
   * Starts with each {@code {property, value}} case (names without the {@code sunco.oauth.} prefix)
   * set as {@code sunco.oauth.property=value}, and checks that the start-up fails naming that
   * property as invalid.
   *
   * @param start starts a context with the one setting, and runs the check on it
   */
  static void assertEachInvalid(
      String[][] cases,
      BiConsumer<String, ContextConsumer<ApplicationContextAssertProvider<?>>> start) {
    for (String[] c : cases) {
      String property = "sunco.oauth." + c[0];
      start.accept(
          property + "=" + c[1],
          context -> {
            assertThat(context.getStartupFailure())
                .as("%s=%s must fail the start-up", property, c[1])
                .isNotNull();
            SunshineOAuthPropertyException e = failure(context);
            assertThat(e.property()).as(property).isEqualTo(property);
            assertThat(e.getMessage()).startsWith(property + " is invalid: ");
          });
    }
  }

  @Nested
  class Messages {

    @Test
    void startWhenClientIdMissingThenFailsNamingIt() {
      RUNNER
          .withPropertyValues("sunco.oauth.client-secret=" + SECRET)
          .run(
              context -> {
                SunshineOAuthPropertyException e = failure(context);
                assertThat(e).hasMessage("sunco.oauth.client-id must be set");
                assertThat(e.property()).isEqualTo("sunco.oauth.client-id");
              });
    }

    @Test
    void startWhenClientIdBlankThenFailsNamingIt() {
      RUNNER
          .withPropertyValues("sunco.oauth.client-id= ")
          .run(
              context ->
                  assertThat(failure(context)).hasMessage("sunco.oauth.client-id must be set"));
    }

    @Test
    void startWhenClientSecretBlankThenFailsNamingItWithoutValue() {
      RUNNER
          .withPropertyValues("sunco.oauth.client-id=" + CLIENT_ID, "sunco.oauth.client-secret=   ")
          .run(
              context ->
                  assertThat(failure(context))
                      .hasMessage("sunco.oauth.client-secret must not be blank"));
    }

    @Test
    void startWhenInvalidValuesThenEachFailsNamingItsProperty() {
      String[][] cases = {
        {"client-id", "a b"},
        {"base-url", "http://example.com/sc"},
        {"base-url", "not a url"},
        {"default-headers.Authorization", "x"},
        {"max-response-bytes", "10"},
        {"timeouts.connect", "0s"},
        {"timeouts.attempt", "-1s"},
        {"timeouts.call", "0s"},
        {"retry.max-retries", "11"},
        {"retry.initial-backoff", "0s"},
        {"retry.max-backoff", "30d"},
        {"retry.budget.max-tokens", "0"},
        {"retry.budget.token-ratio", "2"},
        {"pool.max-connections", "0"},
        {"pool.max-pending-acquires", "0"},
        {"pool.acquire-timeout", "0s"},
        {"pool.max-idle-time", "0s"},
        {"state.ttl", "0s"},
        {"state.max-entries", "0"},
      };
      assertEachInvalid(
          cases,
          (setting, check) ->
              RUNNER
                  .withPropertyValues(
                      "sunco.oauth.client-id=" + CLIENT_ID,
                      "sunco.oauth.client-secret=" + SECRET,
                      setting)
                  .run(check));
    }

    @Test
    void startWhenInitialBackoffAboveMaxBackoffThenFailsNamingTheInitial() {
      RUNNER
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID,
              "sunco.oauth.retry.initial-backoff=5s",
              "sunco.oauth.retry.max-backoff=1s")
          .run(
              context ->
                  assertThat(failure(context).property())
                      .isEqualTo("sunco.oauth.retry.initial-backoff"));
    }

    @Test
    void failureAnalyzerWhenPropertyExceptionThenDescriptionAndActionNameTheProperty() {
      SunshineOAuthPropertyException e =
          new SunshineOAuthPropertyException("sunco.oauth.client-id", "must be set");
      FailureAnalysis analysis =
          new PropertyFailureAnalyzer().analyze(new IllegalStateException("wrapped", e));

      assertThat(analysis.getDescription()).isEqualTo("sunco.oauth.client-id must be set");
      assertThat(analysis.getAction()).startsWith("Set sunco.oauth.client-id");
      assertThat(analysis.getCause()).isSameAs(e);
    }

    @Test
    void failureAnalyzerWhenAStorePropertyThenTheGuideNamedListsIt() throws IOException {
      for (String property :
          List.of(
              "sunco.oauth.store",
              "sunco.oauth.keys.file",
              "sunco.oauth.connected-apps.postgres.table",
              "sunco.oauth.token-check.period")) {
        FailureAnalysis analysis =
            new PropertyFailureAnalyzer()
                .analyze(
                    new IllegalStateException(
                        "wrapped", new SunshineOAuthPropertyException(property, "must be set")));
        Matcher page =
            Pattern.compile("src/site/markdown/[a-z-]+\\.md").matcher(analysis.getAction());

        assertThat(page.find()).as("the action names a guide: %s", analysis.getAction()).isTrue();
        assertThat(Files.readString(Path.of(page.group())))
            .as(page.group())
            .contains("| `" + property + "` |");
      }
    }

    @Test
    void failureAnalyzerWhenItNamesAGuideThenThatPageListsTheProperty() throws IOException {
      FailureAnalysis analysis =
          new PropertyFailureAnalyzer()
              .analyze(
                  new IllegalStateException(
                      "wrapped",
                      new SunshineOAuthPropertyException("sunco.oauth.client-id", "must be set")));
      Matcher page =
          Pattern.compile("src/site/markdown/[a-z-]+\\.md").matcher(analysis.getAction());

      assertThat(page.find()).as("the action names a guide: %s", analysis.getAction()).isTrue();
      assertThat(Files.readString(Path.of(page.group())))
          .as(page.group())
          .contains("| `sunco.oauth.client-id` |");
    }
  }

  @Nested
  class Secrets {

    @Test
    void propertiesToStringWhenSecretAndRedisUriSetThenNeitherShown() {
      SunshineOAuthProperties properties =
          PropertiesMetadataTest.bind(
              Map.of(
                  "sunco.oauth.client-id", CLIENT_ID,
                  "sunco.oauth.client-secret", SECRET,
                  "sunco.oauth.state.redis.uri", "redis://user:hunter2@127.0.0.1:6379"));

      assertThat(properties.toString())
          .contains(CLIENT_ID, "clientSecret=****", "uri=****")
          .doesNotContain(SECRET, "hunter2");
      assertThat(PropertiesMetadataTest.bind(Map.of()).toString())
          .contains("clientSecret=(not set)", "uri=(not set)");
    }

    @Test
    void clientBeanToStringWhenSecretSetThenNotShown() {
      RUNNER
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID, "sunco.oauth.client-secret=" + SECRET)
          .run(
              context -> {
                assertThat(context.getBean(SunshineOAuthProperties.class).toString())
                    .doesNotContain(SECRET);
                assertThat(context.getBean(io.sunco.oauth.SunshineOAuthClient.class).toString())
                    .doesNotContain(SECRET);
              });
    }
  }
}
