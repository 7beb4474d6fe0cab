package io.sunco.oauth.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.InMemoryAuthorizationStateStore;
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
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

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

  static JsonNode metadata() throws IOException {
    assertThat(METADATA).as("the configuration processor's output").isRegularFile();
    return new ObjectMapper().readTree(METADATA.toFile());
  }

  static List<JsonNode> properties() throws IOException {
    return StreamSupport.stream(metadata().get("properties").spliterator(), false).toList();
  }

  /** The README table the metadata implies: one row per property, in the metadata's order. */
  static String expectedTable() throws IOException {
    StringBuilder table =
        new StringBuilder("| property | default | description |\n|---|---|---|\n");
    for (JsonNode property : properties()) {
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

  @Test
  void metadataWhenDefaultsListedThenTheyAreTheLibraryConstants() throws IOException {
    SunshineOAuthProperties p = new SunshineOAuthProperties();
    assertThat(ClientFactory.baseUrl(p.getBaseUrl())).isEqualTo(SunshineOAuthClient.OAUTH_BRIDGE);
    assertThat(p.getMaxResponseBytes()).isEqualTo(SunshineOAuthClient.DEFAULT_MAX_RESPONSE_BYTES);
    assertThat(p.getTimeouts().getConnect()).isEqualTo(Timeouts.DEFAULT_CONNECT);
    assertThat(p.getTimeouts().getAttempt()).isEqualTo(Timeouts.DEFAULT_ATTEMPT);
    assertThat(p.getTimeouts().getCall()).isEqualTo(Timeouts.DEFAULT_CALL);
    assertThat(p.getRetry().getMaxRetries()).isEqualTo(RetryPolicy.DEFAULT_MAX_RETRIES);
    assertThat(p.getRetry().getInitialBackoff()).isEqualTo(RetryPolicy.DEFAULT_INITIAL_BACKOFF);
    assertThat(p.getRetry().getMaxBackoff()).isEqualTo(RetryPolicy.DEFAULT_MAX_BACKOFF);
    assertThat(p.getRetry().getBudget().getMaxTokens()).isEqualTo(RetryBudget.DEFAULT_MAX_TOKENS);
    assertThat(p.getRetry().getBudget().getTokenRatio()).isEqualTo(RetryBudget.DEFAULT_TOKEN_RATIO);
    assertThat(p.getPool().getMaxConnections()).isEqualTo(PoolSettings.DEFAULT_MAX_CONNECTIONS);
    assertThat(p.getPool().getMaxPendingAcquires())
        .isEqualTo(PoolSettings.DEFAULT_MAX_PENDING_ACQUIRES);
    assertThat(p.getPool().getAcquireTimeout()).isEqualTo(PoolSettings.DEFAULT_ACQUIRE_TIMEOUT);
    assertThat(p.getPool().getMaxIdleTime()).isEqualTo(PoolSettings.DEFAULT_MAX_IDLE_TIME);
    assertThat(p.getRoutes().getPrefix()).isEqualTo(SunshineOAuthRoutes.DEFAULT_PREFIX);
    assertThat(URI.create(p.getRoutes().getSuccessUrl()))
        .isEqualTo(SunshineOAuthRoutes.DEFAULT_SUCCESS_URL);
    assertThat(p.getRoutes().getCookieName()).isEqualTo(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME);
    assertThat(p.getState().getTtl()).isEqualTo(InMemoryAuthorizationStateStore.DEFAULT_TTL);
    assertThat(p.getState().getMaxEntries())
        .isEqualTo(InMemoryAuthorizationStateStore.DEFAULT_MAX_ENTRIES);
    // ... and the metadata shows the same defaults as the class.
    JsonNode connect =
        properties().stream()
            .filter(
                property -> property.get("name").asText().equals("sunco.oauth.timeouts.connect"))
            .findFirst()
            .orElseThrow();
    assertThat(connect.get("defaultValue").asText()).isEqualTo("5s");
  }

  @Test
  void readmeWhenItListsThePropertiesThenTheTableIsTheMetadatas() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf(TABLE_START);
    int end = readme.indexOf(TABLE_END);
    assertThat(start).as("README marker " + TABLE_START).isNotNegative();
    assertThat(end).as("README marker " + TABLE_END).isGreaterThan(start);
    String table = readme.substring(start + TABLE_START.length(), end).strip() + "\n";

    assertThat(table)
        .as("the README's table of sunco.oauth.* properties; regenerate it from the metadata")
        .isEqualTo(expectedTable());
  }
}
