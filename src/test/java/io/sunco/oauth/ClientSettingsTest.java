package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.TestServers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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
  class Constructor {

    private static final URI URL = URI.create("https://a.example");

    private static ClientSettings settings(
        String clientId, URI baseUrl, Map<String, String> headers, int maxResponseBytes) {
      return new ClientSettings(
          clientId,
          true,
          baseUrl,
          headers,
          maxResponseBytes,
          Timeouts.defaults(),
          RetryPolicy.defaults(),
          RetryBudget.defaults(),
          PoolSettings.defaults(),
          Clock.systemUTC());
    }

    @Test
    void constructorWhenABuiltClientsSettingsThenAcceptedAndEqual() {
      try (SunshineOAuthClient client =
          builder().defaultHeader("X-Zendesk-Marketplace-Bot-Id", "bot-7").build()) {
        ClientSettings s = client.settings();

        assertThat(
                new ClientSettings(
                    s.clientId(),
                    s.hasClientSecret(),
                    s.baseUrl(),
                    s.defaultHeaders(),
                    s.maxResponseBytes(),
                    s.timeouts(),
                    s.retryPolicy(),
                    s.retryBudget(),
                    s.pool(),
                    s.clock()))
            .isEqualTo(s);
      }
    }

    @Test
    void constructorWhenABodyLimitTheBuilderRefusesThenIllegalArgumentException() {
      assertThat(settings("cid", URL, Map.of(), 1024).maxResponseBytes()).isEqualTo(1024);
      assertThatThrownBy(() -> settings("cid", URL, Map.of(), -1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxResponseBytes must be from 1 KiB to 16 MiB");
      assertThatThrownBy(() -> settings("cid", URL, Map.of(), 16 * 1024 * 1024 + 1))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorWhenAHeaderTheBuilderRefusesThenIllegalArgumentException() {
      assertThatThrownBy(() -> settings("cid", URL, Map.of("Bad\r\nName", "v"), 1024))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("header name is not a valid token")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r").doesNotContain("\n"));
      assertThatThrownBy(() -> settings("cid", URL, Map.of("Bad Name", "v"), 1024))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> settings("cid", URL, Map.of("Host", "v"), 1024))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("header Host is set by the client itself");
      assertThatThrownBy(() -> settings("cid", URL, Map.of("X-Bot", "a\r\nb"), 1024))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the value of header X-Bot must be visible ASCII");
    }

    @Test
    void constructorWhenAClientIdOrBaseUrlTheBuilderRefusesThenIllegalArgumentException() {
      assertThatThrownBy(() -> settings("c id", URL, Map.of(), 1024))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> settings("cid", URI.create("http://example.com"), Map.of(), 1024))
          .isInstanceOf(IllegalArgumentException.class);
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
      assertThat(root.newBuilder().retryPolicy(RetryPolicy.none()).build().retryPolicy())
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

    /** The pool is what a family shares and only the root closes: the two ways to change it. */
    @Test
    void newBuilderWhenPoolOrHttpClientChangedThenIllegalStateExceptionNamingTheWayOut() {
      SunshineOAuthClient.Builder derived = root.newBuilder();

      assertThatThrownBy(() -> derived.pool(PoolSettings.defaults()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the pool is shared")
          .hasMessageContaining("SunshineOAuthClient.builder()");
      assertThatThrownBy(() -> derived.httpClient(HttpClient.create()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the HttpClient is shared");
    }

    /**
     * A bucket of 3 tokens retries while more than 1.5 are left: a fresh bucket allows one retry of
     * a call that keeps failing (2 requests), one spent to 1 token allows none (1 request).
     */
    @Test
    void newBuilderWhenRetryBudgetKeptThenSharedAndWhenSetThenTheDerivedClientsOwn() {
      RetryBudget three = RetryBudget.defaults().withMaxTokens(3);
      try (SunshineOAuthClient parent =
          TestServers.fastClientFor(server).retryBudget(three).build()) {
        SunshineOAuthClient sharing = parent.newBuilder().defaultHeader("X-Tenant", "t1").build();
        SunshineOAuthClient own = parent.newBuilder().retryBudget(three).build();
        for (int i = 0; i < 5; i++) {
          server.enqueue(TestServers.json(503, "{}"));
        }

        assertThat(requestsOfAFailingCall(parent)).isEqualTo(2);
        assertThat(requestsOfAFailingCall(sharing)).isEqualTo(1);
        assertThat(requestsOfAFailingCall(own)).isEqualTo(2);
        assertThat(own.settings().retryBudget()).isEqualTo(three);
      }
    }

    private int requestsOfAFailingCall(SunshineOAuthClient client) {
      int before = server.getRequestCount();
      StepVerifier.create(client.getTokenInfo(AccessToken.bearer("t")))
          .expectError(SunshineApiException.class)
          .verify();
      return server.getRequestCount() - before;
    }

    @Test
    void newBuilderWhenObservationRegistryKeptThenParentsAndWhenSetThenOnlyTheDerivedClientsOwn() {
      TestObservationRegistry parentRegistry = TestObservationRegistry.create();
      TestObservationRegistry ownRegistry = TestObservationRegistry.create();
      try (SunshineOAuthClient parent =
          TestServers.clientFor(server).observationRegistry(parentRegistry).build()) {
        SunshineOAuthClient inheriting = parent.newBuilder().build();
        SunshineOAuthClient own = parent.newBuilder().observationRegistry(ownRegistry).build();

        for (SunshineOAuthClient client : List.of(inheriting, own, own)) {
          server.enqueue(TestServers.tokenInfoOk());
          StepVerifier.create(client.getTokenInfo(AccessToken.bearer("t")))
              .expectNextCount(1)
              .verifyComplete();
        }

        TestObservationRegistryAssert.assertThat(parentRegistry)
            .hasNumberOfObservationsWithNameEqualTo("sunco.oauth.client.call", 1);
        TestObservationRegistryAssert.assertThat(ownRegistry)
            .hasNumberOfObservationsWithNameEqualTo("sunco.oauth.client.call", 2);
      }
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
