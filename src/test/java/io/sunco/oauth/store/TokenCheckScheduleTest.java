package io.sunco.oauth.store;

import static io.sunco.oauth.store.Keys.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.testing.LogLines;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * Issue 26, item 7: the schedule of {@link ConnectedAppStore#checkTokensPeriodically}, on virtual
 * time. The store holds no token to check (an empty store, or a disconnect pending), so no call is
 * sent: what is tested is when the runs start, that they never overlap, that a failed run is logged
 * once and the next still happens, and that disposing stops the schedule.
 */
class TokenCheckScheduleTest {

  static final CheckReport NOTHING = new CheckReport(0, 0, 0, 0, 0);

  /** Never called: no record has a token to check. */
  private final SunshineOAuthClient client =
      SunshineOAuthClient.builder()
          .clientId(CLIENT_ID)
          .clientSecret("5XJ85yjUtRcaQu_pDINblPZb")
          .baseUrl("http://127.0.0.1:9")
          .build();

  private final SlowList backend = new SlowList();
  private final ConnectedAppStore store = Keys.store(backend).build();

  /** Every pause is half its range. */
  private final TokenCheck check =
      TokenCheck.defaults()
          .withPeriod(Duration.ofHours(1))
          .withPeriodJitter(Duration.ofMinutes(10))
          .withRandom(() -> 0.5);

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void checkTokensPeriodicallyWhenRunningThenFirstAfterTheJitterThenAPeriodAfterEachEnd() {
    StepVerifier.withVirtualTime(() -> store.checkTokensPeriodically(client, check))
        .expectSubscription()
        .expectNoEvent(Duration.ofMinutes(5).minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(NOTHING)
        // 1 h plus half of 10 min after the first run ended.
        .expectNoEvent(Duration.ofMinutes(65).minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(NOTHING)
        .expectNoEvent(Duration.ofMinutes(65).minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(NOTHING)
        .thenCancel()
        .verify();

    assertThat(backend.lists).hasValue(3);
  }

  @Test
  void checkTokensPeriodicallyWhenARunOutlastsThePeriodThenTheNextStartsAPeriodAfterItsEnd() {
    backend.listDelay = Duration.ofHours(2);
    TokenCheck noJitter = check.withPeriodJitter(Duration.ZERO);

    StepVerifier.withVirtualTime(() -> store.checkTokensPeriodically(client, noJitter))
        .expectSubscription()
        .expectNoEvent(Duration.ofHours(2).minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(NOTHING)
        // The second run starts 1 h after the first ended, and reads for 2 h.
        .expectNoEvent(Duration.ofHours(3).minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectNext(NOTHING)
        .thenCancel()
        .verify();

    assertThat(backend.lists).hasValue(2);
    assertThat(backend.mostAtOnce).hasValue(1);
  }

  @Test
  void checkTokensPeriodicallyWhenARunFailsThenItIsLoggedOnceAndTheNextRunHappens() {
    backend.failures.set(1);

    List<String> warnings =
        LogLines.warningsDuring(
            "io.sunco.oauth.store",
            () ->
                StepVerifier.withVirtualTime(() -> store.checkTokensPeriodically(client, check))
                    .expectSubscription()
                    .thenAwait(Duration.ofMinutes(5))
                    .expectNoEvent(Duration.ofMinutes(65).minusMillis(1))
                    .thenAwait(Duration.ofMillis(1))
                    .expectNext(NOTHING)
                    .thenCancel()
                    .verify());

    assertThat(warnings)
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("Check of stored tokens failed")
                    .contains("clientId=" + CLIENT_ID)
                    .contains("the backend is down"));
    assertThat(backend.lists).hasValue(2);
  }

  @Test
  void checkTokensPeriodicallyWhenDisposedThenNoRunStartsAgain() {
    VirtualTimeScheduler time = VirtualTimeScheduler.create();
    List<CheckReport> reports = new CopyOnWriteArrayList<>();

    Disposable schedule =
        store.checkTokensPeriodically(client, check.withScheduler(time)).subscribe(reports::add);
    time.advanceTimeBy(Duration.ofMinutes(5));
    assertThat(reports).containsExactly(NOTHING);

    schedule.dispose();
    time.advanceTimeBy(Duration.ofDays(3));

    assertThat(reports).containsExactly(NOTHING);
    assertThat(backend.lists).hasValue(1);
    time.dispose();
  }

  /** The in-memory backend, whose listings take {@link #listDelay} and fail while told to. */
  static final class SlowList extends InterceptedRecords {
    volatile Duration listDelay = Duration.ZERO;
    final AtomicInteger failures = new AtomicInteger();
    final AtomicInteger lists = new AtomicInteger();
    final AtomicInteger atOnce = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();

    @Override
    public Flux<SealedRecord> list(String clientId) {
      return Flux.defer(
          () -> {
            lists.incrementAndGet();
            mostAtOnce.accumulateAndGet(atOnce.incrementAndGet(), Math::max);
            Flux<SealedRecord> listed =
                failures.getAndDecrement() > 0
                    ? Flux.error(new IllegalStateException("the backend is down"))
                    : memory.list(clientId);
            return (listDelay.isZero() ? listed : listed.delaySubscription(listDelay))
                .doFinally(signal -> atOnce.decrementAndGet());
          });
    }
  }
}
