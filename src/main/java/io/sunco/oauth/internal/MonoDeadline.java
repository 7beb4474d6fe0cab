package io.sunco.oauth.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.Scannable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoOperator;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.util.context.Context;

/**
 * A Mono that errors when its source has not terminated within a deadline, and cancels the source
 * then. It does what {@code source.timeout(deadline, Mono.error(..), timer)} does with one
 * subscriber and one timer task instead of six objects, and no serialising wrapper: the source and
 * the timer race for one atomic state, and whichever wins signals downstream.
 *
 * @param <T> what the source emits
 */
final class MonoDeadline<T> extends MonoOperator<T, T> {

  private final long nanos;
  private final Scheduler timer;
  private final Supplier<? extends Throwable> error;

  /**
   * @param source the Mono to watch
   * @param nanos the deadline, from subscription
   * @param timer runs the deadline
   * @param error makes the error to emit when the deadline passes
   */
  MonoDeadline(
      Mono<? extends T> source, long nanos, Scheduler timer, Supplier<? extends Throwable> error) {
    super(source);
    this.nanos = nanos;
    this.timer = timer;
    this.error = error;
  }

  @Override
  public void subscribe(CoreSubscriber<? super T> actual) {
    source.subscribe(new DeadlineSubscriber<>(actual, this));
  }

  @Override
  @SuppressWarnings("rawtypes") // Scannable declares the raw type
  public @Nullable Object scanUnsafe(Attr key) {
    if (key == Attr.RUN_ON) {
      return timer;
    }
    if (key == Attr.RUN_STYLE) {
      return Attr.RunStyle.ASYNC;
    }
    return super.scanUnsafe(key);
  }

  static final class DeadlineSubscriber<T>
      implements CoreSubscriber<T>, Subscription, Runnable, Scannable {

    /** Waiting for the source; the deadline is armed (or about to be). */
    static final int ACTIVE = 0;

    /** The source emitted its value; its completion is still to come. */
    static final int VALUE = 1;

    /** The source terminated first. */
    static final int DONE = 2;

    /** The deadline passed first: the source is cancelled and the error emitted. */
    static final int EXPIRED = 3;

    /** Downstream cancelled. */
    static final int CANCELLED = 4;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<DeadlineSubscriber> STATE =
        AtomicIntegerFieldUpdater.newUpdater(DeadlineSubscriber.class, "state");

    private final CoreSubscriber<? super T> actual;
    private final MonoDeadline<T> parent;
    private volatile int state;
    private volatile @Nullable Disposable deadline;
    private @Nullable Subscription upstream;

    DeadlineSubscriber(CoreSubscriber<? super T> actual, MonoDeadline<T> parent) {
      this.actual = actual;
      this.parent = parent;
    }

    @Override
    public Context currentContext() {
      return actual.currentContext();
    }

    @Override
    public void onSubscribe(Subscription s) {
      if (Operators.validate(upstream, s)) {
        upstream = s;
        actual.onSubscribe(this);
        // Armed after downstream has seen the subscription: a source that answers at once, while
        // downstream requests, never costs a timer.
        if (state == ACTIVE) {
          Disposable armed = parent.timer.schedule(this, parent.nanos, TimeUnit.NANOSECONDS);
          deadline = armed;
          // A terminal signal on another thread may have read the field before it was set.
          if (state != ACTIVE) {
            armed.dispose();
          }
        }
      }
    }

    @Override
    public void onNext(T value) {
      if (STATE.compareAndSet(this, ACTIVE, VALUE)) {
        disarm();
        actual.onNext(value);
      } else {
        // Lost to the deadline or to a cancel: nobody will see it.
        Operators.onDiscard(value, actual.currentContext());
      }
    }

    @Override
    public void onError(Throwable failure) {
      if (STATE.compareAndSet(this, ACTIVE, DONE)) {
        disarm();
        actual.onError(failure);
      } else if (STATE.compareAndSet(this, VALUE, DONE)) {
        actual.onError(failure);
      } else {
        Operators.onErrorDropped(failure, actual.currentContext());
      }
    }

    @Override
    public void onComplete() {
      if (STATE.compareAndSet(this, ACTIVE, DONE)) {
        disarm();
        actual.onComplete();
      } else if (STATE.compareAndSet(this, VALUE, DONE)) {
        actual.onComplete();
      }
    }

    /** The deadline passed. */
    @Override
    public void run() {
      if (STATE.compareAndSet(this, ACTIVE, EXPIRED)) {
        // The error first, then the cancel: making the error may decide something against the
        // source (the call runner abandons an attempt not yet sent), which is best settled before
        // the cancel sets the source's own shutdown going.
        Throwable failure;
        try {
          failure = parent.error.get();
        } catch (Throwable t) {
          failure = t;
        }
        Subscription s = upstream;
        if (s != null) {
          s.cancel();
        }
        actual.onError(failure);
      }
    }

    @Override
    public void request(long n) {
      Subscription s = upstream;
      if (s != null) {
        s.request(n);
      }
    }

    @Override
    public void cancel() {
      int previous = STATE.getAndSet(this, CANCELLED);
      if (previous == ACTIVE) {
        disarm();
      }
      if (previous != EXPIRED) {
        Subscription s = upstream;
        if (s != null) {
          s.cancel();
        }
      }
    }

    private void disarm() {
      Disposable armed = deadline;
      if (armed != null) {
        armed.dispose();
      }
    }

    @Override
    @SuppressWarnings("rawtypes") // Scannable declares the raw type
    public @Nullable Object scanUnsafe(Attr key) {
      if (key == Attr.PARENT) {
        return upstream;
      }
      if (key == Attr.ACTUAL) {
        return actual;
      }
      if (key == Attr.RUN_ON) {
        return parent.timer;
      }
      if (key == Attr.RUN_STYLE) {
        return Attr.RunStyle.ASYNC;
      }
      if (key == Attr.TERMINATED) {
        return state == DONE || state == EXPIRED;
      }
      if (key == Attr.CANCELLED) {
        return state == CANCELLED;
      }
      return null;
    }
  }
}
