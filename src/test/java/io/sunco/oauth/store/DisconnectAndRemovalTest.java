package io.sunco.oauth.store;

import static io.sunco.oauth.store.Keys.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.EmulatorClients;
import io.sunco.oauth.testing.Revocations;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/**
 * Issue 26, items 5 and 6 in the store: {@link ConnectedAppStore#disconnect}, {@link
 * ConnectedAppStore#retryPendingDisconnects} and {@link ConnectedAppStore#confirmRemoval}, with the
 * real client against the real emulator, over http and over https as the service speaks it.
 */
@ParameterizedClass
@ValueSource(booleans = {false, true})
class DisconnectAndRemovalTest {

  static final String CLIENT_SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");

  @Parameter boolean tls;

  private SunshineOAuthEmulator emulator;
  private SunshineOAuthClient client;
  private final InterceptedRecords backend = new InterceptedRecords();
  private final ConnectedAppStore store = Keys.store(backend).build();

  @BeforeEach
  void start() {
    SunshineOAuthEmulator.Builder builder =
        SunshineOAuthEmulator.builder()
            .integration(Integration.of(CLIENT_ID, CLIENT_SECRET, "http://127.0.0.1:8080/cb"))
            .app(APP);
    emulator = (tls ? builder.tls() : builder).start();
    client = EmulatorClients.clientFor(emulator, CLIENT_ID, CLIENT_SECRET).build();
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  /** Connects the app with a fresh token from the emulator, as the callback route does. */
  private AccessToken connected() {
    AccessToken token = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, APP.id()));
    TokenInfo info = client.getTokenInfo(token).block();
    assertThat(info).isNotNull();
    StepVerifier.create(store.connect(token, info, Map.of("user", "alice")))
        .expectNextCount(1)
        .verifyComplete();
    return token;
  }

  /**
   * Makes the backend connect the app again, with a new token, right before the next conditional
   * delete; it runs on an event loop there, so nothing in it blocks.
   */
  private AccessToken reconnectedBeforeTheDelete() {
    AccessToken newer = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, APP.id()));
    TokenInfo info = TokenInfo.of(APP.id(), APP.subdomain(), APP.displayName());
    backend.beforeDelete = () -> store.connect(newer, info, Map.of("user", "alice")).then();
    return newer;
  }

  private void assertStatus(ConnectionStatus status, AccessToken token) {
    StepVerifier.create(store.find(APP.id()))
        .assertNext(
            record -> {
              assertThat(record.status()).isEqualTo(status);
              assertThat(record.token()).isEqualTo(token);
            })
        .verifyComplete();
  }

  @Nested
  class Disconnect {

    @Test
    void disconnectWhenConnectedThenTheTokenIsRefusedAndTheRecordIsGone() {
      AccessToken token = connected();

      StepVerifier.create(store.disconnect(APP.id(), client))
          .expectNext(DisconnectResult.DISCONNECTED)
          .verifyComplete();

      Revocations.assertRefused(client, token);
      StepVerifier.create(store.find(APP.id())).verifyComplete();
    }

    @Test
    void disconnectWhenRepeatedThenAlreadyDisconnectedAndNothingSent() {
      connected();
      StepVerifier.create(store.disconnect(APP.id(), client))
          .expectNext(DisconnectResult.DISCONNECTED)
          .verifyComplete();
      int requests = emulator.requestCount(SunshineOAuthEmulator.AUTHORIZATION_PATH);

      StepVerifier.create(store.disconnect(APP.id(), client))
          .expectNext(DisconnectResult.ALREADY_DISCONNECTED)
          .verifyComplete();

      assertThat(emulator.requestCount(SunshineOAuthEmulator.AUTHORIZATION_PATH))
          .isEqualTo(requests);
    }

    @Test
    void disconnectWhenTheTokenIsAlreadyDeadThenThe401CountsAsDoneAndTheRecordIsGone() {
      connected();
      StepVerifier.create(emulator.removeIntegration(CLIENT_ID, APP.id()))
          .expectNextCount(1)
          .verifyComplete();

      StepVerifier.create(store.disconnect(APP.id(), client))
          .expectNext(DisconnectResult.DISCONNECTED)
          .verifyComplete();

      StepVerifier.create(store.find(APP.id())).verifyComplete();
    }

    @Test
    void disconnectWhenRevokeAnswers503ThenTheRecordIsKeptPendingAndARetryFinishes() {
      AccessToken token = connected();
      emulator.enqueue(
          ScriptedResponse.status(503).onlyPath(SunshineOAuthEmulator.AUTHORIZATION_PATH));

      StepVerifier.create(store.disconnect(APP.id(), client))
          .expectNext(DisconnectResult.RETRY_PENDING)
          .verifyComplete();

      assertStatus(ConnectionStatus.DISCONNECT_PENDING, token);
      Revocations.assertValid(client, token);

      StepVerifier.create(store.retryPendingDisconnects(client))
          .expectNext(DisconnectResult.DISCONNECTED)
          .verifyComplete();

      Revocations.assertRefused(client, token);
      StepVerifier.create(store.find(APP.id())).verifyComplete();
      StepVerifier.create(store.retryPendingDisconnects(client)).verifyComplete();
    }

    @Test
    void disconnectWhenTheRetryFailsAgainThenTheRecordStaysPending() {
      AccessToken token = connected();
      emulator.enqueue(
          ScriptedResponse.status(503).onlyPath(SunshineOAuthEmulator.AUTHORIZATION_PATH).times(2));
      StepVerifier.create(store.disconnect(APP.id(), client))
          .expectNext(DisconnectResult.RETRY_PENDING)
          .verifyComplete();

      StepVerifier.create(store.retryPendingDisconnects(client))
          .expectNext(DisconnectResult.RETRY_PENDING)
          .verifyComplete();

      assertStatus(ConnectionStatus.DISCONNECT_PENDING, token);
    }

    @Test
    void retryPendingDisconnectsWhenNoneIsPendingThenLeavesConnectedAppsAlone() {
      AccessToken token = connected();

      StepVerifier.create(store.retryPendingDisconnects(client)).verifyComplete();

      assertStatus(ConnectionStatus.CONNECTED, token);
      Revocations.assertValid(client, token);
    }

    @Test
    void disconnectWhenReconnectedBetweenReadAndDeleteThenTheNewRecordIsKept() {
      connected();
      AccessToken newer = reconnectedBeforeTheDelete();

      StepVerifier.create(store.disconnect(APP.id(), client))
          .expectNext(DisconnectResult.RECONNECTED_MEANWHILE)
          .verifyComplete();

      assertStatus(ConnectionStatus.CONNECTED, newer);
    }
  }

  @Nested
  class Removal {

    @Test
    void confirmRemovalWhenTheServiceRefusesTheTokenThenTheRecordIsGone() {
      connected();
      StepVerifier.create(emulator.removeIntegration(CLIENT_ID, APP.id()))
          .expectNextCount(1)
          .verifyComplete();

      StepVerifier.create(store.confirmRemoval(APP.id(), client))
          .expectNext(RemovalResult.REMOVED)
          .verifyComplete();
      StepVerifier.create(store.find(APP.id())).verifyComplete();
      StepVerifier.create(store.confirmRemoval(APP.id(), client))
          .expectNext(RemovalResult.NOT_CONNECTED)
          .verifyComplete();
    }

    @Test
    void confirmRemovalWhenTheTokenStillWorksThenNothingChanges() {
      AccessToken token = connected();

      StepVerifier.create(store.confirmRemoval(APP.id(), client))
          .expectNext(RemovalResult.STILL_CONNECTED)
          .verifyComplete();

      assertStatus(ConnectionStatus.CONNECTED, token);
      Revocations.assertValid(client, token);
    }

    @Test
    void confirmRemovalWhenTheCheckAnswers503ThenUnknownAndTheRecordIsKept() {
      AccessToken token = connected();
      emulator.enqueue(
          ScriptedResponse.status(503).onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH));

      StepVerifier.create(store.confirmRemoval(APP.id(), client))
          .expectNext(RemovalResult.UNKNOWN)
          .verifyComplete();

      assertStatus(ConnectionStatus.CONNECTED, token);
    }

    @Test
    void confirmRemovalWhenReconnectedBetweenCheckAndDeleteThenTheNewRecordIsKept() {
      connected();
      StepVerifier.create(emulator.removeIntegration(CLIENT_ID, APP.id()))
          .expectNextCount(1)
          .verifyComplete();
      AccessToken newer = reconnectedBeforeTheDelete();

      StepVerifier.create(store.confirmRemoval(APP.id(), client))
          .expectNext(RemovalResult.RECONNECTED_MEANWHILE)
          .verifyComplete();

      assertStatus(ConnectionStatus.CONNECTED, newer);
    }
  }
}
