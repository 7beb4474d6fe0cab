package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class InMemoryStateReplayGuardTest {

  private final MutableClock clock = MutableClock.atEpochDay();
  private final Instant expiry = clock.instant().plus(Duration.ofMinutes(10));

  @Test
  void markUsedWhenFirstSeenThenEmitsTrueAndThenFalse() {
    InMemoryStateReplayGuard guard = InMemoryStateReplayGuard.create(10, clock);

    StepVerifier.create(guard.markUsed("k", expiry)).expectNext(true).verifyComplete();
    StepVerifier.create(guard.markUsed("k", expiry)).expectNext(false).verifyComplete();
    StepVerifier.create(guard.markUsed("other", expiry)).expectNext(true).verifyComplete();
  }

  @Test
  void markUsedWhenKeyExpiredPlusClockSkewThenForgetsIt() {
    InMemoryStateReplayGuard guard = InMemoryStateReplayGuard.create(10, clock);
    guard.markUsed("k", expiry).block();
    clock.advance(Duration.ofMinutes(10).plus(InMemoryStateReplayGuard.CLOCK_SKEW).minusMillis(1));
    guard.markUsed("later", expiry.plus(Duration.ofMinutes(10))).block();
    assertThat(guard.size()).isEqualTo(2);

    clock.advance(Duration.ofMillis(1));
    guard.markUsed("even-later", expiry.plus(Duration.ofMinutes(10))).block();
    assertThat(guard.size()).isEqualTo(2);
  }

  @Test
  void markUsedWhenGuardClockIsPastTheExpiryThenStillRemembersTheKey() {
    InMemoryStateReplayGuard guard = InMemoryStateReplayGuard.create(10, clock);
    Instant alreadyPast = clock.instant().minus(Duration.ofDays(30));

    StepVerifier.create(guard.markUsed("k", alreadyPast)).expectNext(true).verifyComplete();
    StepVerifier.create(guard.markUsed("k", alreadyPast)).expectNext(false).verifyComplete();
  }

  @Test
  void markUsedWhenFullThenEvictsTheOldestAndStaysBounded() {
    InMemoryStateReplayGuard guard = InMemoryStateReplayGuard.create(2, clock);
    guard.markUsed("a", expiry).block();
    guard.markUsed("b", expiry).block();
    guard.markUsed("c", expiry).block();

    assertThat(guard.size()).isEqualTo(2);
    StepVerifier.create(guard.markUsed("b", expiry)).expectNext(false).verifyComplete();
  }

  @Test
  void markUsedWhenMaxEntriesIsOneThenRemembersOnlyTheNewestKey() {
    InMemoryStateReplayGuard guard = InMemoryStateReplayGuard.create(1, clock);
    guard.markUsed("a", expiry).block();
    guard.markUsed("b", expiry).block();

    assertThat(guard.maxEntries()).isEqualTo(1);
    assertThat(guard.size()).isEqualTo(1);
    StepVerifier.create(guard.markUsed("b", expiry)).expectNext(false).verifyComplete();
    StepVerifier.create(guard.markUsed("a", expiry)).expectNext(true).verifyComplete();
  }

  @Test
  void createWhenArgumentsInvalidThenThrows() {
    assertThatThrownBy(() -> InMemoryStateReplayGuard.create(0, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InMemoryStateReplayGuard.create(1, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> InMemoryStateReplayGuard.create().markUsed(null, expiry))
        .isInstanceOf(NullPointerException.class);
    assertThat(InMemoryStateReplayGuard.create().maxEntries()).isEqualTo(10_000);
  }

  @Test
  void toStringWhenHoldingKeysThenShowsNoKey() {
    InMemoryStateReplayGuard guard = InMemoryStateReplayGuard.create(10, clock);
    guard.markUsed("secret-key", expiry).block();

    assertThat(guard).hasToString("InMemoryStateReplayGuard[size=1, maxEntries=10]");
  }
}
