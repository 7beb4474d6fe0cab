package io.sunco.oauth.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The documented defaults, the copies made by {@code withX}, and argument checks. */
class PolicyTest {

  @Test
  void timeoutsWhenDefaultsThenDocumentedValues() {
    Timeouts t = Timeouts.defaults();
    assertThat(t.connect()).isEqualTo(Duration.ofSeconds(5)).isEqualTo(Timeouts.DEFAULT_CONNECT);
    assertThat(t.attempt()).isEqualTo(Duration.ofSeconds(10)).isEqualTo(Timeouts.DEFAULT_ATTEMPT);
    assertThat(t.call()).isEqualTo(Duration.ofSeconds(30)).isEqualTo(Timeouts.DEFAULT_CALL);
  }

  @Test
  void timeoutsWhenWithThenCopyChangesOneValueAndOriginalStays() {
    Timeouts original = Timeouts.defaults();
    Timeouts changed =
        original
            .withConnect(Duration.ofMillis(100))
            .withAttempt(Duration.ofMillis(300))
            .withCall(Duration.ofMillis(400));

    assertThat(changed.connect()).isEqualTo(Duration.ofMillis(100));
    assertThat(changed.attempt()).isEqualTo(Duration.ofMillis(300));
    assertThat(changed.call()).isEqualTo(Duration.ofMillis(400));
    assertThat(original).isEqualTo(Timeouts.defaults()).isNotEqualTo(changed);
    assertThat(changed)
        .isEqualTo(
            original
                .withConnect(Duration.ofMillis(100))
                .withAttempt(Duration.ofMillis(300))
                .withCall(Duration.ofMillis(400)));
    assertThat(changed.hashCode()).isNotEqualTo(original.hashCode());
    assertThat(changed.toString()).contains("connect=PT0.1S", "call=PT0.4S");
  }

  @Test
  void timeoutsWhenNotPositiveOrTooLongThenIllegalArgumentException() {
    Timeouts t = Timeouts.defaults();
    assertThatThrownBy(() -> t.withConnect(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.withAttempt(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.withCall(Duration.ofDays(30)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.withAttempt(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void timeoutsWhenExactlyTheLongestThenAcceptedAndOneMillisecondMoreRefused() {
    Duration longest = Duration.ofMillis(Integer.MAX_VALUE);

    assertThat(Timeouts.defaults().withCall(longest).call()).isEqualTo(longest);
    assertThatThrownBy(() -> Timeouts.defaults().withCall(longest.plusMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("call must be at most " + Integer.MAX_VALUE + " ms");
  }

  @Test
  void retryPolicyWhenDefaultsThenThreeAttemptsAndDocumentedBackoff() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.maxRetries()).isEqualTo(2).isEqualTo(RetryPolicy.DEFAULT_MAX_RETRIES);
    assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(2));
    assertThat(RetryPolicy.none().maxRetries()).isZero();
    assertThat(p.toString()).contains("maxRetries=2");
  }

  @Test
  void retryPolicyWhenWithThenCopies() {
    RetryPolicy p =
        RetryPolicy.defaults()
            .withMaxRetries(5)
            .withMaxBackoff(Duration.ofSeconds(10))
            .withInitialBackoff(Duration.ofSeconds(1))
            .withRandom(() -> 0.25);
    assertThat(p.maxRetries()).isEqualTo(5);
    assertThat(p.backoff(1)).isEqualTo(Duration.ofMillis(250));
    assertThat(p.backoff(3)).isEqualTo(Duration.ofSeconds(1));
    assertThat(p.backoff(5)).isEqualTo(Duration.ofMillis(2500));
    assertThat(RetryPolicy.defaults().maxRetries()).isEqualTo(2);
  }

  @Test
  void retryPolicyWhenRandomOutOfRangeThenTreatedAsZero() {
    assertThat(RetryPolicy.defaults().withRandom(() -> 1.5).backoff(1)).isZero();
    assertThat(RetryPolicy.defaults().withRandom(() -> Double.NaN).backoff(1)).isZero();
    assertThat(RetryPolicy.defaults().withRandom(() -> -0.5).backoff(1)).isZero();
    assertThat(RetryPolicy.defaults().withRandom(() -> 1.0).backoff(1)).isZero();
  }

  @Test
  void retryPolicyWhenDefaultRandomThenWaitsSpreadBelowTheCap() {
    RetryPolicy p = RetryPolicy.defaults();
    Set<Duration> waits = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      Duration wait = p.backoff(1);
      assertThat(wait).isBetween(Duration.ZERO, Duration.ofMillis(100));
      waits.add(wait);
    }
    assertThat(waits).as("full jitter draws different waits").hasSizeGreaterThan(100);
  }

  @Test
  void retryPolicyWhenLongestCapThenDoublingStaysAtTheCap() {
    Duration longest = Duration.ofMillis(Integer.MAX_VALUE);
    RetryPolicy p =
        RetryPolicy.defaults()
            .withMaxRetries(10)
            .withMaxBackoff(longest)
            .withInitialBackoff(longest.minusNanos(1))
            .withRandom(() -> 0.5);
    assertThat(p.backoff(10)).isEqualTo(longest.dividedBy(2));
    assertThatThrownBy(() -> p.withMaxBackoff(longest.plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most");
  }

  @Test
  void retryPolicyWhenInvalidThenIllegalArgumentException() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThatThrownBy(() -> p.withMaxRetries(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.withMaxRetries(11)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.withInitialBackoff(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.withMaxBackoff(Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.withRandom(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> p.backoff(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void retryBudgetWhenDefaultsAndCopiesThenDocumentedValues() {
    assertThat(RetryBudget.defaults().maxTokens()).isEqualTo(10);
    assertThat(RetryBudget.defaults().tokenRatio()).isEqualTo(0.1);
    RetryBudget b = RetryBudget.defaults().withMaxTokens(50).withTokenRatio(0.5);
    assertThat(b.maxTokens()).isEqualTo(50);
    assertThat(b.tokenRatio()).isEqualTo(0.5);
    assertThat(b.toString()).contains("maxTokens=50", "tokenRatio=0.5");
    assertThat(RetryBudget.unlimited().maxTokens()).isGreaterThan(1_000_000);
  }

  @Test
  void retryBudgetWhenInvalidThenIllegalArgumentException() {
    assertThatThrownBy(() -> RetryBudget.defaults().withMaxTokens(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryBudget.defaults().withTokenRatio(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryBudget.defaults().withTokenRatio(1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RetryBudget.defaults().withTokenRatio(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
