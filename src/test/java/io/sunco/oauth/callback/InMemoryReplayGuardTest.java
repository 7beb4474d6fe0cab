package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * What {@link InMemoryReplayGuard} adds to the contract that {@link
 * InMemoryReplayGuardContractTest} runs on it: its bound, its sweep and its configuration.
 */
class InMemoryReplayGuardTest {

  private final MutableClock clock = MutableClock.atEpochDay();
  private final Instant expiry = clock.instant().plus(Duration.ofMinutes(10));

  @Test
  void markUsedWhenKeyExpiredPlusClockSkewThenForgetsIt() {
    InMemoryReplayGuard guard = InMemoryReplayGuard.create(10, clock);
    guard.markUsed("k", expiry).block();
    clock.advance(Duration.ofMinutes(10).plus(InMemoryReplayGuard.CLOCK_SKEW).minusMillis(1));
    guard.markUsed("later", expiry.plus(Duration.ofMinutes(10))).block();
    assertThat(guard.size()).isEqualTo(2);

    clock.advance(Duration.ofMillis(1));
    guard.markUsed("even-later", expiry.plus(Duration.ofMinutes(10))).block();
    assertThat(guard.size()).isEqualTo(2);
  }

  @Test
  void markUsedWhenFullThenEvictsTheOldestAndStaysBounded() {
    InMemoryReplayGuard guard = InMemoryReplayGuard.create(2, clock);
    guard.markUsed("a", expiry).block();
    guard.markUsed("b", expiry).block();
    guard.markUsed("c", expiry).block();

    assertThat(guard.size()).isEqualTo(2);
    StepVerifier.create(guard.markUsed("b", expiry)).expectNext(false).verifyComplete();
  }

  @Test
  void markUsedWhenMaxEntriesIsOneThenRemembersOnlyTheNewestKey() {
    InMemoryReplayGuard guard = InMemoryReplayGuard.create(1, clock);
    guard.markUsed("a", expiry).block();
    guard.markUsed("b", expiry).block();

    assertThat(guard.maxEntries()).isEqualTo(1);
    assertThat(guard.size()).isEqualTo(1);
    StepVerifier.create(guard.markUsed("b", expiry)).expectNext(false).verifyComplete();
    StepVerifier.create(guard.markUsed("a", expiry)).expectNext(true).verifyComplete();
  }

  @Test
  void createWhenArgumentsInvalidThenThrows() {
    assertThatThrownBy(() -> InMemoryReplayGuard.create(0, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InMemoryReplayGuard.create(1, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> InMemoryReplayGuard.create().markUsed(null, expiry))
        .isInstanceOf(NullPointerException.class);
    assertThat(InMemoryReplayGuard.create().maxEntries()).isEqualTo(10_000);
  }

  @Test
  void toStringWhenHoldingKeysThenShowsNoKey() {
    InMemoryReplayGuard guard = InMemoryReplayGuard.create(10, clock);
    guard.markUsed("secret-key", expiry).block();

    assertThat(guard).hasToString("InMemoryReplayGuard[size=1, maxEntries=10]");
  }
}
