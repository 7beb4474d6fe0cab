package io.sunco.oauth.store;

import static io.sunco.oauth.store.Keys.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.policy.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Issue 26, item 7: {@link ConnectedAppStore#checkTokens} with the real client against the real
 * emulator and the in-memory backend: what each answer does to the record, that a check adds no
 * retry of its own, the pause before each call (virtual time), and the metrics.
 */
class TokenCheckTest {

  static final String CLIENT_SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  static final App ACME = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");
  static final App GLOBEX = App.of("5698edbf2a43bd081be982f2", "globex", "Globex Support");
  static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  /** No pause before the calls: the tests of the pause set one. */
  static final TokenCheck NO_JITTER = TokenCheck.defaults().withJitter(Duration.ZERO);

  private SunshineOAuthEmulator emulator;
  private SunshineOAuthClient client;
  private final InterceptedRecords backend = new InterceptedRecords();
  private final ConnectedAppStore store =
      Keys.store(backend).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

  @BeforeEach
  void start() {
    emulator =
        SunshineOAuthEmulator.builder()
            .integration(Integration.of(CLIENT_ID, CLIENT_SECRET, "http://127.0.0.1:8080/cb"))
            .app(ACME)
            .app(GLOBEX)
            .start();
    client =
        SunshineOAuthClient.builder()
            .clientId(CLIENT_ID)
            .clientSecret(CLIENT_SECRET)
            .baseUrl(emulator.baseUrl())
            // Retries on, so that the tests see the check add none of its own.
            .retryPolicy(
                RetryPolicy.defaults()
                    .withInitialBackoff(Duration.ofMillis(10))
                    .withMaxBackoff(Duration.ofMillis(50)))
            .build();
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  /** Connects {@code app} with a fresh token from the emulator, in {@code status}. */
  private AccessToken connected(App app, ConnectionStatus status) {
    AccessToken token = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, app.id()));
    ConnectedAppRecord record =
        new ConnectedAppRecord(
            app.id(),
            Optional.of(app.subdomain()),
            Optional.empty(),
            token,
            NOW.minus(Duration.ofDays(3)),
            Optional.empty(),
            status,
            Map.of("user", "alice"));
    StepVerifier.create(store.save(record)).expectNextCount(1).verifyComplete();
    return token;
  }

  private void removeIntegration(App app) {
    StepVerifier.create(emulator.removeIntegration(CLIENT_ID, app.id()))
        .expectNextCount(1)
        .verifyComplete();
  }

  private ConnectedAppRecord stored(App app) {
    ConnectedAppRecord record = store.find(app.id()).block(Duration.ofSeconds(10));
    assertThat(record).isNotNull();
    return record;
  }

  private int tokenInfoCalls() {
    return emulator.requestCount(SunshineOAuthEmulator.TOKEN_INFO_PATH);
  }

  @Nested
  class Outcomes {

    @Test
    void checkTokensWhenTheTokenWorksThenLastVerifiedAtIsWrittenAndItStaysConnected() {
      AccessToken token = connected(ACME, ConnectionStatus.CONNECTED);

      StepVerifier.create(store.checkTokens(client, NO_JITTER))
          .expectNext(new CheckReport(1, 1, 0, 0, 0))
          .verifyComplete();

      ConnectedAppRecord record = stored(ACME);
      assertThat(record.lastVerifiedAt()).contains(NOW);
      assertThat(record.status()).isEqualTo(ConnectionStatus.CONNECTED);
      assertThat(record.token()).isEqualTo(token);
    }

    @Test
    void checkTokensWhenAMarkedTokenWorksAgainThenItIsConnectedAgain() {
      connected(ACME, ConnectionStatus.TOKEN_REFUSED);

      StepVerifier.create(store.checkTokens(client, NO_JITTER))
          .expectNext(new CheckReport(1, 1, 0, 0, 0))
          .verifyComplete();

      assertThat(stored(ACME).status()).isEqualTo(ConnectionStatus.CONNECTED);
    }

    @Test
    void checkTokensWhenTheIntegrationWasRemovedThenTheRecordIsMarkedTokenRefused() {
      AccessToken token = connected(ACME, ConnectionStatus.CONNECTED);
      AccessToken other = connected(GLOBEX, ConnectionStatus.CONNECTED);
      removeIntegration(ACME);

      StepVerifier.create(store.checkTokens(client, NO_JITTER))
          .expectNext(new CheckReport(2, 1, 1, 0, 0))
          .verifyComplete();

      ConnectedAppRecord refused = stored(ACME);
      assertThat(refused.status()).isEqualTo(ConnectionStatus.TOKEN_REFUSED);
      assertThat(refused.token()).isEqualTo(token);
      assertThat(refused.lastVerifiedAt()).isEmpty();
      assertThat(stored(GLOBEX).status()).isEqualTo(ConnectionStatus.CONNECTED);
      assertThat(stored(GLOBEX).token()).isEqualTo(other);
    }

    @Test
    void checkTokensWhenDeleteIsChosenThenTheRefusedRecordIsDeleted() {
      connected(ACME, ConnectionStatus.CONNECTED);
      removeIntegration(ACME);

      StepVerifier.create(
              store.checkTokens(client, NO_JITTER.withWhenRefused(TokenCheck.WhenRefused.DELETE)))
          .expectNext(new CheckReport(1, 0, 1, 0, 0))
          .verifyComplete();

      StepVerifier.create(store.find(ACME.id())).verifyComplete();
    }

    @Test
    void checkTokensWhenTokenInfoAnswers503ThenFailedNothingChangesAndNoRetryBeyondTheClients() {
      connected(ACME, ConnectionStatus.CONNECTED);
      ConnectedAppRecord before = stored(ACME);
      emulator.enqueue(
          ScriptedResponse.status(503).onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH).always());
      int calls = tokenInfoCalls();

      StepVerifier.create(store.checkTokens(client, NO_JITTER))
          .expectNext(new CheckReport(1, 0, 0, 1, 0))
          .verifyComplete();

      assertThat(stored(ACME)).isEqualTo(before);
      // The client's policy: the first attempt and its retries, and not one call more.
      assertThat(tokenInfoCalls() - calls).isEqualTo(client.retryPolicy().maxRetries() + 1);
    }

    @Test
    void checkTokensWhenADisconnectIsPendingThenTheRecordIsLeftToTheRetry() {
      AccessToken token = connected(ACME, ConnectionStatus.DISCONNECT_PENDING);
      int calls = tokenInfoCalls();

      StepVerifier.create(store.checkTokens(client, NO_JITTER))
          .expectNext(new CheckReport(0, 0, 0, 0, 0))
          .verifyComplete();

      assertThat(tokenInfoCalls()).isEqualTo(calls);
      assertThat(stored(ACME).status()).isEqualTo(ConnectionStatus.DISCONNECT_PENDING);
      assertThat(stored(ACME).token()).isEqualTo(token);
    }

    @Test
    void checkTokensWhenReconnectedDuringTheCheckThenTheNewTokenIsKept() {
      connected(ACME, ConnectionStatus.CONNECTED);
      removeIntegration(ACME);
      AccessToken newer = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, ACME.id()));
      TokenInfo info = TokenInfo.of(ACME.id(), ACME.subdomain(), ACME.displayName());
      // The app is connected again between the check's answer (401) and its mark.
      backend.hook =
          (call, seen, write) -> store.connect(newer, info, Map.of("user", "alice")).then(write);

      StepVerifier.create(store.checkTokens(client, NO_JITTER))
          .expectNext(new CheckReport(1, 0, 0, 0, 1))
          .verifyComplete();

      ConnectedAppRecord record = stored(ACME);
      assertThat(record.token()).isEqualTo(newer);
      assertThat(record.status()).isEqualTo(ConnectionStatus.CONNECTED);
    }
  }

  @Nested
  class Jitter {

    @Test
    void checkTokensWhenAJitterIsSetThenEachCallWaitsItsDrawnPause() {
      connected(ACME, ConnectionStatus.CONNECTED);
      int calls = tokenInfoCalls();
      // Half of 10 s: the call starts at 5 s of virtual time.
      TokenCheck check =
          TokenCheck.defaults().withJitter(Duration.ofSeconds(10)).withRandom(() -> 0.5);

      StepVerifier.withVirtualTime(() -> store.checkTokens(client, check))
          .expectSubscription()
          .expectNoEvent(Duration.ofMillis(4_999))
          .then(() -> assertThat(tokenInfoCalls()).isEqualTo(calls))
          .thenAwait(Duration.ofMillis(1))
          .expectNext(new CheckReport(1, 1, 0, 0, 0))
          .verifyComplete();

      assertThat(tokenInfoCalls()).isEqualTo(calls + 1);
    }
  }

  @Nested
  class Metrics {

    @Test
    void checkTokensWhenARegistryIsSetThenCheckedDeadAndFailedAreCounted() {
      MeterRegistry meters = new SimpleMeterRegistry();
      ObservationRegistry observations = ObservationRegistry.create();
      observations
          .observationConfig()
          .observationHandler(new DefaultMeterObservationHandler(meters));
      TokenCheck check = NO_JITTER.withObservationRegistry(observations);
      connected(ACME, ConnectionStatus.CONNECTED);
      connected(GLOBEX, ConnectionStatus.CONNECTED);
      removeIntegration(ACME);

      StepVerifier.create(store.checkTokens(client, check))
          .expectNext(new CheckReport(2, 1, 1, 0, 0))
          .verifyComplete();
      emulator.enqueue(
          ScriptedResponse.status(503).onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH).always());
      StepVerifier.create(store.checkTokens(client, check))
          .expectNext(new CheckReport(2, 0, 0, 2, 0))
          .verifyComplete();

      assertThat(count(meters, "alive")).isEqualTo(1);
      assertThat(count(meters, "dead")).isEqualTo(1);
      assertThat(count(meters, "failed")).isEqualTo(2);
      assertThat(meters.find(TokenCheck.OBSERVATION_NAME).timers())
          .allSatisfy(
              timer ->
                  assertThat(timer.getId().getTags())
                      .extracting(tag -> tag.getKey())
                      // Ours, and the meter handler's own "error": never an app id.
                      .containsOnly(TokenCheck.OUTCOME_KEY, "error"));
    }

    private long count(MeterRegistry meters, String outcome) {
      return meters
          .get(TokenCheck.OBSERVATION_NAME)
          .tag(TokenCheck.OUTCOME_KEY, outcome)
          .timer()
          .count();
    }
  }
}
