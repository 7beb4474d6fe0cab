package io.sunco.oauth.redis;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.ConnectionStatus;
import io.sunco.oauth.store.DisconnectResult;
import io.sunco.oauth.store.KeyRing;
import io.sunco.oauth.store.RemovalResult;
import io.sunco.oauth.testing.EmulatorClients;
import io.sunco.oauth.testing.Revocations;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.test.StepVerifier;

/**
 * Issue 26, items 5 and 6 on a real redis-server: the store's disconnect, its retry and the removal
 * check write their conditional changes through {@link RedisSealedRecords} as through the in-memory
 * backend.
 */
class RedisDisconnectAndRemovalTest {

  @RegisterExtension static final SharedRedis redis = new SharedRedis();

  private static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  private static final String CLIENT_SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  private static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");

  /** A hang guard sized for a loaded machine, as in the contract tests. */
  private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(30);

  private final SunshineOAuthEmulator emulator =
      SunshineOAuthEmulator.builder()
          .integration(Integration.of(CLIENT_ID, CLIENT_SECRET, "http://127.0.0.1:8080/cb"))
          .app(APP)
          .start();
  private final SunshineOAuthClient client =
      EmulatorClients.clientFor(emulator, CLIENT_ID, CLIENT_SECRET).build();

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  private static ConnectedAppStore store() {
    byte[] key = new byte[KeyRing.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return ConnectedAppStore.builder()
        .records(RedisSealedRecords.builder(redis.commands(0)).timeout(COMMAND_DEADLINE).build())
        .keyRing(KeyRing.builder().key("k1", key).primary("k1").build())
        .clientId(CLIENT_ID)
        .build();
  }

  private AccessToken connected(ConnectedAppStore store) {
    AccessToken token = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, APP.id()));
    StepVerifier.create(
            store.connect(
                token, TokenInfo.of(APP.id(), APP.subdomain(), APP.displayName()), Map.of()))
        .expectNextCount(1)
        .verifyComplete();
    return token;
  }

  @Test
  void disconnectWhenTheRevokeAnswers503ThenKeptPendingInRedisAndARetryFinishes() {
    ConnectedAppStore store = store();
    AccessToken token = connected(store);
    emulator.enqueue(
        ScriptedResponse.status(503).onlyPath(SunshineOAuthEmulator.AUTHORIZATION_PATH));

    StepVerifier.create(store.disconnect(APP.id(), client))
        .expectNext(DisconnectResult.RETRY_PENDING)
        .verifyComplete();
    StepVerifier.create(store.find(APP.id()).map(ConnectedAppRecord::status))
        .expectNext(ConnectionStatus.DISCONNECT_PENDING)
        .verifyComplete();

    StepVerifier.create(store.retryPendingDisconnects(client))
        .expectNext(DisconnectResult.DISCONNECTED)
        .verifyComplete();
    StepVerifier.create(store.find(APP.id())).verifyComplete();
    Revocations.assertRefused(client, token);
    StepVerifier.create(store.disconnect(APP.id(), client))
        .expectNext(DisconnectResult.ALREADY_DISCONNECTED)
        .verifyComplete();
  }

  @Test
  void confirmRemovalWhenTheAdminRemovedTheIntegrationThenTheRedisRecordIsGone() {
    ConnectedAppStore store = store();
    connected(store);
    StepVerifier.create(store.confirmRemoval(APP.id(), client))
        .expectNext(RemovalResult.STILL_CONNECTED)
        .verifyComplete();
    StepVerifier.create(emulator.removeIntegration(CLIENT_ID, APP.id()))
        .expectNextCount(1)
        .verifyComplete();

    StepVerifier.create(store.confirmRemoval(APP.id(), client))
        .expectNext(RemovalResult.REMOVED)
        .verifyComplete();

    StepVerifier.create(store.find(APP.id())).verifyComplete();
  }
}
