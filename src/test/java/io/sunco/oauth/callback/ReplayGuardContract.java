package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The contract of {@link ReplayGuard}, run against every implementation: each subclass supplies a
 * guard built with {@link #clock}, several instances that share what it remembers (one object in
 * memory, separate connections for a shared guard), and a way to let time pass for the guard (its
 * clock, and the store behind it).
 */
public abstract class ReplayGuardContract {

  private static final int RACERS = 8;
  private static final Duration LIFETIME = Duration.ofMinutes(10);
  private static final Duration MARGIN = Duration.ofSeconds(1);

  /** The clock every guard under test must read. */
  protected final MutableClock clock = MutableClock.atEpochDay();

  /** When the signed states of the tests expire. */
  protected final Instant expiry = clock.instant().plus(LIFETIME);

  /**
   * The guard under test, built with {@link #clock}.
   *
   * @return the same guard on every call within a test
   */
  protected abstract ReplayGuard guard();

  /**
   * Instances that share what the guard remembers, as the nodes of a cluster do; by default the
   * guard itself {@code count} times (in memory, the instances of one node are one guard).
   *
   * @param count how many
   * @return {@code count} instances, each with its own connection where the guard has one
   */
  protected List<ReplayGuard> instances(int count) {
    return Collections.nCopies(count, guard());
  }

  /**
   * Lets {@code duration} pass for the guard: advances {@link #clock} and whatever the guard keeps
   * its keys in.
   *
   * @param duration how long; by default advances {@link #clock} only
   */
  protected void elapse(Duration duration) {
    clock.advance(duration);
  }

  @Test
  void markUsedWhenFirstSeenThenEmitsTrueAndThenFalse() {
    StepVerifier.create(guard().markUsed("k", expiry)).expectNext(true).verifyComplete();
    StepVerifier.create(guard().markUsed("k", expiry)).expectNext(false).verifyComplete();
  }

  @Test
  void markUsedWhenKeysDifferThenEachIsFirstOnce() {
    StepVerifier.create(guard().markUsed("a", expiry)).expectNext(true).verifyComplete();
    StepVerifier.create(guard().markUsed("b", expiry)).expectNext(true).verifyComplete();
    StepVerifier.create(guard().markUsed("a", expiry)).expectNext(false).verifyComplete();
  }

  @Test
  void markUsedWhenUsedOnOneInstanceThenAnotherInstanceEmitsFalse() {
    List<ReplayGuard> nodes = instances(2);

    StepVerifier.create(nodes.get(0).markUsed("k", expiry)).expectNext(true).verifyComplete();
    StepVerifier.create(nodes.get(1).markUsed("k", expiry)).expectNext(false).verifyComplete();
  }

  @Test
  void markUsedWhenJustBeforeExpiryPlusClockSkewThenStillRemembered() {
    guard().markUsed("k", expiry).block();
    elapse(LIFETIME.plus(InMemoryReplayGuard.CLOCK_SKEW).minus(MARGIN));

    StepVerifier.create(guard().markUsed("k", expiry)).expectNext(false).verifyComplete();
  }

  @Test
  void markUsedWhenExpiryPlusClockSkewPassedThenForgotten() {
    guard().markUsed("k", expiry).block();
    elapse(LIFETIME.plus(InMemoryReplayGuard.CLOCK_SKEW));

    StepVerifier.create(guard().markUsed("k", expiry)).expectNext(true).verifyComplete();
  }

  @Test
  void markUsedWhenGuardClockIsPastTheExpiryThenStillRemembersTheKeyForTheSkew() {
    Instant alreadyPast = clock.instant().minus(Duration.ofDays(30));

    StepVerifier.create(guard().markUsed("k", alreadyPast)).expectNext(true).verifyComplete();
    elapse(InMemoryReplayGuard.CLOCK_SKEW.minus(MARGIN));
    StepVerifier.create(guard().markUsed("k", alreadyPast)).expectNext(false).verifyComplete();
  }

  @Test
  void markUsedWhenInstancesRaceForOneKeyThenExactlyOneEmitsTrue() throws Exception {
    List<ReplayGuard> nodes = instances(RACERS);
    for (int round = 0; round < 50; round++) {
      String key = "race-" + round;
      List<Boolean> results =
          Race.together(
              nodes.stream()
                  .map(node -> (Callable<Boolean>) () -> node.markUsed(key, expiry).block())
                  .toList());

      assertThat(results).containsOnlyOnce(true).filteredOn(r -> !r).hasSize(RACERS - 1);
    }
  }

  @Test
  void markUsedWhenArgumentsNullThenThrowsAtCallTime() {
    ReplayGuard guard = guard();

    assertThatThrownBy(() -> guard.markUsed(null, expiry)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> guard.markUsed("k", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void markUsedWhenNotSubscribedThenRecordsNothing() {
    guard().markUsed("k", expiry);

    StepVerifier.create(guard().markUsed("k", expiry)).expectNext(true).verifyComplete();
  }

  @Test
  void markUsedWhenRunOnParallelThreadsThenNothingBlocks() {
    StepVerifier.create(
            Flux.range(0, 200)
                .flatMap(i -> guard().markUsed("p-" + i, expiry).subscribeOn(Schedulers.parallel()))
                .filter(first -> first)
                .count())
        .expectNext(200L)
        .verifyComplete();
  }

  @Test
  void toStringWhenHoldingKeysThenShowsNoKey() {
    guard().markUsed("secret-replay-key", expiry).block();

    assertThat(guard().toString()).doesNotContain("secret-replay-key");
  }
}
