package io.sunco.oauth.store;

import static io.sunco.oauth.store.Keys.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.testing.SampleRecords;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The store's values: what their constructors check, and what their toString never shows. */
class StoreValuesTest {

  private static ConnectedAppRecord record(String appId, Map<String, String> attributes) {
    return new ConnectedAppRecord(
        appId,
        Optional.of("acme"),
        Optional.of(URI.create("https://acme.zendesk.com/sc")),
        TOKEN,
        Instant.parse("2026-12-07T12:00:00.123456789Z"),
        Optional.of(Instant.parse("2026-12-07T13:00:00.000999Z")),
        ConnectionStatus.DISCONNECT_PENDING,
        attributes);
  }

  @Test
  void connectedAppRecordWhenMadeThenInstantsToTheMillisecondAndAttributesCopied() {
    Map<String, String> attributes = new HashMap<>(Map.of("user", "alice"));

    ConnectedAppRecord record = record("app-1", attributes);
    attributes.put("user", "mallory");

    assertThat(record.connectedAt()).isEqualTo(Instant.parse("2026-12-07T12:00:00.123Z"));
    assertThat(record.lastVerifiedAt()).contains(Instant.parse("2026-12-07T13:00:00Z"));
    assertThat(record.attributes()).containsExactly(Map.entry("user", "alice"));
    assertThat(record).isEqualTo(record("app-1", Map.of("user", "alice")));
    assertThat(record).isNotEqualTo(record("app-2", Map.of("user", "alice")));
  }

  @Test
  void connectedAppRecordWhenAppIdBlankOrAComponentNullThenRefused() {
    assertThatThrownBy(() -> record(" ", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("appId must not be blank");
    assertThatThrownBy(() -> record(null, Map.of())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> record("app-1", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () ->
                new ConnectedAppRecord(
                    "app-1",
                    Optional.empty(),
                    Optional.empty(),
                    null,
                    Instant.EPOCH,
                    Optional.empty(),
                    ConnectionStatus.CONNECTED,
                    Map.of()))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void connectedAppRecordToStringWhenHoldingATokenThenShowsNeitherTokenNorAttributeValues() {
    ConnectedAppRecord record =
        record("app-1", Map.of("user", "alice@example.com", "tenant", "t9"));

    assertThat(record)
        .hasToString(
            "ConnectedAppRecord[appId=app-1, subdomain=acme, token=AccessToken[Bearer ****],"
                + " connectedAt=2026-12-07T12:00:00.123Z, lastVerifiedAt=2026-12-07T13:00:00Z,"
                + " status=DISCONNECT_PENDING, attributes=[tenant, user]]");
    assertThat(record.toString()).doesNotContain(TOKEN.value(), "alice@example.com", "t9");
  }

  @Test
  void resealReportWhenCountsAddUpThenAcceptedElseIllegalArgumentException() {
    assertThat(new ResealReport(5, 2, 2, 1).examined()).isEqualTo(5);
    new ResealReport(0, 0, 0, 0);

    assertThatThrownBy(() -> new ResealReport(5, 2, 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must equal examined (5)");
    assertThatThrownBy(() -> new ResealReport(0, 1, -1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A count is negative");
  }

  @Test
  void disconnectResultIsDoneWhenDisconnectedOrAlreadyDisconnectedThenTrueElseFalse() {
    assertThat(DisconnectResult.DISCONNECTED.isDone()).isTrue();
    assertThat(DisconnectResult.ALREADY_DISCONNECTED.isDone()).isTrue();
    assertThat(DisconnectResult.RECONNECTED_MEANWHILE.isDone()).isFalse();
    assertThat(DisconnectResult.RETRY_PENDING.isDone()).isFalse();
  }

  @Test
  void sealedRecordEqualsWhenSameComponentsThenEqualWithTheSealedTokenComparedByContent() {
    SealedRecord record = sealed("app-1", "sealed-1");

    assertThat(sealed("app-1", "sealed-1")).isEqualTo(record).hasSameHashCodeAs(record);
    assertThat(sealed("app-1", "sealed-2")).isNotEqualTo(record);
    assertThat(sealed("app-2", "sealed-1")).isNotEqualTo(record);
    assertThat(record.withRevision(record.revision() + 1)).isNotEqualTo(record);
  }

  @Test
  void sealedRecordToStringWhenMadeThenShowsTheKeyAndAttributeNamesNeverTheSealedToken() {
    SealedRecord record = sealed("app-1", "sealed-secret-bytes");

    assertThat(record.toString())
        .startsWith("SealedRecord[clientId=" + Keys.CLIENT_ID + ", appId=app-1, keyId=k1,")
        .contains("attributes=[user]")
        .doesNotContain("sealed-secret-bytes", "u-1");
  }

  private static SealedRecord sealed(String appId, String sealedToken) {
    return SampleRecords.acme(
        Keys.CLIENT_ID,
        appId,
        "k1",
        sealedToken.getBytes(StandardCharsets.UTF_8),
        Optional.empty(),
        Map.of("user", "u-1"));
  }
}
