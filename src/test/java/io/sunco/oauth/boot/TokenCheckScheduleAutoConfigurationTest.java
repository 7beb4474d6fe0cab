package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.PropertyValidationTest.failure;
import static io.sunco.oauth.boot.StoreFixtures.RUNNER;
import static io.sunco.oauth.boot.StoreFixtures.keyFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.store.InMemorySealedRecords;
import io.sunco.oauth.store.SealedRecord;
import io.sunco.oauth.store.SealedRecords;
import io.sunco.oauth.store.TokenCheck;
import io.sunco.oauth.testing.ForwardingRecords;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * The scheduled token check ({@code sunco.oauth.token-check.*}): off by default; on, its settings
 * from the properties, subscribed when the context has started and disposed when it closes.
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
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(TokenCheckSchedule.class);
              assertThat(context).doesNotHaveBean(TokenCheck.class);
            });
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

  @Test
  void startWhenASettingIsInvalidThenFailsNamingIt() {
    runner()
        .withPropertyValues(
            "sunco.oauth.token-check.enabled=true", "sunco.oauth.token-check.concurrency=0")
        .run(
            context ->
                assertThat(failure(context))
                    .hasMessageStartingWith("sunco.oauth.token-check.concurrency is invalid: "));
    runner()
        .withPropertyValues(
            "sunco.oauth.token-check.enabled=true", "sunco.oauth.token-check.period=0s")
        .run(
            context ->
                assertThat(failure(context))
                    .hasMessageStartingWith("sunco.oauth.token-check.period is invalid: "));
  }
}
