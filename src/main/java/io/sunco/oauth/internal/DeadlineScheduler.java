package io.sunco.oauth.internal;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The timer behind the attempt and call deadlines and the waits between retries: a hashed wheel
 * with a 10 ms tick, on one daemon thread ({@value #THREAD_NAME}) shared by every client and
 * started on the first call. A task runs up to one tick late; when it is due, it is handed to
 * {@link Schedulers#parallel()}, so the timer thread never runs user code.
 *
 * <p>Why not {@code Schedulers.parallel()} itself: its timers are a {@code
 * ScheduledThreadPoolExecutor}, whose thread is woken to re-plan each time a task becomes the
 * earliest one and each time one is cancelled. Nearly every deadline is armed and cancelled again
 * within milliseconds, so that cost two thread wake-ups per call and was the whole difference in
 * sequential latency between this client and a bare Reactor Netty call (see {@code
 * benchmarks/README.md}). Arming the wheel puts the task on a lock-free queue and wakes nothing;
 * cancelling marks it.
 */
public final class DeadlineScheduler implements Scheduler {

  /** The name of the timer thread. */
  public static final String THREAD_NAME = "sunco-oauth-deadlines";

  /** The resolution of the timer: a task runs at most this late, plus the hand-off. */
  public static final long TICK_MILLIS = 10;

  private static final class Holder {
    static final DeadlineScheduler SHARED = new DeadlineScheduler();
  }

  private final HashedWheelTimer wheel;

  private DeadlineScheduler() {
    // 512 slots of 10 ms: one turn of the wheel is 5.12 s; longer deadlines wait for their turn.
    // No leak tracking (the timer lives as long as the class); no cap on pending timeouts (each
    // belongs to a call in flight, which the connection pool already bounds).
    this.wheel =
        new HashedWheelTimer(
            DeadlineScheduler::newThread,
            TICK_MILLIS,
            TimeUnit.MILLISECONDS,
            512,
            false,
            -1,
            task -> handOff(task, Schedulers.parallel()));
  }

  /** The timer thread: a daemon, so that it never keeps a JVM alive. */
  static Thread newThread(Runnable worker) {
    Thread thread = new Thread(worker, THREAD_NAME);
    thread.setDaemon(true);
    return thread;
  }

  /** Runs a due task on the given scheduler, or here when that one refuses (it is shut down). */
  static void handOff(Runnable task, Scheduler runner) {
    try {
      runner.schedule(task);
    } catch (RejectedExecutionException refused) {
      task.run();
    }
  }

  /**
   * The one timer of this JVM; its thread starts with the first task.
   *
   * @return the shared scheduler
   */
  public static DeadlineScheduler shared() {
    return Holder.SHARED;
  }

  /** Runs the task now, on {@link Schedulers#parallel()}. */
  @Override
  public Disposable schedule(Runnable task) {
    return Schedulers.parallel().schedule(task);
  }

  /**
   * Runs the task on {@link Schedulers#parallel()} once the delay has passed, up to one tick later.
   * Disposing the result before then keeps the task from running.
   */
  @Override
  public Disposable schedule(Runnable task, long delay, TimeUnit unit) {
    Timeout timeout = wheel.newTimeout(ignored -> task.run(), Math.max(0, delay), unit);
    return new Disposable() {
      @Override
      public void dispose() {
        timeout.cancel();
      }

      @Override
      public boolean isDisposed() {
        return timeout.isCancelled() || timeout.isExpired();
      }
    };
  }

  /** Monotonic time ({@link System#nanoTime()}), not the wall clock, so that deadlines hold. */
  @Override
  public long now(TimeUnit unit) {
    return unit.convert(System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  /** A worker of {@link Schedulers#parallel()}; the client itself never asks for one. */
  @Override
  public Worker createWorker() {
    return Schedulers.parallel().createWorker();
  }

  /** Does nothing: the shared timer lives as long as the JVM and its thread is a daemon. */
  @Override
  public void dispose() {
    // shared by every client of the JVM: no client may stop it
  }
}
