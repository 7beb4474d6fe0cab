package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The real timer, on the real clock: what runs, on which thread, and never before it is due. How
 * late it runs is not asserted (machines here are shared); the benchmarks measure the cost.
 */
class DeadlineSchedulerTest {

  private static final DeadlineScheduler TIMER = DeadlineScheduler.shared();

  @Test
  void scheduleWhenDelayPassesThenTaskRunsOnParallelSchedulerNotBeforeDue() throws Exception {
    CompletableFuture<String> ranOn = new CompletableFuture<>();
    long delayNanos = TimeUnit.MILLISECONDS.toNanos(30);
    long start = System.nanoTime();
    CompletableFuture<Long> ranAfter = new CompletableFuture<>();

    TIMER.schedule(
        () -> {
          ranAfter.complete(System.nanoTime() - start);
          ranOn.complete(Thread.currentThread().getName());
        },
        delayNanos,
        TimeUnit.NANOSECONDS);

    assertThat(ranOn.get(10, TimeUnit.SECONDS)).startsWith("parallel-");
    assertThat(ranAfter.get()).isGreaterThanOrEqualTo(delayNanos);
  }

  @Test
  void scheduleWhenDisposedBeforeDueThenTaskNeverRuns() throws Exception {
    AtomicBoolean cancelledRan = new AtomicBoolean();
    CompletableFuture<Boolean> later = new CompletableFuture<>();

    Disposable cancelled = TIMER.schedule(() -> cancelledRan.set(true), 20, TimeUnit.MILLISECONDS);
    cancelled.dispose();
    // Due two ticks after the cancelled one: by the time it runs, the other would have.
    TIMER.schedule(() -> later.complete(cancelledRan.get()), 40, TimeUnit.MILLISECONDS);

    assertThat(cancelled.isDisposed()).isTrue();
    assertThat(later.get(10, TimeUnit.SECONDS)).isFalse();
  }

  @Test
  void scheduleWhenNoDelayThenRunsOnParallelScheduler() throws Exception {
    CompletableFuture<String> ranOn = new CompletableFuture<>();

    TIMER.schedule(() -> ranOn.complete(Thread.currentThread().getName()));

    assertThat(ranOn.get(10, TimeUnit.SECONDS)).startsWith("parallel-");
  }

  @Test
  void scheduleWhenDueThenDisposableReportsDone() throws Exception {
    CompletableFuture<Void> ran = new CompletableFuture<>();

    Disposable task = TIMER.schedule(() -> ran.complete(null), 1, TimeUnit.MILLISECONDS);
    ran.get(10, TimeUnit.SECONDS);

    assertThat(task.isDisposed()).isTrue();
  }

  @Test
  void nowWhenReadThenMonotonicNanoTime() {
    long before = System.nanoTime();
    long nanos = TIMER.now(TimeUnit.NANOSECONDS);
    long millis = TIMER.now(TimeUnit.MILLISECONDS);
    long after = System.nanoTime();

    assertThat(nanos).isBetween(before, after);
    assertThat(millis)
        .isBetween(TimeUnit.NANOSECONDS.toMillis(before), TimeUnit.NANOSECONDS.toMillis(after));
  }

  @Test
  void delayWhenOnTheTimerThenEmitsAfterTheDelay() {
    StepVerifier.create(Mono.delay(Duration.ofMillis(20), TIMER)).expectNext(0L).verifyComplete();
  }

  @Test
  void disposeWhenCalledThenSharedTimerKeepsWorkingOnOneDaemonThread() throws Exception {
    CompletableFuture<Void> ran = new CompletableFuture<>();

    TIMER.dispose();
    DeadlineScheduler.shared().schedule(() -> ran.complete(null), 1, TimeUnit.MILLISECONDS);
    ran.get(10, TimeUnit.SECONDS);

    assertThat(DeadlineScheduler.shared()).isSameAs(TIMER);
    assertThat(Thread.getAllStackTraces().keySet())
        .filteredOn(thread -> thread.getName().equals(DeadlineScheduler.THREAD_NAME))
        .singleElement()
        .matches(Thread::isDaemon, "is a daemon");
  }

  @Test
  void createWorkerWhenAskedThenWorkerOfParallelScheduler() throws Exception {
    CompletableFuture<String> ranOn = new CompletableFuture<>();
    var worker = TIMER.createWorker();
    try {
      worker.schedule(() -> ranOn.complete(Thread.currentThread().getName()));
      assertThat(ranOn.get(10, TimeUnit.SECONDS)).startsWith("parallel-");
    } finally {
      worker.dispose();
    }
  }

  @Test
  void scheduleWhenPendingThenNotDisposedUntilDisposed() {
    Disposable pending = TIMER.schedule(() -> {}, 10, TimeUnit.SECONDS);

    assertThat(pending.isDisposed()).isFalse();
    pending.dispose();
    assertThat(pending.isDisposed()).isTrue();
  }

  @Test
  void handOffWhenSchedulerRefusesThenTaskRunsOnTheCallingThread() {
    Scheduler shutDown = Schedulers.newSingle("shut-down");
    shutDown.dispose();
    AtomicReference<Thread> ranOn = new AtomicReference<>();

    DeadlineScheduler.handOff(() -> ranOn.set(Thread.currentThread()), shutDown);

    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
  }

  @Test
  void newThreadWhenMadeByNonDaemonThreadThenNamedDaemon() throws Exception {
    AtomicReference<Thread> made = new AtomicReference<>();
    Thread maker = new Thread(() -> made.set(DeadlineScheduler.newThread(() -> {})));
    maker.setDaemon(false);
    maker.start();
    maker.join(10_000);

    assertThat(made.get().isDaemon()).isTrue();
    assertThat(made.get().getName()).isEqualTo(DeadlineScheduler.THREAD_NAME);
  }
}
