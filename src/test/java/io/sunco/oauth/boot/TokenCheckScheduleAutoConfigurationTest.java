package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.PropertyValidationTest.assertEachInvalid;
import static io.sunco.oauth.boot.StoreFixtures.RUNNER;
import static io.sunco.oauth.boot.StoreFixtures.keyFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.ConnectionStatus;
import io.sunco.oauth.store.InMemorySealedRecords;
import io.sunco.oauth.store.KeyProvider;
import io.sunco.oauth.store.KeyRing;
import io.sunco.oauth.store.SealedRecord;
import io.sunco.oauth.store.SealedRecords;
import io.sunco.oauth.store.TokenCheck;
import io.sunco.oauth.testing.ForwardingRecords;
import io.sunco.oauth.testing.Revocations;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

/**
 * The scheduled token check ({@code sunco.oauth.token-check.*}): off by default; on, its settings
 * from the properties, subscribed when the context has started and disposed when it closes; the
 * disconnects whose revoke failed retried at its start and after each run (against the emulator).
 */
class TokenCheckScheduleAutoConfigurationTest {

  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return RUNNER.withPropertyValues(
        "sunco.oauth.store=memory", "sunco.oauth.keys.file=" + keyFile(dir, "k1"));
  }

  @Test
  void contextWhenCheckNotEnabledThenNoScheduleAndNoCheck() {
    runner()
        .run(
            context ->
                StoreFixtures.assertStartedWithout(
                    context, TokenCheckSchedule.class, TokenCheck.class));
  }

  @Test
  void contextWhenEnabledWithoutSettingsThenTheLibrarysDefaults() {
    runner()
        .withPropertyValues("sunco.oauth.token-check.enabled=true")
        .run(
            context -> {
              TokenCheck check = context.getBean(TokenCheck.class);
              TokenCheck defaults = TokenCheck.defaults();
              assertThat(check.concurrency()).isEqualTo(defaults.concurrency());
              assertThat(check.jitter()).isEqualTo(defaults.jitter());
              assertThat(check.period()).isEqualTo(defaults.period());
              assertThat(check.periodJitter()).isEqualTo(defaults.periodJitter());
              assertThat(check.whenRefused()).isEqualTo(defaults.whenRefused());
            });
  }

  @Test
  void contextWhenSettingsGivenThenTheCheckHasThem() {
    runner()
        .withPropertyValues(
            "sunco.oauth.token-check.enabled=true",
            "sunco.oauth.token-check.concurrency=2",
            "sunco.oauth.token-check.jitter=250ms",
            "sunco.oauth.token-check.period=6h",
            "sunco.oauth.token-check.period-jitter=10m",
            "sunco.oauth.token-check.when-refused=delete")
        .run(
            context -> {
              TokenCheck check = context.getBean(TokenCheck.class);
              assertThat(check.concurrency()).isEqualTo(2);
              assertThat(check.jitter()).isEqualTo(Duration.ofMillis(250));
              assertThat(check.period()).isEqualTo(Duration.ofHours(6));
              assertThat(check.periodJitter()).isEqualTo(Duration.ofMinutes(10));
              assertThat(check.whenRefused()).isEqualTo(TokenCheck.WhenRefused.DELETE);
            });
  }

  @Test
  void scheduleWhenContextStartedThenARunReadsTheStoreAndWhenClosedThenDisposed() {
    Sinks.Many<String> listed = Sinks.many().replay().all();
    SealedRecords counting =
        new ForwardingRecords(InMemorySealedRecords.create()) {
          @Override
          public Flux<SealedRecord> list(String clientId) {
            listed.tryEmitNext(clientId);
            return super.list(clientId);
          }
        };
    runner()
        .withBean(SealedRecords.class, () -> counting)
        // The first run at once: no wait before it, no pause before each token.
        .withBean(
            TokenCheck.class,
            () -> TokenCheck.defaults().withJitter(Duration.ZERO).withPeriodJitter(Duration.ZERO))
        .withPropertyValues("sunco.oauth.token-check.enabled=true")
        .run(
            context -> {
              TokenCheckSchedule schedule = context.getBean(TokenCheckSchedule.class);
              assertThat(schedule.isRunning()).isTrue();
              assertThat(schedule.isSubscribed()).isTrue();
              StepVerifier.create(listed.asFlux().take(1))
                  .expectNext(ClientAutoConfigurationTest.CLIENT_ID)
                  .expectComplete()
                  .verify(Duration.ofSeconds(20));

              context.close();

              assertThat(schedule.isRunning()).isFalse();
              assertThat(schedule.isSubscribed()).isFalse();
            });
  }

  private static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** A record kept with its token after a failed revoke, as {@code disconnect} leaves it. */
  private static ConnectedAppRecord pending(AccessToken token) {
    return new ConnectedAppRecord(
        APP.id(),
        Optional.of(APP.subdomain()),
        Optional.empty(),
        token,
        Instant.now(),
        Optional.empty(),
        ConnectionStatus.DISCONNECT_PENDING,
        Map.of("user", "alice"));
  }

  /** Completes once the store has no record of the app any more; errors after {@link #WAIT}. */
  private static void assertGone(ConnectedAppStore store) {
    StepVerifier.create(
            Mono.defer(() -> store.find(APP.id()))
                .flatMap(
                    record ->
                        Mono.<ConnectedAppRecord>error(
                            new IllegalStateException("still stored: " + record.status())))
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(50))))
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void scheduleWhenADisconnectWasLeftPendingBeforeTheStartThenItsTokenIsRevokedAndTheRecordGone() {
    byte[] key = new byte[KeyRing.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    KeyRing ring = KeyRing.builder().key("k1", key).primary("k1").build();
    InMemorySealedRecords records = InMemorySealedRecords.create();
    try (SunshineOAuthEmulator emulator = StoreFixtures.emulator(APP)) {
      AccessToken token =
          AccessToken.bearer(
              emulator.issueAccessToken(ClientAutoConfigurationTest.CLIENT_ID, APP.id()));
      // Written by an earlier run of the application, whose revoke failed.
      ConnectedAppStore earlier =
          ConnectedAppStore.builder()
              .records(records)
              .keyRing(ring)
              .clientId(ClientAutoConfigurationTest.CLIENT_ID)
              .build();
      StepVerifier.create(earlier.save(pending(token)))
          .expectNextCount(1)
          .expectComplete()
          .verify(WAIT);

      RUNNER
          .withBean(SealedRecords.class, () -> records)
          .withBean(KeyProvider.class, () -> () -> Mono.just(ring))
          // The first run in a day: only the retry at the start can resolve the record in time.
          .withBean(TokenCheck.class, TokenCheck::defaults)
          .withPropertyValues(StoreFixtures.clientOf(emulator))
          .withPropertyValues("sunco.oauth.store=memory", "sunco.oauth.token-check.enabled=true")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertGone(context.getBean(ConnectedAppStore.class));
                Revocations.assertRefused(context.getBean(SunshineOAuthClient.class), token);
              });
    }
  }

  @Test
  void scheduleWhenADisconnectIsLeftPendingWhileRunningThenTheRetryAfterTheNextRunResolvesIt() {
    try (SunshineOAuthEmulator emulator = StoreFixtures.emulator(APP)) {
      runner()
          // Runs back to back: the retry after a run is the only one that can see the record.
          .withBean(
              TokenCheck.class,
              () ->
                  TokenCheck.defaults()
                      .withJitter(Duration.ZERO)
                      .withPeriod(Duration.ofMillis(100))
                      .withPeriodJitter(Duration.ZERO))
          .withPropertyValues(StoreFixtures.clientOf(emulator))
          .withPropertyValues("sunco.oauth.token-check.enabled=true")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                ConnectedAppStore store = context.getBean(ConnectedAppStore.class);
                AccessToken token =
                    AccessToken.bearer(
                        emulator.issueAccessToken(ClientAutoConfigurationTest.CLIENT_ID, APP.id()));
                StepVerifier.create(store.save(pending(token)))
                    .expectNextCount(1)
                    .expectComplete()
                    .verify(WAIT);

                assertGone(store);
                Revocations.assertRefused(context.getBean(SunshineOAuthClient.class), token);
              });
    }
  }

  @Test
  void startWhenASettingIsInvalidThenFailsNamingIt() {
    String[][] cases = {
      {"token-check.concurrency", "0"},
      {"token-check.period", "0s"},
    };
    assertEachInvalid(
        cases,
        (setting, check) ->
            runner()
                .withPropertyValues("sunco.oauth.token-check.enabled=true", setting)
                .run(check));
  }
}
