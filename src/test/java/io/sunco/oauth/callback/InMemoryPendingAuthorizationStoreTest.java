package io.sunco.oauth.callback;

import static io.sunco.oauth.callback.Rejections.verifyRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * What {@link InMemoryPendingAuthorizationStore} adds to the contract that {@link
 * InMemoryPendingAuthorizationStoreContractTest} runs on it: its bound, its retention sweep, its
 * clock and its configuration.
 */
class InMemoryPendingAuthorizationStoreTest {

  private static final Duration TTL = InMemoryPendingAuthorizationStore.DEFAULT_TTL;

  private final MutableClock clock = MutableClock.atEpochDay();
  private final InMemoryPendingAuthorizationStore store =
      InMemoryPendingAuthorizationStore.builder().clock(clock).build();

  private PendingAuthorization data() {
    return PendingAuthorization.of("browser-1", clock.instant())
        .withRedirectUri(URI.create("https://app.example/cb"))
        .withAttribute("user", "42");
  }

  @Test
  void createWhenDefaultsThenTenThousandEntriesAndTenMinutes() {
    InMemoryPendingAuthorizationStore defaults = InMemoryPendingAuthorizationStore.create();

    assertThat(defaults.maxEntries()).isEqualTo(10_000);
    assertThat(defaults.ttl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(defaults.size()).isZero();
  }

  @Test
  void consumeWhenJustBeforeTtlThenEmits() {
    store.save("s1", data()).block();
    clock.advance(TTL.minusMillis(1));

    StepVerifier.create(store.consume("s1")).expectNextCount(1).verifyComplete();
  }

  @Test
  void consumeWhenExpiredAndRetentionPassedThenCompletesEmpty() {
    store.save("old", data()).block();
    clock.advance(TTL.multipliedBy(2));
    // Saving sweeps entries past their retention.
    store.save("new", data()).block();

    StepVerifier.create(store.consume("old")).verifyComplete();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void consumeWhenExpiredButRetainedAfterOtherSavesThenStillErrorsWithExpiredState() {
    store.save("old", data()).block();
    clock.advance(TTL.plusMinutes(1));
    store.save("new", data()).block();

    verifyRejected(store.consume("old"), Reason.EXPIRED_STATE);
  }

  @Test
  void consumeWhenExpiredOnceAndClockThenStepsBackThenStateStaysBurned() {
    store.save("s1", data()).block();
    clock.advance(TTL);
    verifyRejected(store.consume("s1"), Reason.EXPIRED_STATE);

    // For example an NTP correction: the state is live again by the clock, but was spent.
    clock.advance(Duration.ofMinutes(-1));

    verifyRejected(store.consume("s1"), Reason.REPLAYED_STATE);
  }

  @Test
  void saveWhenFullThenEvictsTheOldest() {
    InMemoryPendingAuthorizationStore small =
        InMemoryPendingAuthorizationStore.builder().maxEntries(3).clock(clock).build();
    for (int i = 1; i <= 5; i++) {
      small.save("s" + i, data()).block();
    }

    assertThat(small.size()).isEqualTo(3);
    StepVerifier.create(small.consume("s1")).verifyComplete();
    StepVerifier.create(small.consume("s2")).verifyComplete();
    for (int i = 3; i <= 5; i++) {
      StepVerifier.create(small.consume("s" + i)).expectNextCount(1).verifyComplete();
    }
  }

  @Test
  void saveWhenMaxEntriesIsOneThenHoldsOnlyTheNewestState() {
    InMemoryPendingAuthorizationStore single =
        InMemoryPendingAuthorizationStore.builder().maxEntries(1).clock(clock).build();
    single.save("a", data()).block();
    single.save("b", data()).block();

    assertThat(single.maxEntries()).isEqualTo(1);
    assertThat(single.size()).isEqualTo(1);
    StepVerifier.create(single.consume("a")).verifyComplete();
    StepVerifier.create(single.consume("b")).expectNextCount(1).verifyComplete();
  }

  @Test
  void saveWhenConsumedEntriesFillTheStoreThenTheyCountAndAreEvictedFirst() {
    InMemoryPendingAuthorizationStore small =
        InMemoryPendingAuthorizationStore.builder().maxEntries(2).clock(clock).build();
    small.save("a", data()).then(small.consume("a")).block();
    small.save("b", data()).block();
    small.save("c", data()).block();

    assertThat(small.size()).isEqualTo(2);
    StepVerifier.create(small.consume("a")).verifyComplete();
    StepVerifier.create(small.consume("b")).expectNextCount(1).verifyComplete();
  }

  @Test
  void saveWhenManyThreadsSaveConcurrentlyThenBoundIsRespected() throws Exception {
    InMemoryPendingAuthorizationStore small =
        InMemoryPendingAuthorizationStore.builder().maxEntries(100).clock(clock).build();
    Race.together(
        IntStream.range(0, 8)
            .mapToObj(
                thread ->
                    (Callable<Void>)
                        () -> {
                          for (int i = 0; i < 2_000; i++) {
                            small.save(thread + "-" + i, data()).block();
                          }
                          return null;
                        })
            .toList());

    assertThat(small.size()).isEqualTo(100);
  }

  @Test
  void consumeWhenEightThreadsRaceForOneStateThenExactlyOneWins() throws Exception {
    for (int round = 0; round < 200; round++) {
      String state = "race-" + round;
      store.save(state, data()).block();
      List<String> results = Race.together(8, () -> Race.outcome(store.consume(state)));

      Race.assertOneWon(results, "REPLAYED_STATE");
    }
  }

  @Test
  void saveWhenNotSubscribedThenStoresNothing() {
    store.save("s1", data());

    assertThat(store.size()).isZero();
  }

  @Test
  void builderWhenTtlExactlyOneDayThenAcceptedAndOneNanosecondMoreRejected() {
    InMemoryPendingAuthorizationStore dayLong =
        InMemoryPendingAuthorizationStore.builder().ttl(Duration.ofDays(1)).clock(clock).build();
    dayLong.save("s1", data()).block();
    clock.advance(Duration.ofDays(1).minusMillis(1));

    assertThat(dayLong.ttl()).isEqualTo(Duration.ofDays(1));
    StepVerifier.create(dayLong.consume("s1")).expectNextCount(1).verifyComplete();
    assertThatThrownBy(
            () -> InMemoryPendingAuthorizationStore.builder().ttl(Duration.ofDays(1).plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void builderWhenInvalidSettingsThenThrows() {
    var builder = InMemoryPendingAuthorizationStore.builder();

    assertThatThrownBy(() -> builder.maxEntries(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.ttl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.ttl(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void toStringWhenHoldingStatesThenShowsNoState() {
    store.save("secret-state-value", data()).block();

    assertThat(store.toString())
        .isEqualTo("InMemoryPendingAuthorizationStore[size=1, maxEntries=10000, ttl=PT10M]")
        .doesNotContain("secret-state-value");
  }
}
