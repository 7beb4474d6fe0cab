package io.sunco.oauth.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.ClientSettings;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import reactor.test.StepVerifier;

/** The client bean: made from sunco.oauth.* properties, replaceable, closed with the context. */
class ClientAutoConfigurationTest {

  static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  static final String SECRET = "5XJ85yjUtRcaQu_pDINblPZb";

  static final ApplicationContextRunner RUNNER =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(SunshineOAuthAutoConfiguration.class));

  private static ClientSettings settings(org.springframework.context.ApplicationContext context) {
    return context.getBean(SunshineOAuthClient.class).settings();
  }

  @Nested
  class Properties {

    @Test
    void clientWhenOnlyClientIdSetThenLibraryDefaults() {
      RUNNER
          .withPropertyValues("sunco.oauth.client-id=" + CLIENT_ID)
          .run(
              context -> {
                ClientSettings settings = settings(context);
                assertThat(settings.clientId()).isEqualTo(CLIENT_ID);
                assertThat(settings.hasClientSecret()).isFalse();
                assertThat(settings.baseUrl()).isEqualTo(SunshineOAuthClient.OAUTH_BRIDGE);
                assertThat(settings.maxResponseBytes())
                    .isEqualTo(SunshineOAuthClient.DEFAULT_MAX_RESPONSE_BYTES);
                assertThat(settings.timeouts()).isEqualTo(Timeouts.defaults());
                assertThat(settings.pool()).isEqualTo(PoolSettings.defaults());
                assertThat(settings.retryPolicy()).hasToString(RetryPolicy.defaults().toString());
                assertThat(settings.retryBudget()).hasToString(RetryBudget.defaults().toString());
                assertThat(settings.defaultHeaders()).isEmpty();
              });
    }

    @Test
    void clientWhenEverySettingGivenThenBuiltWithThem() {
      RUNNER
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID,
              "sunco.oauth.client-secret=" + SECRET,
              "sunco.oauth.base-url=http://127.0.0.1:9999/sc",
              "sunco.oauth.default-headers.X-Zendesk-Marketplace-Bot-Id=Acme",
              "sunco.oauth.max-response-bytes=2048",
              "sunco.oauth.timeouts.connect=1s",
              "sunco.oauth.timeouts.attempt=2s",
              "sunco.oauth.timeouts.call=3s",
              "sunco.oauth.retry.max-retries=5",
              "sunco.oauth.retry.initial-backoff=3s",
              "sunco.oauth.retry.max-backoff=7s",
              "sunco.oauth.retry.budget.max-tokens=20",
              "sunco.oauth.retry.budget.token-ratio=0.5",
              "sunco.oauth.pool.max-connections=8",
              "sunco.oauth.pool.max-pending-acquires=16",
              "sunco.oauth.pool.acquire-timeout=4s",
              "sunco.oauth.pool.max-idle-time=6s")
          .run(
              context -> {
                ClientSettings settings = settings(context);
                assertThat(settings.hasClientSecret()).isTrue();
                assertThat(settings.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9999/sc"));
                assertThat(settings.defaultHeaders())
                    .containsExactly(Map.entry("X-Zendesk-Marketplace-Bot-Id", "Acme"));
                assertThat(settings.maxResponseBytes()).isEqualTo(2048);
                assertThat(settings.timeouts())
                    .isEqualTo(
                        Timeouts.defaults()
                            .withConnect(Duration.ofSeconds(1))
                            .withAttempt(Duration.ofSeconds(2))
                            .withCall(Duration.ofSeconds(3)));
                RetryPolicy retry = settings.retryPolicy();
                assertThat(retry.maxRetries()).isEqualTo(5);
                assertThat(retry.initialBackoff()).isEqualTo(Duration.ofSeconds(3));
                assertThat(retry.maxBackoff()).isEqualTo(Duration.ofSeconds(7));
                assertThat(settings.retryBudget().maxTokens()).isEqualTo(20);
                assertThat(settings.retryBudget().tokenRatio()).isEqualTo(0.5);
                assertThat(settings.pool())
                    .isEqualTo(
                        PoolSettings.defaults()
                            .withMaxConnections(8)
                            .withMaxPendingAcquires(16)
                            .withAcquireTimeout(Duration.ofSeconds(4))
                            .withMaxIdleTime(Duration.ofSeconds(6)));
              });
    }

    @Test
    void clientWhenBackoffsBelowTheDefaultInitialThenBothApplied() {
      RUNNER
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID,
              "sunco.oauth.retry.initial-backoff=10ms",
              "sunco.oauth.retry.max-backoff=50ms")
          .run(
              context -> {
                RetryPolicy retry = settings(context).retryPolicy();
                assertThat(retry.initialBackoff()).isEqualTo(Duration.ofMillis(10));
                assertThat(retry.maxBackoff()).isEqualTo(Duration.ofMillis(50));
              });
    }

    @Test
    void clientWhenNamedHostThenItsBaseUrl() {
      Map<String, URI> hosts =
          Map.of(
              "oauth-bridge", SunshineOAuthClient.OAUTH_BRIDGE,
              "legacy-us", SunshineOAuthClient.LEGACY_US,
              "LEGACY-EU", SunshineOAuthClient.LEGACY_EU);
      hosts.forEach(
          (name, url) ->
              RUNNER
                  .withPropertyValues(
                      "sunco.oauth.client-id=" + CLIENT_ID, "sunco.oauth.base-url=" + name)
                  .run(context -> assertThat(settings(context).baseUrl()).isEqualTo(url)));
    }
  }

  @Nested
  class Lifecycle {

    @Test
    void clientWhenContextClosedThenClosed() {
      AtomicReference<SunshineOAuthClient> client = new AtomicReference<>();
      RUNNER
          .withPropertyValues("sunco.oauth.client-id=" + CLIENT_ID)
          .run(context -> client.set(context.getBean(SunshineOAuthClient.class)));

      StepVerifier.create(client.get().getTokenInfo(AccessToken.bearer("t")))
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .isInstanceOf(IllegalStateException.class)
                      .hasMessageContaining("closed"))
          .verify();
    }

    @Test
    void clientWhenApplicationDefinesOneThenAutoConfiguredOneBacksOff() {
      RUNNER
          .withUserConfiguration(OwnClient.class)
          .run(
              context -> {
                assertThat(context).hasSingleBean(SunshineOAuthClient.class);
                assertThat(settings(context).clientId()).isEqualTo("own");
              });
    }

    @Test
    void contextWhenDisabledThenNoBeans() {
      RUNNER
          .withPropertyValues("sunco.oauth.enabled=false")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context).doesNotHaveBean(SunshineOAuthClient.class);
                assertThat(context).doesNotHaveBean(SunshineOAuthProperties.class);
              });
    }

    @Test
    void clientWhenCustomizersThenAppliedInOrderAfterTheProperties() {
      RUNNER
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID, "sunco.oauth.base-url=legacy-us")
          .withUserConfiguration(Customizers.class)
          .run(
              context ->
                  assertThat(settings(context).baseUrl()).isEqualTo(SunshineOAuthClient.LEGACY_EU));
    }
  }

  @Nested
  class Observations {

    @Test
    void clientWhenBootHasAnObservationRegistryThenEveryCallIsObserved() {
      try (SunshineOAuthEmulator emulator =
          SunshineOAuthEmulator.start(
              Integration.of(CLIENT_ID, SECRET, "http://127.0.0.1:8080/cb"),
              App.of("5698edbf2a43bd081be982f1", "acme", "Acme"))) {
        RUNNER
            .withPropertyValues(
                "sunco.oauth.client-id=" + CLIENT_ID,
                "sunco.oauth.base-url=" + emulator.baseUrl(),
                "sunco.oauth.retry.max-retries=0")
            .withBean(ObservationRegistry.class, TestObservationRegistry::create)
            .run(
                context -> {
                  SunshineOAuthClient client = context.getBean(SunshineOAuthClient.class);
                  StepVerifier.create(client.getTokenInfo(AccessToken.bearer("not-a-token")))
                      .expectError(SunshineApiException.class)
                      .verify();
                  TestObservationRegistryAssert.assertThat(
                          (TestObservationRegistry) context.getBean(ObservationRegistry.class))
                      .hasNumberOfObservationsWithNameEqualTo("sunco.oauth.client.call", 1);
                });
      }
    }

    @Test
    void clientWhenMicrometerIsMissingThenBuiltWithoutObservations() {
      RUNNER
          .withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
          .withPropertyValues("sunco.oauth.client-id=" + CLIENT_ID)
          .run(
              context -> {
                assertThat(context).hasSingleBean(SunshineOAuthClient.class);
                assertThat(context).doesNotHaveBean("sunshineOAuthObservationCustomizer");
              });
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnClient {
    @Bean
    SunshineOAuthClient ownClient() {
      return SunshineOAuthClient.builder().clientId("own").build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    @Bean
    @Order(2)
    SunshineOAuthClientCustomizer second() {
      return builder -> builder.baseUrl(SunshineOAuthClient.LEGACY_EU);
    }

    @Bean
    @Order(1)
    SunshineOAuthClientCustomizer first() {
      return builder -> builder.baseUrl(SunshineOAuthClient.OAUTH_BRIDGE);
    }
  }
}
