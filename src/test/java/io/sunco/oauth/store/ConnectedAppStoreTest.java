package io.sunco.oauth.store;

import static io.sunco.oauth.store.Keys.CLIENT_ID;
import static io.sunco.oauth.store.Keys.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.testing.MutableClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

/** The store over the in-memory backend: what it writes, what it reads back, what it refuses. */
class ConnectedAppStoreTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00.123456Z"));
  private final byte[] key1 = Keys.key();
  private final InMemorySealedRecords backend = InMemorySealedRecords.create();
  private final ConnectedAppStore store = store(Keys.ring("k1", key1), CLIENT_ID);

  private ConnectedAppStore store(KeyRing ring, String clientId) {
    return ConnectedAppStore.builder()
        .records(backend)
        .keyRing(ring)
        .clientId(clientId)
        .clock(clock)
        .build();
  }

  private ConnectedAppRecord connected(String appId, AccessToken token, Map<String, String> attrs) {
    ConnectedAppRecord record = store.connect(token, Keys.app(appId), attrs).block();
    assertThat(record).isNotNull();
    return record;
  }

  private SealedRecord stored(String clientId, String appId) {
    SealedRecord record = backend.find(clientId, appId).block();
    assertThat(record).isNotNull();
    return record;
  }

  private static List<String> appIds(Flux<ConnectedAppRecord> records) {
    List<String> ids = records.map(ConnectedAppRecord::appId).sort().collectList().block();
    return ids == null ? List.of() : ids;
  }

  @Nested
  class Writing {

    @Test
    void connectWhenNewAppThenConnectedNowWithTheAppsApiBaseUrlAndAttributes() {
      StepVerifier.create(
              store.connect(
                  TOKEN, TokenInfo.of("app-1", "Acme", "Acme Support"), Map.of("user", "alice")))
          .assertNext(
              record -> {
                assertThat(record.appId()).isEqualTo("app-1");
                assertThat(record.subdomain()).contains("Acme");
                assertThat(record.apiBaseUrl()).contains(URI.create("https://acme.zendesk.com/sc"));
                assertThat(record.token()).isEqualTo(TOKEN);
                assertThat(record.connectedAt())
                    .isEqualTo(Instant.parse("2026-12-07T12:00:00.123Z"));
                assertThat(record.lastVerifiedAt()).isEmpty();
                assertThat(record.status()).isEqualTo(ConnectionStatus.CONNECTED);
                assertThat(record.attributes()).containsExactly(Map.entry("user", "alice"));
              })
          .verifyComplete();

      StepVerifier.create(store.find("app-1"))
          .assertNext(found -> assertThat(found.token()).isEqualTo(TOKEN))
          .verifyComplete();
    }

    @Test
    void connectWhenStoredThenTheBackendHoldsSealedBytesUnderThePrimaryKeyAndNoToken() {
      connected("app-1", TOKEN, Map.of("user", "alice"));

      SealedRecord record = stored(CLIENT_ID, "app-1");

      assertThat(record.keyId()).isEqualTo("k1");
      assertThat(record.clientId()).isEqualTo(CLIENT_ID);
      byte[] sealed = record.sealedToken();
      assertThat(Keys.contains(sealed, TOKEN.value().getBytes(StandardCharsets.UTF_8))).isFalse();
      assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("eyJ");
      assertThat(record.toString()).doesNotContain(TOKEN.value());
    }

    @Test
    void connectWhenTheAppIsConnectedAgainThenOneRecordWithTheNewToken() {
      connected("app-1", TOKEN, Map.of("user", "alice"));
      AccessToken newer = Keys.token("app-1");
      clock.advance(Duration.ofHours(1));

      connected("app-1", newer, Map.of("user", "bob"));

      StepVerifier.create(store.list())
          .assertNext(
              record -> {
                assertThat(record.token()).isEqualTo(newer);
                assertThat(record.attributes()).containsExactly(Map.entry("user", "bob"));
                assertThat(record.connectedAt())
                    .isEqualTo(Instant.parse("2026-12-07T13:00:00.123Z"));
              })
          .verifyComplete();
    }

    @Test
    void saveWhenEveryComponentIsSetThenFindEmitsTheRecordAsGiven() {
      ConnectedAppRecord given =
          new ConnectedAppRecord(
              "app-9",
              Optional.empty(),
              Optional.of(URI.create("https://api.eu-1.smooch.io")),
              TOKEN,
              Instant.parse("2026-11-01T08:00:00.987654321Z"),
              Optional.of(Instant.parse("2026-12-01T08:00:00.5Z")),
              ConnectionStatus.TOKEN_REFUSED,
              Map.of("tenant", "t-1", "user", "u-1"));

      StepVerifier.create(store.save(given)).expectNext(given).verifyComplete();

      StepVerifier.create(store.find("app-9")).expectNext(given).verifyComplete();
      assertThat(given.connectedAt()).isEqualTo(Instant.parse("2026-11-01T08:00:00.987Z"));
    }

    @Test
    void callsWhenNotSubscribedThenNothingIsWrittenAndEachSubscriptionSealsAgain() {
      var save = store.connect(TOKEN, Keys.app("app-1"), Map.of());
      assertThat(appIds(store.list())).isEmpty();

      save.block();
      byte[] first = stored(CLIENT_ID, "app-1").sealedToken();
      save.block();

      assertThat(stored(CLIENT_ID, "app-1").sealedToken()).isNotEqualTo(first);
      assertThat(appIds(store.list())).containsExactly("app-1");
    }
  }

  @Nested
  class Reading {

    @Test
    void findByAttributeWhenSeveralAppsThenThoseWithThatValueOnly() {
      connected("app-1", Keys.token("app-1"), Map.of("user", "alice", "tenant", "t1"));
      connected("app-2", Keys.token("app-2"), Map.of("user", "bob", "tenant", "t1"));
      connected("app-3", Keys.token("app-3"), Map.of("user", "alice"));

      assertThat(appIds(store.findByAttribute("user", "alice"))).containsExactly("app-1", "app-3");
      assertThat(appIds(store.findByAttribute("tenant", "t1"))).containsExactly("app-1", "app-2");
      assertThat(appIds(store.findByAttribute("user", "carol"))).isEmpty();
      assertThat(appIds(store.list())).containsExactly("app-1", "app-2", "app-3");
    }

    @Test
    void deleteWhenStoredThenTrueGoneAndWhenRepeatedThenFalse() {
      connected("app-1", TOKEN, Map.of());
      connected("app-2", Keys.token("app-2"), Map.of());

      StepVerifier.create(store.delete("app-1")).expectNext(true).verifyComplete();
      StepVerifier.create(store.delete("app-1")).expectNext(false).verifyComplete();

      StepVerifier.create(store.find("app-1")).verifyComplete();
      assertThat(appIds(store.list())).containsExactly("app-2");
    }

    @Test
    void findWhenAnotherClientIdsStoreOnTheSameBackendThenItsRecordsAreNotSeen() {
      ConnectedAppStore other = store(Keys.ring("k1", key1), "another-client");
      connected("app-1", TOKEN, Map.of("user", "alice"));

      StepVerifier.create(other.find("app-1")).verifyComplete();
      assertThat(appIds(other.list())).isEmpty();
      assertThat(appIds(other.findByAttribute("user", "alice"))).isEmpty();
      StepVerifier.create(other.delete("app-1")).expectNext(false).verifyComplete();
      StepVerifier.create(store.find("app-1")).expectNextCount(1).verifyComplete();
    }
  }

  @Nested
  class Unopenable {

    @Test
    void findWhenTheRingLacksTheKeyThenUnknownKeyAndTheRecordIsKeptAsItWas() {
      connected("app-1", TOKEN, Map.of("user", "alice"));
      SealedRecord before = stored(CLIENT_ID, "app-1");
      ConnectedAppStore withoutK1 = store(Keys.ring("k2", Keys.key()), CLIENT_ID);

      StepVerifier.create(withoutK1.find("app-1"))
          .expectErrorSatisfies(
              e -> {
                assertThat(e).isInstanceOf(SealedTokenException.class);
                SealedTokenException sealed = (SealedTokenException) e;
                assertThat(sealed.reason()).isEqualTo(SealedTokenException.Reason.UNKNOWN_KEY);
                assertThat(sealed.keyId()).isEqualTo("k1");
                assertThat(sealed.appId()).isEqualTo("app-1");
              })
          .verify();
      StepVerifier.create(withoutK1.list()).expectError(SealedTokenException.class).verify();
      StepVerifier.create(withoutK1.findByAttribute("user", "alice"))
          .expectError(SealedTokenException.class)
          .verify();

      assertThat(stored(CLIENT_ID, "app-1").sameStoredState(before)).isTrue();
      StepVerifier.create(store.find("app-1"))
          .assertNext(record -> assertThat(record.token()).isEqualTo(TOKEN))
          .verifyComplete();
    }

    @Test
    void findWhenTheKeyMaterialIsWrongThenNotOpenedAndTheRecordIsKept() {
      connected("app-1", TOKEN, Map.of());
      SealedRecord before = stored(CLIENT_ID, "app-1");
      ConnectedAppStore wrongK1 = store(Keys.ring("k1", Keys.key()), CLIENT_ID);

      StepVerifier.create(wrongK1.find("app-1"))
          .expectErrorSatisfies(
              e ->
                  assertThat(((SealedTokenException) e).reason())
                      .isEqualTo(SealedTokenException.Reason.NOT_OPENED))
          .verify();

      assertThat(stored(CLIENT_ID, "app-1").sameStoredState(before)).isTrue();
    }

    @Test
    void findWhenASealedTokenIsCopiedOntoAnotherAppsRecordThenNotOpened() {
      connected("app-1", TOKEN, Map.of());
      connected("app-2", Keys.token("app-2"), Map.of());
      // An attacker with write access to the table copies app-1's token onto app-2's row.
      backend.upsert(Keys.moved(stored(CLIENT_ID, "app-1"), CLIENT_ID, "app-2")).block();

      StepVerifier.create(store.find("app-2"))
          .expectErrorSatisfies(
              e -> {
                SealedTokenException sealed = (SealedTokenException) e;
                assertThat(sealed.reason()).isEqualTo(SealedTokenException.Reason.NOT_OPENED);
                assertThat(sealed.appId()).isEqualTo("app-2");
                assertThat(sealed.getMessage()).doesNotContain(TOKEN.value());
              })
          .verify();
      StepVerifier.create(store.find("app-1")).expectNextCount(1).verifyComplete();
    }

    @Test
    void findWhenASealedTokenIsCopiedToAnotherClientIdThenNotOpened() {
      connected("app-1", TOKEN, Map.of());
      ConnectedAppStore other = store(Keys.ring("k1", key1), "another-client");
      backend.upsert(Keys.moved(stored(CLIENT_ID, "app-1"), "another-client", "app-1")).block();

      StepVerifier.create(other.find("app-1"))
          .expectErrorSatisfies(
              e ->
                  assertThat(((SealedTokenException) e).reason())
                      .isEqualTo(SealedTokenException.Reason.NOT_OPENED))
          .verify();
    }
  }

  @Nested
  class Surface {

    @Test
    void callsWhenArgumentsAreNullThenNullPointerExceptionAtCallTime() {
      Map<String, String> nullValue = new HashMap<>();
      nullValue.put("user", null);

      assertThatThrownBy(() -> store.connect(null, Keys.app("a"), Map.of()))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> store.connect(TOKEN, null, Map.of()))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> store.connect(TOKEN, Keys.app("a"), nullValue))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> store.save(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> store.find(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> store.findByAttribute("user", null))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> store.delete(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void clientIdWhenBuiltThenTheOneWhoseAppsItKeeps() {
      assertThat(store.clientId()).isEqualTo(CLIENT_ID);
      assertThat(store(Keys.ring("k1", key1), "another-client").clientId())
          .isEqualTo("another-client");
    }

    @Test
    void buildWhenARequiredSettingIsMissingOrOutOfRangeThenSaysWhich() {
      KeyRing ring = Keys.ring("k1", key1);

      assertThatThrownBy(() -> ConnectedAppStore.builder().keyRing(ring).clientId("c").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("records(..) is required");
      assertThatThrownBy(() -> ConnectedAppStore.builder().records(backend).clientId("c").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("keyRing(..) is required");
      assertThatThrownBy(() -> ConnectedAppStore.builder().records(backend).keyRing(ring).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("clientId(..) is required");
      assertThatThrownBy(() -> ConnectedAppStore.builder().clientId(" "))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ConnectedAppStore.builder().resealConcurrency(0))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> ConnectedAppStore.builder().resealConcurrency(257))
          .isInstanceOf(IllegalArgumentException.class);
      ConnectedAppStore.builder().resealConcurrency(1).resealConcurrency(256);
    }

    @Test
    void toStringWhenTokensAndKeysAreHeldThenNeitherIsShown() {
      ConnectedAppRecord record = connected("app-1", TOKEN, Map.of("user", "alice-secret-id"));
      String base64Key = Base64.getEncoder().encodeToString(key1);

      assertThat(store.toString())
          .isEqualTo(
              "ConnectedAppStore[clientId="
                  + CLIENT_ID
                  + ", records=InMemorySealedRecords[records=1], keyRing=KeyRing[primary=k1,"
                  + " keys=[k1]]]")
          .doesNotContain(base64Key);
      assertThat(record.toString())
          .contains("appId=app-1", "AccessToken[Bearer ****]", "attributes=[user]")
          .doesNotContain(TOKEN.value(), "alice-secret-id");
      assertThat(stored(CLIENT_ID, "app-1").toString()).doesNotContain("alice-secret-id");
    }
  }
}
