package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RouteStrategiesTest.BY_USER_HEADER;
import static io.sunco.oauth.webflux.RouteStrategiesTest.callbackAs;
import static io.sunco.oauth.webflux.RouteStrategiesTest.startAs;
import static io.sunco.oauth.webflux.RoutesFixture.APP;
import static io.sunco.oauth.webflux.RoutesFixture.CLIENT_ID;
import static io.sunco.oauth.webflux.RoutesFixture.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.ConnectionStatus;
import io.sunco.oauth.store.InMemorySealedRecords;
import io.sunco.oauth.store.KeyRing;
import io.sunco.oauth.store.SealedRecord;
import io.sunco.oauth.store.SealedRecords;
import io.sunco.oauth.testing.ForwardingRecords;
import io.sunco.oauth.testing.Revocations;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link TokenSink#savingTo}: a flow completed through the real routes and the emulator ends with
 * the app's record in a {@link ConnectedAppStore}, its token sealed in the backend.
 */
class TokenSinkSavingToTest {

  @AutoClose private final RoutesFixture fixture = new RoutesFixture();
  private final InMemorySealedRecords backend = InMemorySealedRecords.create();

  private static KeyRing ring() {
    byte[] key = new byte[KeyRing.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return KeyRing.builder().key("2026-12", key).primary("2026-12").build();
  }

  private ConnectedAppStore store(SealedRecords records) {
    return ConnectedAppStore.builder().records(records).keyRing(ring()).clientId(CLIENT_ID).build();
  }

  @Test
  void callbackWhenFlowCompletesThenTheStoreHoldsTheAppWithAWorkingSealedToken() {
    ConnectedAppStore store = store(backend);
    WebTestClient web =
        web(fixture.routes().sink(TokenSink.savingTo(store)).attributes(BY_USER_HEADER).build());

    callbackAs(web, startAs(web, "alice"), "alice").expectStatus().isSeeOther();

    StepVerifier.create(store.findByAttribute("user", "alice").map(ConnectedAppRecord::appId))
        .expectNext(APP.id())
        .verifyComplete();
    StepVerifier.create(store.find(APP.id()))
        .assertNext(
            record -> {
              assertThat(record.subdomain()).contains("acme");
              assertThat(record.apiBaseUrl()).contains(URI.create("https://acme.zendesk.com/sc"));
              assertThat(record.status()).isEqualTo(ConnectionStatus.CONNECTED);
              assertThat(record.attributes()).containsExactly(Map.entry("user", "alice"));
              StepVerifier.create(fixture.client.getTokenInfo(record.token()))
                  .assertNext(info -> assertThat(info.appId()).isEqualTo(APP.id()))
                  .verifyComplete();
              assertSealedInTheBackend(record.token());
            })
        .verifyComplete();
  }

  private void assertSealedInTheBackend(AccessToken token) {
    SealedRecord stored = backend.find(CLIENT_ID, APP.id()).block();
    assertThat(stored).isNotNull();
    assertThat(stored.keyId()).isEqualTo("2026-12");
    String sealed = new String(stored.sealedToken(), StandardCharsets.ISO_8859_1);
    assertThat(sealed).doesNotContain(token.value()).doesNotContain("eyJ");
    assertThat(stored.toString()).doesNotContain(token.value());
  }

  @Test
  void callbackWhenTheBackendFailsThen500AndTheTokenIsRevokedAndNothingStored() throws Exception {
    SealedRecords down =
        new ForwardingRecords(backend) {
          @Override
          public Mono<SealedRecord> upsert(SealedRecord record) {
            return Mono.error(
                StoreUnavailableException.failed(Operation.SAVE, new IllegalStateException()));
          }
        };
    WebTestClient web = web(fixture.routes().sink(TokenSink.savingTo(store(down))).build());
    RoutesFixture.Started started = RoutesFixture.start(web);
    String target = RoutesFixture.callbackTarget(RoutesFixture.consent(started.consent()));

    RoutesFixture.callback(web, target, started.cookie().getValue()).expectStatus().isEqualTo(500);

    Revocations.assertRefused(fixture.client, Revocations.revokedToken(fixture.emulator));
    StepVerifier.create(backend.list(CLIENT_ID)).verifyComplete();
  }

  @Test
  void savingToWhenStoreIsNullThenNullPointerException() {
    assertThatThrownBy(() -> TokenSink.savingTo(null)).isInstanceOf(NullPointerException.class);
  }
}
