package io.sunco.oauth.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The configuration metadata (written by spring-boot-configuration-processor from {@link
 * SunshineOAuthProperties}) is where the IDE finds each property: every one has a description, the
 * defaults are the library's own constants, and the README's table says the same.
 */
class PropertiesMetadataTest {

  static final Path METADATA =
      Path.of("target/classes/META-INF/spring-configuration-metadata.json");
  static final Path README = Path.of("src/site/markdown/boot.md");
  static final String TABLE_START = "<!-- boot-properties:start -->";
  static final String TABLE_END = "<!-- boot-properties:end -->";

  /** The guide of the connected apps, whose "Spring Boot" section lists the store's properties. */
  static final Path CONNECTED_APPS = Path.of("src/site/markdown/connected-apps.md");

  static final String APPS_TABLE_START = "<!-- connected-apps-properties:start -->";
  static final String APPS_TABLE_END = "<!-- connected-apps-properties:end -->";

  /**
   * Whether a property belongs to the connected-app store, listed in the connected apps' guide
   * rather than in the Boot guide's table.
   */
  static boolean ofConnectedApps(String name) {
    return PropertyFailureAnalyzer.isConnectedApps(name);
  }

  static JsonNode metadata() throws IOException {
    assertThat(METADATA).as("the configuration processor's output").isRegularFile();
    return new ObjectMapper().readTree(METADATA.toFile());
  }

  static List<JsonNode> properties() throws IOException {
    return StreamSupport.stream(metadata().get("properties").spliterator(), false).toList();
  }

  /**
   * The README table the metadata implies: one row per property that {@code listed} accepts, in the
   * metadata's order.
   */
  static String expectedTable(Predicate<String> listed) throws IOException {
    StringBuilder table =
        new StringBuilder("| property | default | description |\n|---|---|---|\n");
    for (JsonNode property : properties()) {
      if (!listed.test(property.get("name").asText())) {
        continue;
      }
      JsonNode value = property.get("defaultValue");
      table
          .append("| `")
          .append(property.get("name").asText())
          .append("` | ")
          .append(value == null ? "" : "`" + value.asText() + "`")
          .append(" | ")
          .append(property.get("description").asText().replace("|", "\\|"))
          .append(" |\n");
    }
    return table.toString();
  }

  @Test
  void metadataWhenCompiledThenEveryPropertyDescribedAndUnderThePrefix() throws IOException {
    List<String> names = new ArrayList<>();
    for (JsonNode property : properties()) {
      String name = property.get("name").asText();
      names.add(name);
      assertThat(name).startsWith("sunco.oauth.");
      assertThat(property.path("description").asText()).as(name).isNotBlank();
      assertThat(property.path("sourceType").asText())
          .as(name)
          .startsWith(SunshineOAuthProperties.class.getName());
    }
    assertThat(names)
        .contains(
            "sunco.oauth.client-id",
            "sunco.oauth.client-secret",
            "sunco.oauth.base-url",
            "sunco.oauth.default-headers",
            "sunco.oauth.timeouts.connect",
            "sunco.oauth.retry.max-retries",
            "sunco.oauth.retry.budget.max-tokens",
            "sunco.oauth.pool.max-connections",
            "sunco.oauth.routes.redirect-uri",
            "sunco.oauth.routes.prefix",
            "sunco.oauth.routes.success-url",
            "sunco.oauth.routes.denial-url",
            "sunco.oauth.state.store",
            "sunco.oauth.state.redis.uri");
    JsonNode hint = metadata().get("hints").get(0);
    assertThat(hint.get("name").asText()).isEqualTo("sunco.oauth.base-url");
    assertThat(hint.get("values").findValuesAsText("value"))
        .containsExactlyElementsOf(ClientFactory.hostNames());
  }

  /** Binds the properties as Boot does, from these {@code name=value} pairs (full names). */
  static SunshineOAuthProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate(SunshineOAuthProperties.PREFIX, SunshineOAuthProperties.class);
  }

  @Test
  void constructorWhenTheCallersHeaderMapChangesAfterwardsThenThePropertiesDoNot() {
    SunshineOAuthProperties d = bind(Map.of());
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Zendesk-Marketplace-Bot-Id", "bot-7");
    SunshineOAuthProperties p =
        new SunshineOAuthProperties(
            true,
            "id",
            null,
            d.baseUrl(),
            headers,
            d.maxResponseBytes(),
            d.timeouts(),
            d.retry(),
            d.pool(),
            d.routes(),
            d.state(),
            d.store(),
            d.keys(),
            d.connectedApps(),
            d.tokenCheck());

    headers.put("X-Added-Later", "v");

    assertThat(p.defaultHeaders())
        .containsExactly(Map.entry("X-Zendesk-Marketplace-Bot-Id", "bot-7"));
  }

  @Test
  void bindWhenNothingSetThenDefaultsAreTheLibraryConstants() {
    SunshineOAuthProperties p = bind(Map.of());
    assertThat(p.enabled()).isTrue();
    assertThat(p.clientId()).isNull();
    assertThat(p.clientSecret()).isNull();
    assertThat(p.defaultHeaders()).isEmpty();
    assertThat(ClientFactory.baseUrl(p.baseUrl())).isEqualTo(SunshineOAuthClient.OAUTH_BRIDGE);
    assertThat(p.maxResponseBytes()).isEqualTo(SunshineOAuthClient.DEFAULT_MAX_RESPONSE_BYTES);
    assertThat(p.timeouts())
        .isEqualTo(
            new SunshineOAuthProperties.TimeoutSettings(
                Timeouts.DEFAULT_CONNECT, Timeouts.DEFAULT_ATTEMPT, Timeouts.DEFAULT_CALL));
    assertThat(p.retry())
        .isEqualTo(
            new SunshineOAuthProperties.RetrySettings(
                RetryPolicy.DEFAULT_MAX_RETRIES,
                RetryPolicy.DEFAULT_INITIAL_BACKOFF,
                RetryPolicy.DEFAULT_MAX_BACKOFF,
                new SunshineOAuthProperties.BudgetSettings(
                    RetryBudget.DEFAULT_MAX_TOKENS, RetryBudget.DEFAULT_TOKEN_RATIO)));
    assertThat(p.pool())
        .isEqualTo(
            new SunshineOAuthProperties.PoolLimits(
                PoolSettings.DEFAULT_MAX_CONNECTIONS,
                PoolSettings.DEFAULT_MAX_PENDING_ACQUIRES,
                PoolSettings.DEFAULT_ACQUIRE_TIMEOUT,
                PoolSettings.DEFAULT_MAX_IDLE_TIME));
    assertThat(p.routes().enabled()).isTrue();
    assertThat(p.routes().prefix()).isEqualTo(SunshineOAuthRoutes.DEFAULT_PREFIX);
    assertThat(URI.create(p.routes().successUrl()))
        .isEqualTo(SunshineOAuthRoutes.DEFAULT_SUCCESS_URL);
    assertThat(p.routes().cookieName()).isEqualTo(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME);
    assertThat(p.state().store()).isEqualTo(SunshineOAuthProperties.StoreType.MEMORY);
    assertThat(p.state().ttl()).isEqualTo(InMemoryPendingAuthorizationStore.DEFAULT_TTL);
    assertThat(p.state().maxEntries())
        .isEqualTo(InMemoryPendingAuthorizationStore.DEFAULT_MAX_ENTRIES);
  }

  @Test
  void metadataWhenDefaultsListedThenBindingThemGivesTheCodesDefaults() throws IOException {
    Map<String, String> listed = new LinkedHashMap<>();
    for (JsonNode property : properties()) {
      JsonNode value = property.get("defaultValue");
      if (value != null) {
        listed.put(property.get("name").asText(), value.asText());
      }
    }
    // Every property with a default in the code lists it (the others are unset by default).
    assertThat(listed.keySet())
        .contains(
            "sunco.oauth.enabled",
            "sunco.oauth.base-url",
            "sunco.oauth.max-response-bytes",
            "sunco.oauth.timeouts.connect",
            "sunco.oauth.timeouts.attempt",
            "sunco.oauth.timeouts.call",
            "sunco.oauth.retry.max-retries",
            "sunco.oauth.retry.initial-backoff",
            "sunco.oauth.retry.max-backoff",
            "sunco.oauth.retry.budget.max-tokens",
            "sunco.oauth.retry.budget.token-ratio",
            "sunco.oauth.pool.max-connections",
            "sunco.oauth.pool.max-pending-acquires",
            "sunco.oauth.pool.acquire-timeout",
            "sunco.oauth.pool.max-idle-time",
            "sunco.oauth.routes.enabled",
            "sunco.oauth.routes.prefix",
            "sunco.oauth.routes.success-url",
            "sunco.oauth.routes.cookie-name",
            "sunco.oauth.state.store",
            "sunco.oauth.state.ttl",
            "sunco.oauth.state.max-entries",
            "sunco.oauth.state.redis.key-prefix",
            "sunco.oauth.state.redis.timeout");
    assertThat(listed).containsEntry("sunco.oauth.timeouts.connect", "5s");

    assertThat(bind(listed)).isEqualTo(bind(Map.of()));
  }

  @Test
  void readmeWhenItListsThePropertiesThenTheTableIsTheMetadatas() throws IOException {
    assertThat(tableIn(README, TABLE_START, TABLE_END))
        .as("the README's table of sunco.oauth.* properties; regenerate it from the metadata")
        .isEqualTo(expectedTable(name -> !ofConnectedApps(name)));
  }

  @Test
  void connectedAppsGuideWhenItListsTheStoresPropertiesThenTheTableIsTheMetadatas()
      throws IOException {
    assertThat(tableIn(CONNECTED_APPS, APPS_TABLE_START, APPS_TABLE_END))
        .as("the connected apps guide's table of the store's properties; regenerate it")
        .isEqualTo(expectedTable(PropertiesMetadataTest::ofConnectedApps));
  }

  private static String tableIn(Path page, String startMarker, String endMarker)
      throws IOException {
    String text = Files.readString(page, StandardCharsets.UTF_8);
    int start = text.indexOf(startMarker);
    int end = text.indexOf(endMarker);
    assertThat(start).as(page + " marker " + startMarker).isNotNegative();
    assertThat(end).as(page + " marker " + endMarker).isGreaterThan(start);
    return text.substring(start + startMarker.length(), end).strip() + "\n";
  }
}
