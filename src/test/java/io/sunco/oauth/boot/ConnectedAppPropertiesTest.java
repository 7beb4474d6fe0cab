package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.PropertiesMetadataTest.bind;
import static io.sunco.oauth.boot.PropertiesMetadataTest.properties;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sunco.oauth.postgres.PostgresSealedRecords;
import io.sunco.oauth.redis.RedisSealedRecords;
import io.sunco.oauth.store.TokenCheck;
import io.sunco.oauth.webflux.ConnectedAppRoutes;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The connected-app store's properties ({@code sunco.oauth.store}, {@code sunco.oauth.keys.*},
 * {@code sunco.oauth.connected-apps.*}, {@code sunco.oauth.token-check.*}): unset, no store; their
 * defaults are the library's constants, and the metadata lists each with its default.
 */
class ConnectedAppPropertiesTest {

  @Test
  void bindWhenNothingSetThenNoStoreAndTheLibrarysDefaults() {
    SunshineOAuthProperties p = bind(Map.of());

    assertThat(p.store()).isNull();
    assertThat(p.keys().file()).isNull();
    SunshineOAuthProperties.ConnectedAppSettings apps = p.connectedApps();
    assertThat(apps.postgres().table()).isEqualTo(PostgresSealedRecords.DEFAULT_TABLE);
    assertThat(apps.postgres().timeout()).isEqualTo(PostgresSealedRecords.DEFAULT_TIMEOUT);
    assertThat(apps.postgres().createSchema()).isFalse();
    assertThat(apps.redis().keyPrefix()).isEqualTo(RedisSealedRecords.DEFAULT_PREFIX);
    assertThat(apps.redis().timeout()).isEqualTo(RedisSealedRecords.DEFAULT_TIMEOUT);
    assertThat(apps.routes().enabled()).isTrue();
    assertThat(apps.routes().disconnectPath())
        .isEqualTo(ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH);
    assertThat(apps.routes().removalPath()).isEqualTo(ConnectedAppRoutes.DEFAULT_REMOVAL_PATH);
    assertThat(apps.routes().removalsPerMinute())
        .isEqualTo(ConnectedAppRoutes.DEFAULT_REMOVALS_PER_MINUTE);
    SunshineOAuthProperties.TokenCheckSettings check = p.tokenCheck();
    TokenCheck defaults = TokenCheck.defaults();
    assertThat(check.enabled()).isFalse();
    assertThat(check.concurrency()).isEqualTo(TokenCheck.DEFAULT_CONCURRENCY);
    assertThat(check.jitter()).isEqualTo(TokenCheck.DEFAULT_JITTER);
    assertThat(check.period()).isEqualTo(TokenCheck.DEFAULT_PERIOD);
    assertThat(check.periodJitter()).isEqualTo(TokenCheck.DEFAULT_PERIOD_JITTER);
    assertThat(check.whenRefused()).isEqualTo(defaults.whenRefused());
  }

  @Test
  void bindWhenStoreNamedInAnyCaseThenThatKind() {
    assertThat(bind(Map.of("sunco.oauth.store", "postgres")).store())
        .isEqualTo(SunshineOAuthProperties.AppStoreType.POSTGRES);
    assertThat(bind(Map.of("sunco.oauth.store", "REDIS")).store())
        .isEqualTo(SunshineOAuthProperties.AppStoreType.REDIS);
    assertThat(bind(Map.of("sunco.oauth.token-check.when-refused", "delete")).tokenCheck())
        .extracting(SunshineOAuthProperties.TokenCheckSettings::whenRefused)
        .isEqualTo(TokenCheck.WhenRefused.DELETE);
  }

  @Test
  void metadataWhenTheStoresPropertiesListedThenEachDescribedWithItsDefault() throws IOException {
    Map<String, String> defaults = new LinkedHashMap<>();
    for (JsonNode property : properties()) {
      String name = property.get("name").asText();
      if (PropertiesMetadataTest.ofConnectedApps(name)) {
        assertThat(property.path("description").asText()).as(name).isNotBlank();
        JsonNode value = property.get("defaultValue");
        defaults.put(name, value == null ? null : value.asText());
      }
    }

    assertThat(defaults)
        .containsEntry("sunco.oauth.store", null)
        .containsEntry("sunco.oauth.keys.file", null)
        .containsEntry("sunco.oauth.keys.timeout", "30s")
        .containsEntry("sunco.oauth.connected-apps.postgres.table", "sunco_connected_app")
        .containsEntry("sunco.oauth.connected-apps.postgres.timeout", "2s")
        .containsEntry("sunco.oauth.connected-apps.postgres.create-schema", "false")
        .containsEntry("sunco.oauth.connected-apps.redis.key-prefix", "sunco-oauth:app:")
        .containsEntry("sunco.oauth.connected-apps.redis.timeout", "2s")
        .containsEntry("sunco.oauth.connected-apps.routes.enabled", "true")
        .containsEntry(
            "sunco.oauth.connected-apps.routes.disconnect-path", "/oauth/sunshine/disconnect")
        .containsEntry("sunco.oauth.connected-apps.routes.removal-path", "/oauth/sunshine/removed")
        .containsEntry("sunco.oauth.connected-apps.routes.removals-per-minute", "60")
        .containsEntry("sunco.oauth.token-check.enabled", "false")
        .containsEntry("sunco.oauth.token-check.concurrency", "4")
        .containsEntry("sunco.oauth.token-check.jitter", "1s")
        .containsEntry("sunco.oauth.token-check.period", "24h")
        .containsEntry("sunco.oauth.token-check.period-jitter", "1h")
        .containsEntry("sunco.oauth.token-check.when-refused", "mark");
  }

  @Test
  void toStringWhenKeyFileSetThenShowsItOnlyAsSet() {
    SunshineOAuthProperties p =
        bind(Map.of("sunco.oauth.store", "memory", "sunco.oauth.keys.file", "/etc/app/keys"));

    assertThat(p.toString()).doesNotContain("/etc/app/keys").contains("store=MEMORY");
    assertThat(p.keys().toString()).isEqualTo("KeySettings[file=****, timeout=PT30S]");
  }
}
