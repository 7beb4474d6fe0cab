package io.sunco.oauth.internal;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.function.Supplier;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.context.ContextView;

/**
 * Merges concurrent calls that have equal keys into one. The first subscriber for a key starts the
 * call, in its own Reactor context; each subscriber that comes while the call runs joins it and
 * gets the same outcome (the same value, the same error instance, or completion). Nothing is kept
 * once the call has ended: its entry is removed before the outcome is signalled, so a subscriber
 * that comes later starts a new call. A subscriber that cancels leaves the call to the others; when
 * the last one cancels, the call is cancelled and its entry removed.
 *
 * <p>The races are settled by one atomic count per call: a subscriber either joins a call that has
 * not ended (and then is sure to get its outcome, even if it subscribes after the outcome came) or
 * finds it ended and starts a new one. No subscriber waits on a call that nobody runs.
 *
 * @param <K> the key: held in memory while its call runs, never logged
 * @param <V> what a call emits
 */
public final class InFlightCalls<K, V> {

  private final ConcurrentHashMap<K, Shared<K, V>> calls = new ConcurrentHashMap<>();

  /** Runs between finding a call in flight and joining it: a seam for tests of that race. */
  private final Runnable afterLookup;

  /** Makes an empty set of calls. */
  public InFlightCalls() {
    this(() -> {});
  }

  /**
   * Makes an empty set of calls that runs {@code afterLookup} in the window where a call found in
   * flight may end before it is joined; for tests.
   */
  InFlightCalls(Runnable afterLookup) {
    this.afterLookup = afterLookup;
  }

  /**
   * The call for {@code key}: joins the one in flight, or starts {@code call} when there is none.
   * Nothing happens until subscription, and each subscription joins or starts anew.
   *
   * @param key what makes two calls the same
   * @param call makes the call, asked only when this subscription starts one
   * @return a Mono that signals the outcome of the call it joined or started
   * @throws NullPointerException if an argument is null
   */
  public Mono<V> run(K key, Supplier<? extends Mono<? extends V>> call) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(call, "call");
    return Mono.deferContextual(context -> join(key, call, context));
  }

  private Mono<V> join(K key, Supplier<? extends Mono<? extends V>> call, ContextView context) {
    for (; ; ) {
      Shared<K, V> shared = calls.get(key);
      if (shared == null) {
        Shared<K, V> fresh = new Shared<>(this, key);
        shared = calls.putIfAbsent(key, fresh);
        if (shared == null) {
          // Counted as joined from the start; the sink replays an outcome that comes before the
          // subscriber subscribes to it.
          Mono<V> outcome = fresh.outcome();
          fresh.start(Mono.defer(call), context);
          return outcome;
        }
      }
      afterLookup.run();
      if (shared.tryJoin()) {
        return shared.outcome();
      }
      // Ended, its entry not removed yet: remove it (only that one), then start or join anew.
      calls.remove(key, shared);
    }
  }

  /**
   * How many calls are in flight; for tests.
   *
   * @return the number of keys with a call running
   */
  public int size() {
    return calls.size();
  }

  /** One call and its subscribers. */
  private static final class Shared<K, V> extends BaseSubscriber<V> {

    /** The count of {@link #subscribers} once the call has ended: nobody can join any more. */
    private static final int ENDED = -1;

    @SuppressWarnings("rawtypes")
    private static final AtomicIntegerFieldUpdater<Shared> SUBSCRIBERS =
        AtomicIntegerFieldUpdater.newUpdater(Shared.class, "subscribers");

    private final InFlightCalls<K, V> owner;
    private final K key;
    private final Sinks.One<V> result = Sinks.one();

    /** The subscribers that joined and have not cancelled, or {@link #ENDED}. */
    private volatile int subscribers = 1;

    private boolean valued;

    Shared(InFlightCalls<K, V> owner, K key) {
      this.owner = owner;
      this.key = key;
    }

    void start(Mono<? extends V> call, ContextView context) {
      call.contextWrite(context).subscribe(this);
    }

    /** Joins the call unless it has ended. */
    boolean tryJoin() {
      for (; ; ) {
        int n = subscribers;
        if (n == ENDED) {
          return false;
        }
        if (SUBSCRIBERS.compareAndSet(this, n, n + 1)) {
          return true;
        }
      }
    }

    /** What one joined subscriber sees; its cancel leaves the call. */
    Mono<V> outcome() {
      return result.asMono().doOnCancel(this::leave);
    }

    private void leave() {
      for (; ; ) {
        int n = subscribers;
        if (n == ENDED) {
          return;
        }
        if (n == 1) {
          if (SUBSCRIBERS.compareAndSet(this, 1, ENDED)) {
            owner.calls.remove(key, this);
            // The last one left: cancel the call, as a lone subscriber's cancel would.
            dispose();
            return;
          }
        } else if (SUBSCRIBERS.compareAndSet(this, n, n - 1)) {
          return;
        }
      }
    }

    /** Ends the call for joining and removes its entry, before the outcome is signalled. */
    private void end() {
      SUBSCRIBERS.set(this, ENDED);
      owner.calls.remove(key, this);
    }

    @Override
    protected void hookOnSubscribe(Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    protected void hookOnNext(V value) {
      valued = true;
      end();
      result.tryEmitValue(value);
    }

    @Override
    protected void hookOnComplete() {
      if (!valued) {
        end();
        result.tryEmitEmpty();
      }
    }

    @Override
    protected void hookOnError(Throwable failure) {
      end();
      result.tryEmitError(failure);
    }
  }
}
