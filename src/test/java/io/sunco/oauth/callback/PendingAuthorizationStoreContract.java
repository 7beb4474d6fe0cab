package io.sunco.oauth.callback;

import static io.sunco.oauth.callback.Rejections.verifyRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The contract of {@link PendingAuthorizationStore}, run against every implementation: each
 * subclass supplies a store whose TTL is {@link #ttl()}, several instances that share its states
 * (one object in memory, separate connections for a shared store), and a way to let time pass for
 * the store. Anything an implementation adds (bounds, key layout) is tested in its own class.
 */
public abstract class PendingAuthorizationStoreContract {

  /** Threads (and instances) that race for one state. */
  private static final int RACERS = 8;

  /** Time a store's clock may run on by itself between a test's steps. */
  private static final Duration MARGIN = Duration.ofSeconds(1);

  /** The clock of the states' {@code createdAt}, and of stores that read one. */
  protected final MutableClock clock = MutableClock.atEpochDay();

  /**
   * The store under test.
   *
   * @return the same store on every call within a test
   */
  protected abstract PendingAuthorizationStore store();

  /**
   * Instances that share the store's states, as the nodes of a cluster do; by default the store
   * itself {@code count} times (in memory, the instances of one node are one store).
   *
   * @param count how many
   * @return {@code count} instances, each with its own connection where the store has one
   */
  protected List<PendingAuthorizationStore> instances(int count) {
    return Collections.nCopies(count, store());
  }

  /**
   * The TTL the store was built with.
   *
   * @return the TTL
   */
  protected abstract Duration ttl();

  /**
   * Lets {@code duration} pass for the store; by default advances {@link #clock} only.
   *
   * @param duration how long
   */
  protected void elapse(Duration duration) {
    clock.advance(duration);
  }

  private PendingAuthorization data() {
    return PendingAuthorization.of("browser-1", clock.instant())
        .withRedirectUri(URI.create("https://app.example/cb"))
        .withAttribute("user", "42");
  }

  @Test
  void consumeWhenSavedThenEmitsTheSavedData() {
    PendingAuthorization data = data();

    StepVerifier.create(store().save("s1", data).then(store().consume("s1")))
        .expectNext(data)
        .verifyComplete();
  }

  @Test
  void consumeWhenDataHasNoRedirectUriOrAttributesThenEmitsItUnchanged() {
    PendingAuthorization bare = PendingAuthorization.of("b", clock.instant());

    StepVerifier.create(store().save("bare", bare).then(store().consume("bare")))
        .expectNext(bare)
        .verifyComplete();
  }

  @Test
  void consumeWhenDataHasUnicodeAndManyAttributesThenEmitsItUnchanged() {
    PendingAuthorization data =
        PendingAuthorization.of("bînding-é-\uD83D\uDE00", clock.instant().plusNanos(123_456_789))
            .withRedirectUri(URI.create("https://app.example/cb?x=%C3%A9"));
    for (int i = 0; i < 20; i++) {
      data = data.withAttribute("k" + i, "välue " + i);
    }
    data = data.withAttribute("", "");
    PendingAuthorization saved = data;

    StepVerifier.create(store().save("ü-state", saved).then(store().consume("ü-state")))
        .expectNext(saved)
        .verifyComplete();
  }

  @Test
  void consumeWhenStatesDifferThenEachEmitsItsOwnData() {
    PendingAuthorization first = PendingAuthorization.of("first", clock.instant());
    PendingAuthorization second = PendingAuthorization.of("second", clock.instant());
    store().save("state-a", first).block();
    store().save("state-b", second).block();

    StepVerifier.create(store().consume("state-b")).expectNext(second).verifyComplete();
    StepVerifier.create(store().consume("state-a")).expectNext(first).verifyComplete();
  }

  @Test
  void consumeWhenNeverSavedThenCompletesEmpty() {
    StepVerifier.create(store().consume("never-saved")).verifyComplete();
  }

  @Test
  void consumeWhenAlreadyConsumedThenErrorsWithReplayedState() {
    store().save("s1", data()).block();
    store().consume("s1").block();

    verifyRejected(store().consume("s1"), Reason.REPLAYED_STATE);
  }

  @Test
  void consumeWhenConsumedOnOneInstanceThenAnotherInstanceErrorsWithReplayedState() {
    List<PendingAuthorizationStore> nodes = instances(2);
    nodes.get(0).save("s1", data()).block();

    StepVerifier.create(nodes.get(1).consume("s1")).expectNext(data()).verifyComplete();
    verifyRejected(nodes.get(0).consume("s1"), Reason.REPLAYED_STATE);
  }

  @Test
  void consumeWhenWellBeforeTtlThenEmits() {
    store().save("s1", data()).block();
    elapse(ttl().minus(MARGIN));

    StepVerifier.create(store().consume("s1")).expectNextCount(1).verifyComplete();
  }

  @Test
  void consumeWhenTtlReachedThenErrorsWithExpiredState() {
    store().save("s1", data()).block();
    elapse(ttl());

    verifyRejected(store().consume("s1"), Reason.EXPIRED_STATE);
  }

  @Test
  void consumeWhenExpiredThenEveryLaterConsumeErrorsWithExpiredState() {
    store().save("s1", data()).block();
    elapse(ttl());
    store().consume("s1").onErrorComplete().block();

    verifyRejected(store().consume("s1"), Reason.EXPIRED_STATE);
  }

  @Test
  void consumeWhenConsumedAndThenExpiredThenErrorsWithExpiredState() {
    store().save("s1", data()).block();
    store().consume("s1").block();
    elapse(ttl());

    verifyRejected(store().consume("s1"), Reason.EXPIRED_STATE);
  }

  @Test
  void consumeWhenExpiredButWithinRetentionThenStillErrorsWithExpiredState() {
    store().save("old", data()).block();
    elapse(ttl().multipliedBy(2).minus(MARGIN));
    store().save("new", data()).block();

    verifyRejected(store().consume("old"), Reason.EXPIRED_STATE);
  }

  @Test
  void consumeWhenRetentionPassedThenCompletesEmptyAndTheStateCanBeSavedAgain() {
    store().save("old", data()).block();
    elapse(ttl().multipliedBy(2));
    // A save lets a store that forgets lazily sweep.
    store().save("new", data()).block();

    StepVerifier.create(store().consume("old")).verifyComplete();
    StepVerifier.create(store().save("old", data()).then(store().consume("old")))
        .expectNextCount(1)
        .verifyComplete();
  }

  @Test
  void consumeWhenInstancesRaceForOneStateThenExactlyOneWins() throws Exception {
    List<PendingAuthorizationStore> nodes = instances(RACERS);
    for (int round = 0; round < 50; round++) {
      String state = "race-" + round;
      nodes.get(round % RACERS).save(state, data()).block();
      List<String> results =
          Race.together(
              nodes.stream()
                  .map(node -> (Callable<String>) () -> Race.outcome(node.consume(state)))
                  .toList());

      Race.assertOneWon(results, "REPLAYED_STATE");
    }
  }

  @Test
  void saveWhenStateAlreadySavedThenErrorsWithIllegalStateAndKeepsTheFirst() {
    PendingAuthorization first = data();
    store().save("s1", first).block();

    StepVerifier.create(store().save("s1", PendingAuthorization.of("other", clock.instant())))
        .expectError(IllegalStateException.class)
        .verify();
    StepVerifier.create(store().consume("s1")).expectNext(first).verifyComplete();
  }

  @Test
  void saveWhenStateWasConsumedThenErrorsWithIllegalState() {
    store().save("s1", data()).then(store().consume("s1")).block();

    StepVerifier.create(store().save("s1", data()))
        .expectError(IllegalStateException.class)
        .verify();
  }

  @Test
  void saveWhenNotSubscribedThenStoresNothing() {
    store().save("s1", data());

    StepVerifier.create(store().consume("s1")).verifyComplete();
  }

  @Test
  void consumeWhenNotSubscribedThenConsumesNothing() {
    store().save("s1", data()).block();
    store().consume("s1");

    StepVerifier.create(store().consume("s1")).expectNextCount(1).verifyComplete();
  }

  @Test
  void saveWhenArgumentsInvalidThenThrowsAtCallTime() {
    PendingAuthorizationStore store = store();

    assertThatThrownBy(() -> store.save(null, data())).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.save("s", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> store.save(" ", data())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.save("", data())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.consume(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void saveWhenStateIs1024CharactersThenAcceptedAndOneMoreRejected() {
    String longest = "s".repeat(1024);
    PendingAuthorization data = data();

    StepVerifier.create(store().save(longest, data).then(store().consume(longest)))
        .expectNext(data)
        .verifyComplete();
    assertThatThrownBy(() -> store().save(longest + "s", data))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void saveAndConsumeWhenRunOnParallelThreadsThenNothingBlocks() {
    StepVerifier.create(
            Flux.range(0, 200)
                .flatMap(
                    i ->
                        store()
                            .save("p-" + i, PendingAuthorization.of("b", clock.instant()))
                            .then(store().consume("p-" + i))
                            .subscribeOn(Schedulers.parallel()))
                .count())
        .expectNext(200L)
        .verifyComplete();
  }

  @Test
  void toStringWhenHoldingStatesThenShowsNoStateOrBinding() {
    store().save("secret-state-value", data()).block();

    assertThat(store().toString()).doesNotContain("secret-state-value", "browser-1", "42");
  }
}
