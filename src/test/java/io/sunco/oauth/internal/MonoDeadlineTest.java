package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import reactor.test.publisher.PublisherProbe;
import reactor.test.publisher.TestPublisher;

class MonoDeadlineTest {

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private static final class Expired extends RuntimeException {
    Expired() {
      super("deadline", null, false, false);
    }
  }

  /** Reactor's parallel scheduler, seen through a counter of armed and disarmed timers. */
  private static class CountingTimer implements Scheduler {
    final AtomicInteger armed = new AtomicInteger();
    final AtomicInteger disarmed = new AtomicInteger();

    @Override
    public Disposable schedule(Runnable task) {
      return Schedulers.parallel().schedule(task);
    }

    @Override
    public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
      armed.incrementAndGet();
      Disposable inner = Schedulers.parallel().schedule(task, delay, unit);
      return () -> {
        disarmed.incrementAndGet();
        inner.dispose();
      };
    }

    @Override
    public Worker createWorker() {
      return Schedulers.parallel().createWorker();
    }
  }

  private static <T> Mono<T> deadline(Mono<T> source, long nanos, Scheduler timer) {
    return new MonoDeadline<>(source, nanos, timer, Expired::new);
  }

  @Test
  void subscribeWhenSourceAnswersInTimeThenValueAndTimerDisarmed() {
    CountingTimer timer = new CountingTimer();
    Sinks.One<String> answer = Sinks.one();

    StepVerifier.create(deadline(answer.asMono(), SECOND, timer))
        .expectSubscription()
        .then(() -> assertThat(timer.armed).hasValue(1))
        .then(() -> answer.tryEmitValue("ok"))
        .expectNext("ok")
        .verifyComplete();

    assertThat(timer.disarmed).hasValue(1);
  }

  @Test
  void subscribeWhenSourceAnswersWhileSubscribingThenNoTimerLeftArmed() {
    CountingTimer timer = new CountingTimer();

    // A scalar answers while downstream requests: no timer at all.
    StepVerifier.create(deadline(Mono.just("at once"), SECOND, timer))
        .expectNext("at once")
        .verifyComplete();
    assertThat(timer.armed).hasValue(0);

    // Empty and error terminate right after the subscription: armed, then disarmed at once.
    StepVerifier.create(deadline(Mono.<String>empty(), SECOND, timer)).verifyComplete();
    StepVerifier.create(deadline(Mono.<String>error(new IllegalStateException("x")), SECOND, timer))
        .verifyError(IllegalStateException.class);
    assertThat(timer.disarmed).hasValue(timer.armed.get());
  }

  @Test
  void subscribeWhenSourceCompletesEmptyOrErrorsInTimeThenSignalPassedAndTimerDisarmed() {
    CountingTimer timer = new CountingTimer();
    Sinks.Empty<String> empty = Sinks.empty();
    Sinks.One<String> failing = Sinks.one();

    StepVerifier.create(deadline(empty.asMono(), SECOND, timer))
        .then(empty::tryEmitEmpty)
        .verifyComplete();
    StepVerifier.create(deadline(failing.asMono(), SECOND, timer))
        .then(() -> failing.tryEmitError(new IllegalStateException("refused")))
        .verifyErrorMessage("refused");

    assertThat(timer.armed).hasValue(2);
    assertThat(timer.disarmed).hasValue(2);
  }

  @Test
  void subscribeWhenDeadlinePassesThenErrorAndSourceCancelled() {
    PublisherProbe<String> silent = PublisherProbe.of(Mono.never());

    StepVerifier.withVirtualTime(() -> deadline(silent.mono(), SECOND, Schedulers.parallel()))
        .expectSubscription()
        .expectNoEvent(Duration.ofMillis(999))
        .thenAwait(Duration.ofMillis(1))
        .verifyError(Expired.class);

    silent.assertWasCancelled();
  }

  @Test
  void subscribeWhenErrorSupplierThrowsThenThatErrorEmitted() {
    Supplier<Mono<String>> deadline =
        () ->
            new MonoDeadline<>(
                Mono.never(),
                SECOND,
                Schedulers.parallel(),
                () -> {
                  throw new IllegalStateException("supplier failed");
                });

    StepVerifier.withVirtualTime(deadline)
        .thenAwait(Duration.ofSeconds(1))
        .verifyErrorMessage("supplier failed");
  }

  @Test
  void cancelWhenPendingThenSourceCancelledAndTimerDisarmed() {
    CountingTimer timer = new CountingTimer();
    PublisherProbe<String> silent = PublisherProbe.of(Mono.never());

    Disposable call = deadline(silent.mono(), SECOND, timer).subscribe();
    assertThat(timer.armed).hasValue(1);
    call.dispose();

    silent.assertWasCancelled();
    assertThat(timer.disarmed).hasValue(1);
  }

  @Test
  void cancelWhenBeforeTimerArmedThenNoTimerArmed() {
    CountingTimer timer = new CountingTimer();
    PublisherProbe<String> silent = PublisherProbe.of(Mono.never());

    // StepVerifier runs thenCancel while it receives the subscription, before the timer is armed.
    StepVerifier.create(deadline(silent.mono(), SECOND, timer)).thenCancel().verify();

    silent.assertWasCancelled();
    assertThat(timer.armed).hasValue(0);
  }

  /**
   * A deadline of one second on {@code late} whose error is made after the deadline won and before
   * the error is emitted, where {@code signal} makes the source answer: it has lost the race. A
   * supplier, so that it is built inside withVirtualTime and Schedulers.parallel() is the virtual
   * clock.
   */
  private static Supplier<Mono<String>> signalledLate(TestPublisher<String> late, Runnable signal) {
    return () ->
        new MonoDeadline<>(
            late.mono(),
            SECOND,
            Schedulers.parallel(),
            () -> {
              signal.run();
              return new Expired();
            });
  }

  @Test
  void onNextWhenAfterDeadlineThenValueDiscardedNotEmitted() {
    TestPublisher<String> late =
        TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
    List<Object> discarded = new CopyOnWriteArrayList<>();
    Supplier<Mono<String>> deadline = signalledLate(late, () -> late.next("too late"));

    StepVerifier.withVirtualTime(() -> deadline.get().doOnDiscard(String.class, discarded::add))
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(1))
        .verifyError(Expired.class);

    late.assertCancelled();
    assertThat(discarded).containsExactly("too late");
  }

  @Test
  void onErrorWhenAfterDeadlineThenErrorDroppedNotEmitted() {
    TestPublisher<String> late =
        TestPublisher.createNoncompliant(TestPublisher.Violation.DEFER_CANCELLATION);
    Supplier<Mono<String>> deadline =
        signalledLate(late, () -> late.error(new IllegalStateException("late failure")));

    StepVerifier.withVirtualTime(deadline)
        .expectSubscription()
        .thenAwait(Duration.ofSeconds(1))
        .expectError(Expired.class)
        .verifyThenAssertThat()
        .hasDroppedErrorWithMessage("late failure");
  }

  @Test
  void subscribeWhenAnswerRacesDeadlineThenExactlyOneTerminalSignal() throws InterruptedException {
    // The deadline is due at once and the source answers on another thread at about the same
    // moment; whichever wins, downstream sees one value-and-complete or one error, never both.
    int rounds = 2000;
    AtomicInteger values = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger completions = new AtomicInteger();
    AtomicInteger doubles = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(rounds);
    Scheduler racer = Schedulers.newSingle("racer");
    try {
      for (int i = 0; i < rounds; i++) {
        Sinks.One<String> answer = Sinks.one();
        AtomicInteger terminals = new AtomicInteger();
        deadline(answer.asMono(), 0, Schedulers.parallel())
            .subscribe(
                new CoreSubscriber<String>() {
                  @Override
                  public void onSubscribe(Subscription s) {
                    s.request(1);
                  }

                  @Override
                  public void onNext(String value) {
                    values.incrementAndGet();
                  }

                  @Override
                  public void onError(Throwable failure) {
                    errors.incrementAndGet();
                    terminal();
                  }

                  @Override
                  public void onComplete() {
                    completions.incrementAndGet();
                    terminal();
                  }

                  private void terminal() {
                    if (terminals.incrementAndGet() > 1) {
                      doubles.incrementAndGet();
                    }
                    done.countDown();
                  }
                });
        racer.schedule(() -> answer.tryEmitValue("ok"));
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      racer.dispose();
    }

    assertThat(doubles).hasValue(0);
    assertThat(values.get()).isEqualTo(completions.get());
    assertThat(values.get() + errors.get()).isEqualTo(rounds);
  }

  @Test
  void scanWhenSubscribedThenReportsTimerParentAndState() {
    Scheduler timer = Schedulers.parallel();
    Mono<String> deadline = deadline(Mono.never(), SECOND, timer);
    AtomicReference<Scannable> inner = new AtomicReference<>();

    assertThat(Scannable.from(deadline).scan(Scannable.Attr.RUN_ON)).isSameAs(timer);
    assertThat(Scannable.from(deadline).scan(Scannable.Attr.RUN_STYLE))
        .isEqualTo(Scannable.Attr.RunStyle.ASYNC);
    assertThat(Scannable.from(deadline).scan(Scannable.Attr.PARENT)).isNotNull();
    StepVerifier.create(deadline)
        .consumeSubscriptionWith(s -> inner.set(Scannable.from(s)))
        .then(() -> assertThat(inner.get().scan(Scannable.Attr.TERMINATED)).isFalse())
        .thenCancel()
        .verify();

    assertThat(inner.get().scan(Scannable.Attr.CANCELLED)).isTrue();
    assertThat(inner.get().scan(Scannable.Attr.PARENT)).isNotNull();
    assertThat(inner.get().scan(Scannable.Attr.RUN_ON)).isSameAs(timer);
    assertThat(inner.get().scan(Scannable.Attr.RUN_STYLE)).isEqualTo(Scannable.Attr.RunStyle.ASYNC);
    assertThat(inner.get().scan(Scannable.Attr.ACTUAL)).isNotNull();
  }

  @Test
  void scanWhenTerminatedThenTerminated() {
    AtomicReference<Scannable> inner = new AtomicReference<>();
    Sinks.One<String> answer = Sinks.one();

    StepVerifier.create(deadline(answer.asMono(), SECOND, Schedulers.parallel()))
        .consumeSubscriptionWith(s -> inner.set(Scannable.from(s)))
        .then(() -> answer.tryEmitValue("ok"))
        .expectNext("ok")
        .verifyComplete();

    assertThat(inner.get().scan(Scannable.Attr.TERMINATED)).isTrue();
    assertThat(inner.get().scan(Scannable.Attr.CANCELLED)).isFalse();
  }

  @Test
  void onErrorWhenAfterValueThenPassedOn() {
    // Not what a Mono should do, but nothing is lost if one does: the error follows the value.
    Mono<String> valueThenError =
        new Mono<>() {
          @Override
          public void subscribe(CoreSubscriber<? super String> actual) {
            actual.onSubscribe(Operators.emptySubscription());
            actual.onNext("value");
            actual.onError(new IllegalStateException("after the value"));
          }
        };

    StepVerifier.create(deadline(valueThenError, SECOND, new CountingTimer()))
        .expectNext("value")
        .verifyErrorMessage("after the value");
  }

  @Test
  void onSubscribeWhenSourceTerminatesWhileTimerArmsThenTimerDisarmed() {
    // The answer arrives (as if on another thread) between the check of the state and the store
    // of the armed timer: the terminal signal finds no timer to disarm, so onSubscribe must.
    AtomicReference<CoreSubscriber<? super String>> subscriber = new AtomicReference<>();
    Mono<String> source =
        new Mono<>() {
          @Override
          public void subscribe(CoreSubscriber<? super String> actual) {
            subscriber.set(actual);
            actual.onSubscribe(Operators.emptySubscription());
          }
        };
    CountingTimer timer =
        new CountingTimer() {
          @Override
          public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
            Disposable armed = super.schedule(task, delay, unit);
            subscriber.get().onNext("raced");
            subscriber.get().onComplete();
            return armed;
          }
        };

    StepVerifier.create(deadline(source, SECOND, timer)).expectNext("raced").verifyComplete();

    assertThat(timer.armed).hasValue(1);
    assertThat(timer.disarmed).hasValue(1);
  }
}
