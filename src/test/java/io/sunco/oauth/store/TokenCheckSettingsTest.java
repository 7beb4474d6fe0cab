package io.sunco.oauth.store;

import static io.sunco.oauth.store.Keys.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.sunco.oauth.SunshineOAuthClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

/** Issue 26, item 7: the settings of {@link TokenCheck}, its report, and the eager checks. */
class TokenCheckSettingsTest {

  @Test
  void defaultsWhenReadThenTheDocumentedValues() {
    TokenCheck check = TokenCheck.defaults();

    assertThat(check.concurrency()).isEqualTo(TokenCheck.DEFAULT_CONCURRENCY).isEqualTo(4);
    assertThat(check.jitter())
        .isEqualTo(TokenCheck.DEFAULT_JITTER)
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(check.whenRefused()).isEqualTo(TokenCheck.WhenRefused.MARK);
    assertThat(check.period()).isEqualTo(TokenCheck.DEFAULT_PERIOD).isEqualTo(Duration.ofHours(24));
    assertThat(check.periodJitter())
        .isEqualTo(TokenCheck.DEFAULT_PERIOD_JITTER)
        .isEqualTo(Duration.ofHours(1));
    assertThat(check.scheduler()).isSameAs(Schedulers.parallel());
  }

  @Test
  void withXWhenCalledThenACopyAndTheOriginalUnchanged() {
    TokenCheck check = TokenCheck.defaults();

    TokenCheck changed =
        check
            .withConcurrency(TokenCheck.MAX_CONCURRENCY)
            .withJitter(Duration.ZERO)
            .withWhenRefused(TokenCheck.WhenRefused.DELETE)
            .withPeriod(Duration.ofHours(6))
            .withPeriodJitter(Duration.ZERO)
            .withScheduler(Schedulers.single());

    assertThat(changed.concurrency()).isEqualTo(TokenCheck.MAX_CONCURRENCY);
    assertThat(changed.jitter()).isZero();
    assertThat(changed.whenRefused()).isEqualTo(TokenCheck.WhenRefused.DELETE);
    assertThat(changed.period()).isEqualTo(Duration.ofHours(6));
    assertThat(changed.periodJitter()).isZero();
    assertThat(changed.scheduler()).isSameAs(Schedulers.single());
    assertThat(check.concurrency()).isEqualTo(TokenCheck.DEFAULT_CONCURRENCY);
  }

  @Test
  void withXWhenOutOfRangeThenIllegalArgumentExceptionAndNullThenNullPointerException() {
    TokenCheck check = TokenCheck.defaults();

    assertThatIllegalArgumentException().isThrownBy(() -> check.withConcurrency(0));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> check.withConcurrency(TokenCheck.MAX_CONCURRENCY + 1));
    assertThatIllegalArgumentException().isThrownBy(() -> check.withJitter(Duration.ofMillis(-1)));
    assertThatIllegalArgumentException().isThrownBy(() -> check.withPeriod(Duration.ZERO));
    assertThatIllegalArgumentException()
        .isThrownBy(() -> check.withPeriodJitter(Duration.ofMillis(-1)));
    assertThatNullPointerException().isThrownBy(() -> check.withJitter(null));
    assertThatNullPointerException().isThrownBy(() -> check.withScheduler(null));
    assertThatNullPointerException().isThrownBy(() -> check.withWhenRefused(null));
    assertThatNullPointerException().isThrownBy(() -> check.withObservationRegistry(null));
  }

  @Test
  void checkTokensWhenAnArgumentIsNullThenNullPointerExceptionAtCallTime() {
    ConnectedAppStore store =
        ConnectedAppStore.builder()
            .records(InMemorySealedRecords.create())
            .keyRing(Keys.ring("k1", Keys.key()))
            .clientId(CLIENT_ID)
            .build();
    try (SunshineOAuthClient client =
        SunshineOAuthClient.builder()
            .clientId(CLIENT_ID)
            .clientSecret("5XJ85yjUtRcaQu_pDINblPZb")
            .baseUrl("http://127.0.0.1:9")
            .build()) {
      assertThatNullPointerException()
          .isThrownBy(() -> store.checkTokens(null, TokenCheck.defaults()));
      assertThatNullPointerException().isThrownBy(() -> store.checkTokens(client, null));
      assertThatNullPointerException()
          .isThrownBy(() -> store.checkTokensPeriodically(null, TokenCheck.defaults()));
      assertThatNullPointerException()
          .isThrownBy(() -> store.checkTokensPeriodically(client, null));
    }
  }

  @Test
  void checkReportWhenCountsAddUpThenAcceptedElseIllegalArgumentException() {
    assertThat(new CheckReport(4, 1, 1, 1, 1).checked()).isEqualTo(4);
    assertThatIllegalArgumentException().isThrownBy(() -> new CheckReport(3, 1, 1, 1, 1));
    assertThatIllegalArgumentException().isThrownBy(() -> new CheckReport(0, 1, -1, 0, 0));
  }

  @Test
  void toStringWhenSettingsChangedThenShowsEachSetting() {
    TokenCheck check =
        TokenCheck.defaults()
            .withConcurrency(2)
            .withJitter(Duration.ZERO)
            .withWhenRefused(TokenCheck.WhenRefused.DELETE)
            .withPeriod(Duration.ofHours(6))
            .withPeriodJitter(Duration.ofMinutes(5));

    assertThat(check)
        .hasToString(
            "TokenCheck[concurrency=2, jitter=PT0S, whenRefused=DELETE, period=PT6H,"
                + " periodJitter=PT5M]");
  }
}
