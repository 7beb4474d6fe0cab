package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.util.context.Context;

/** How {@link InFlightCalls} merges, ends and cancels calls with equal keys. */
class InFlightCallsTest {

  private final InFlightCalls<String, String> calls = new InFlightCalls<>();

  /** How many calls were started. */
  private final AtomicInteger started = new AtomicInteger();

  /** A call that answers when its sink is told to; each start makes a new one. */
  private final List<Sinks.One<String>> answers = new CopyOnWriteArrayList<>();

  private Mono<String> controlled(String key) {
    return calls.run(
        key,
        () -> {
          started.incrementAndGet();
          Sinks.One<String> answer = Sinks.one();
          answers.add(answer);
          return answer.asMono();
        });
  }

  @Nested
  class Merging {

    @Test
    void runWhenSameKeyWhileInFlightThenOneCallAndBothGetTheValue() {
      StepVerifier first =
          StepVerifier.create(controlled("k")).expectNext("v").expectComplete().verifyLater();
      StepVerifier second =
          StepVerifier.create(controlled("k")).expectNext("v").expectComplete().verifyLater();
      assertThat(calls.size()).isEqualTo(1);

      answers.get(0).tryEmitValue("v");

      first.verify(Duration.ofSeconds(5));
      second.verify(Duration.ofSeconds(5));
      assertThat(started).hasValue(1);
      assertThat(calls.size()).isZero();
    }

    @Test
    void runWhenCallFailsThenEverySubscriberGetsTheSameError() {
      IllegalStateException failure = new IllegalStateException("refused");
      AtomicReference<Throwable> firstError = new AtomicReference<>();
      AtomicReference<Throwable> secondError = new AtomicReference<>();
      controlled("k").subscribe(v -> {}, firstError::set);
      controlled("k").subscribe(v -> {}, secondError::set);

      answers.get(0).tryEmitError(failure);

      assertThat(firstError.get()).isSameAs(failure);
      assertThat(secondError.get()).isSameAs(failure);
      assertThat(started).hasValue(1);
    }

    @Test
    void runWhenCallCompletesEmptyThenEverySubscriberCompletes() {
      StepVerifier first = StepVerifier.create(controlled("k")).expectComplete().verifyLater();
      StepVerifier second = StepVerifier.create(controlled("k")).expectComplete().verifyLater();

      answers.get(0).tryEmitEmpty();

      first.verify(Duration.ofSeconds(5));
      second.verify(Duration.ofSeconds(5));
      assertThat(calls.size()).isZero();
    }

    @Test
    void runWhenDifferentKeysThenSeparateCalls() {
      controlled("a").subscribe();
      controlled("b").subscribe();

      assertThat(started).hasValue(2);
      assertThat(calls.size()).isEqualTo(2);
    }

    @Test
    void runWhenCallEndedThenNothingKeptAndNextSubscriptionStartsAnew() {
      StepVerifier.create(calls.run("k", () -> Mono.just("first")))
          .expectNext("first")
          .verifyComplete();
      assertThat(calls.size()).isZero();

      StepVerifier.create(calls.run("k", () -> Mono.just("second")))
          .expectNext("second")
          .verifyComplete();
    }

    @Test
    void runWhenSubscriberSeesTheValueThenEntryAlreadyRemoved() {
      AtomicInteger sizeSeen = new AtomicInteger(-1);
      controlled("k").subscribe(v -> sizeSeen.set(calls.size()));

      answers.get(0).tryEmitValue("v");

      // A subscriber that reacts to the value by calling again gets a call of its own.
      assertThat(sizeSeen).hasValue(0);
    }

    @Test
    void runWhenCallMakerThrowsThenSubscriberGetsTheErrorAndNothingKept() {
      IllegalStateException closed = new IllegalStateException("closed");
      StepVerifier.create(
              calls.run(
                  "k",
                  () -> {
                    throw closed;
                  }))
          .expectErrorSatisfies(e -> assertThat(e).isSameAs(closed))
          .verify(Duration.ofSeconds(5));
      assertThat(calls.size()).isZero();
    }

    @Test
    void runWhenStartedThenCallSeesTheFirstSubscribersContext() {
      Mono<String> readsContext =
          calls.run(
              "k",
              () -> Mono.deferContextual(context -> Mono.just(context.getOrDefault("who", "?"))));

      StepVerifier.create(readsContext.contextWrite(Context.of("who", "first")))
          .expectNext("first")
          .verifyComplete();
    }

    @Test
    void runWhenArgumentNullThenNullPointerException() {
      assertThatThrownBy(() -> calls.run(null, () -> Mono.just("v")))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> calls.run("k", null)).isInstanceOf(NullPointerException.class);
    }
  }

  @Nested
  class Cancelling {

    @Test
    void runWhenOneOfTwoCancelsThenCallGoesOnForTheOther() {
      PublisherProbe<String> probe = PublisherProbe.of(Mono.never());
      Disposable first = calls.run("k", probe::mono).subscribe();
      calls.run("k", probe::mono).subscribe();

      first.dispose();

      probe.assertWasSubscribed();
      probe.assertWasNotCancelled();
      assertThat(probe.subscribeCount()).isEqualTo(1);
      assertThat(calls.size()).isEqualTo(1);
    }

    @Test
    void runWhenOneOfTwoCancelsThenTheOtherGetsTheOutcome() {
      Disposable first = controlled("k").subscribe();
      AtomicReference<String> second = new AtomicReference<>();
      controlled("k").subscribe(second::set);

      first.dispose();
      answers.get(0).tryEmitValue("v");

      assertThat(second).hasValue("v");
      assertThat(started).hasValue(1);
    }

    @Test
    void runWhenAllCancelThenCallCancelledAndEntryRemoved() {
      PublisherProbe<String> probe = PublisherProbe.of(Mono.never());
      Disposable first = calls.run("k", probe::mono).subscribe();
      Disposable second = calls.run("k", probe::mono).subscribe();

      first.dispose();
      probe.assertWasNotCancelled();
      second.dispose();

      probe.assertWasCancelled();
      assertThat(calls.size()).isZero();
      assertThat(probe.subscribeCount()).isEqualTo(1);
    }

    @Test
    void runWhenAllCancelledThenSameKeyStartsANewCall() {
      controlled("k").subscribe().dispose();

      controlled("k").subscribe();

      assertThat(started).hasValue(2);
      assertThat(calls.size()).isEqualTo(1);
    }

    @Test
    void runWhenCancelledAfterTheValueThenNothingElseHappens() {
      AtomicReference<String> seen = new AtomicReference<>();
      // take(1) cancels its source after the value: that cancel must not touch a new entry.
      controlled("k").flux().take(1).subscribe(seen::set);
      answers.get(0).tryEmitValue("v");
      controlled("k").subscribe();

      assertThat(seen).hasValue("v");
      assertThat(started).hasValue(2);
      assertThat(calls.size()).isEqualTo(1);
    }
  }

  /**
   * The call ends, or its last subscriber leaves, in the window between a new subscriber finding it
   * and joining it: the newcomer starts a call of its own instead of waiting on an ended one.
   */
  @Nested
  class EndedBeforeJoined {

    private final AtomicReference<Runnable> inWindow = new AtomicReference<>(() -> {});
    private final InFlightCalls<String, String> racing =
        new InFlightCalls<>(() -> inWindow.getAndSet(() -> {}).run());

    @Test
    void runWhenCallEndsBeforeTheJoinThenNewcomerStartsItsOwnCall() {
      Sinks.One<String> firstAnswer = Sinks.one();
      AtomicReference<String> first = new AtomicReference<>();
      racing.run("k", firstAnswer::asMono).subscribe(first::set);
      inWindow.set(() -> firstAnswer.tryEmitValue("first"));

      StepVerifier.create(racing.run("k", () -> Mono.just("own")))
          .expectNext("own")
          .verifyComplete();
      assertThat(first).hasValue("first");
      assertThat(racing.size()).isZero();
    }

    @Test
    void runWhenLastSubscriberLeavesBeforeTheJoinThenNewcomerStartsItsOwnCall() {
      PublisherProbe<String> abandoned = PublisherProbe.of(Mono.never());
      Disposable first = racing.run("k", abandoned::mono).subscribe();
      inWindow.set(first::dispose);

      StepVerifier.create(racing.run("k", () -> Mono.just("own")))
          .expectNext("own")
          .verifyComplete();
      abandoned.assertWasCancelled();
      assertThat(racing.size()).isZero();
    }
  }

  /**
   * A subscriber arriving on another thread just as the call ends or is abandoned: it either joins
   * and gets the outcome, or starts a call of its own; it never waits on a call that nobody runs.
   */
  @Nested
  class Races {

    private static final int ROUNDS = 2000;

    /** One round of a race: a fresh call table, its first call's answer, the racer thread. */
    interface Round {
      void run(
          InFlightCalls<String, String> shared,
          Sinks.One<String> answer,
          Scheduler racer,
          int round)
          throws Exception;
    }

    /** Runs {@link #ROUNDS} rounds, with a racer thread of their own. */
    private static void race(Round round) throws Exception {
      Scheduler racer = Schedulers.newSingle("racer");
      try {
        for (int i = 0; i < ROUNDS; i++) {
          round.run(new InFlightCalls<>(), Sinks.one(), racer, i);
        }
      } finally {
        racer.dispose();
      }
    }

    /**
     * Subscribes a late subscriber: it joins the call of key "k" or runs its own, answering "own";
     * its value counts {@code done} down.
     */
    private static AtomicReference<String> lateSubscriber(
        InFlightCalls<String, String> shared, CountDownLatch done) {
      AtomicReference<String> late = new AtomicReference<>();
      shared
          .run("k", () -> Mono.just("own"))
          .subscribe(
              v -> {
                late.set(v);
                done.countDown();
              });
      return late;
    }

    @Test
    void runWhenJoiningAsTheCallEndsThenEverySubscriberGetsAValue() throws Exception {
      race(
          (shared, answer, racer, round) -> {
            CountDownLatch done = new CountDownLatch(2);
            shared.run("k", answer::asMono).subscribe(v -> done.countDown());
            racer.schedule(() -> answer.tryEmitValue("shared"));
            AtomicReference<String> late = lateSubscriber(shared, done);

            assertThat(done.await(5, TimeUnit.SECONDS)).as("round %d", round).isTrue();
            assertThat(late.get()).isIn("shared", "own");
            assertThat(shared.size()).isZero();
          });
    }

    @Test
    void runWhenJoiningAsTheLastSubscriberCancelsThenTheJoinerGetsAValue() throws Exception {
      race(
          (shared, answer, racer, round) -> {
            Disposable first = shared.run("k", answer::asMono).subscribe();
            CountDownLatch done = new CountDownLatch(1);
            racer.schedule(first::dispose);
            AtomicReference<String> late = lateSubscriber(shared, done);
            // Had the joiner joined a call that its last other subscriber cancelled, this answer
            // would reach nobody and the joiner would wait for ever.
            answer.tryEmitValue("shared");

            assertThat(done.await(5, TimeUnit.SECONDS)).as("round %d", round).isTrue();
            assertThat(late.get()).isIn("shared", "own");
          });
    }
  }
}
