package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.TestServers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

/**
 * The client's settings as one value, the pool settings apart, and clients derived by newBuilder.
 */
class ClientSettingsTest {

  private static final String SECRET = "s3cr3t-never-shown";

  private static SunshineOAuthClient.Builder builder() {
    return SunshineOAuthClient.builder().clientId("cid").clientSecret(SECRET);
  }

  @Nested
  class Settings {

    @Test
    void settingsWhenDefaultsThenDocumentedValues() {
      try (SunshineOAuthClient client = SunshineOAuthClient.builder().clientId("cid").build()) {
        ClientSettings settings = client.settings();

        assertThat(settings.clientId()).isEqualTo("cid");
        assertThat(settings.hasClientSecret()).isFalse();
        assertThat(settings.baseUrl()).isEqualTo(SunshineOAuthClient.OAUTH_BRIDGE);
        assertThat(settings.defaultHeaders()).isEmpty();
        assertThat(settings.maxResponseBytes())
            .isEqualTo(SunshineOAuthClient.DEFAULT_MAX_RESPONSE_BYTES);
        assertThat(settings.timeouts()).isEqualTo(Timeouts.defaults());
        assertThat(settings.retryPolicy()).isEqualTo(RetryPolicy.defaults());
        assertThat(settings.retryBudget()).isEqualTo(RetryBudget.defaults());
        assertThat(settings.pool()).isEqualTo(PoolSettings.defaults());
      }
    }

    @Test
    void settingsWhenSetThenEveryValueKeptAndSecretNeverShown() {
      Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
      PoolSettings pool = PoolSettings.defaults().withMaxConnections(3);
      try (SunshineOAuthClient client =
          builder()
              .baseUrl("http://127.0.0.1:9")
              .defaultHeader("X-Zendesk-Marketplace-Bot-Id", "bot-7")
              .maxResponseBytes(2048)
              .pool(pool)
              .clock(clock)
              .build()) {
        ClientSettings settings = client.settings();

        assertThat(settings.hasClientSecret()).isTrue();
        assertThat(settings.baseUrl()).hasToString("http://127.0.0.1:9");
        assertThat(settings.defaultHeaders())
            .containsEntry("X-Zendesk-Marketplace-Bot-Id", "bot-7");
        assertThat(settings.maxResponseBytes()).isEqualTo(2048);
        assertThat(settings.pool()).isEqualTo(pool);
        assertThat(settings.clock()).isSameAs(clock);
        assertThat(settings.toString())
            .contains("clientSecret=****", "X-Zendesk-Marketplace-Bot-Id", "maxConnections=3")
            .doesNotContain(SECRET, "bot-7");
        assertThat(client.toString()).startsWith("SunshineOAuthClient[").doesNotContain(SECRET);
        assertThatThrownBy(() -> settings.defaultHeaders().put("X", "y"))
            .isInstanceOf(UnsupportedOperationException.class);
      }
    }
  }

  @Nested
  class PoolApartFromDeadlines {

    @Test
    void poolSettingsWhenDefaultsThenDocumentedValues() {
      PoolSettings pool = PoolSettings.defaults();

      assertThat(pool.maxConnections())
          .isEqualTo(64)
          .isEqualTo(PoolSettings.DEFAULT_MAX_CONNECTIONS);
      assertThat(pool.maxPendingAcquires())
          .isEqualTo(1024)
          .isEqualTo(PoolSettings.DEFAULT_MAX_PENDING_ACQUIRES);
      assertThat(pool.acquireTimeout())
          .isEqualTo(Duration.ofSeconds(10))
          .isEqualTo(PoolSettings.DEFAULT_ACQUIRE_TIMEOUT);
      assertThat(pool.maxIdleTime())
          .isEqualTo(Duration.ofSeconds(20))
          .isEqualTo(PoolSettings.DEFAULT_MAX_IDLE_TIME);
    }

    @Test
    void poolSettingsWhenWithThenCopyAndOriginalStays() {
      PoolSettings changed =
          PoolSettings.defaults()
              .withMaxConnections(2)
              .withMaxPendingAcquires(3)
              .withAcquireTimeout(Duration.ofMillis(400))
              .withMaxIdleTime(Duration.ofMillis(500));

      assertThat(changed.maxConnections()).isEqualTo(2);
      assertThat(changed.maxPendingAcquires()).isEqualTo(3);
      assertThat(changed.acquireTimeout()).isEqualTo(Duration.ofMillis(400));
      assertThat(changed.maxIdleTime()).isEqualTo(Duration.ofMillis(500));
      assertThat(PoolSettings.defaults()).isNotEqualTo(changed);
      assertThat(changed)
          .isEqualTo(
              PoolSettings.defaults()
                  .withMaxConnections(2)
                  .withMaxPendingAcquires(3)
                  .withAcquireTimeout(Duration.ofMillis(400))
                  .withMaxIdleTime(Duration.ofMillis(500)))
          .hasSameHashCodeAs(
              PoolSettings.defaults()
                  .withMaxConnections(2)
                  .withMaxPendingAcquires(3)
                  .withAcquireTimeout(Duration.ofMillis(400))
                  .withMaxIdleTime(Duration.ofMillis(500)));
      assertThat(changed.toString()).contains("maxConnections=2", "acquireTimeout=PT0.4S");
      assertThat(changed.hashCode()).isNotEqualTo(PoolSettings.defaults().hashCode());
    }

    @Test
    void poolSettingsWhenOutOfRangeThenRefused() {
      PoolSettings pool = PoolSettings.defaults();
      assertThatThrownBy(() -> pool.withMaxConnections(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxConnections must be at least 1");
      assertThatThrownBy(() -> pool.withMaxPendingAcquires(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxPendingAcquires must be at least 1");
      assertThatThrownBy(() -> pool.withAcquireTimeout(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> pool.withMaxIdleTime(null)).isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  class Derived {

    private MockWebServer server;
    private SunshineOAuthClient root;

    @BeforeEach
    void start() {
      server = TestServers.start();
      root = TestServers.clientFor(server).build();
    }

    @AfterEach
    void stop() {
      root.close();
      server.close();
    }

    @Test
    void newBuilderWhenBuiltThenStartsFromTheParentsSettingsWithTheChangesMade() {
      Timeouts tight = Timeouts.defaults().withAttempt(Duration.ofMillis(700));

      SunshineOAuthClient derived =
          root.newBuilder().timeouts(tight).defaultHeader("X-Tenant", "t1").build();

      assertThat(derived.settings().timeouts()).isEqualTo(tight);
      assertThat(derived.settings().defaultHeaders()).containsEntry("X-Tenant", "t1");
      assertThat(derived.settings().baseUrl()).isEqualTo(root.settings().baseUrl());
      assertThat(derived.settings().hasClientSecret()).isTrue();
      assertThat(derived.settings().pool()).isEqualTo(root.settings().pool());
      assertThat(root.settings().defaultHeaders()).doesNotContainKey("X-Tenant");
      assertThat(root.withRetryPolicy(RetryPolicy.none()).retryPolicy())
          .isEqualTo(RetryPolicy.none());
    }

    @Test
    void newBuilderWhenParentHasDefaultHeadersThenTheDerivedClientKeepsThem() {
      try (SunshineOAuthClient parent =
          TestServers.clientFor(server)
              .defaultHeader("X-Zendesk-Marketplace-Bot-Id", "b1")
              .build()) {

        SunshineOAuthClient derived = parent.newBuilder().defaultHeader("X-Tenant", "t1").build();

        assertThat(derived.settings().defaultHeaders())
            .containsEntry("X-Zendesk-Marketplace-Bot-Id", "b1")
            .containsEntry("X-Tenant", "t1");
      }
    }

    @Test
    void newBuilderWhenFamilySettingChangedThenIllegalStateException() {
      SunshineOAuthClient.Builder derived = root.newBuilder();

      assertThatThrownBy(() -> derived.pool(PoolSettings.defaults()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the pool is shared");
      assertThatThrownBy(() -> derived.httpClient(HttpClient.create()))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> derived.retryBudget(RetryBudget.defaults()))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> derived.observationRegistry(ObservationRegistry.create()))
          .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeWhenDerivedThenNothingClosedAndWhenRootThenTheWholeFamilyIsClosed() {
      SunshineOAuthClient derived = root.newBuilder().build();
      server.enqueue(TestServers.tokenInfoOk());

      derived.close();
      StepVerifier.create(root.getTokenInfo(AccessToken.bearer("t")))
          .expectNextCount(1)
          .verifyComplete();

      root.close();
      StepVerifier.create(derived.getTokenInfo(AccessToken.bearer("t")))
          .expectErrorSatisfies(
              error ->
                  assertThat(error)
                      .isInstanceOf(IllegalStateException.class)
                      .hasMessageContaining("closed"))
          .verify();
    }
  }
}
