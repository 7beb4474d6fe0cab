package io.sunco.oauth.internal;

import io.sunco.oauth.testing.Interleavings;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Sinks;

/**
 * {@link InFlightCalls} under Lincheck's model checker: subscribers joining, cancelling, and calls
 * ending, from several threads in every interleaving the checker explores. Afterwards, once every
 * call still running has answered, every subscriber that did not cancel got an answer (none waits
 * on a call that nobody runs) and no entry is left behind.
 */
@Tag(Interleavings.TAG)
public class InFlightCallsInterleavingTest {

  private final InFlightCalls<String, Integer> calls = new InFlightCalls<>();
  private final AtomicInteger started = new AtomicInteger();
  private final Queue<Sinks.One<Integer>> running = new ConcurrentLinkedQueue<>();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

  /**
   * One subscriber, listed before it subscribes: a cancel that lands while it is still subscribing
   * is a real cancel (the subscriber cancels its subscription as soon as it gets it), as it is for
   * a Reactor subscriber disposed from another thread.
   */
  private static final class Subscriber extends BaseSubscriber<Integer> {
    final AtomicBoolean answered = new AtomicBoolean();
    final AtomicBoolean cancelled = new AtomicBoolean();

    @Override
    protected void hookOnNext(Integer value) {
      answered.set(true);
    }
  }

  @Operation
  public void join() {
    Subscriber subscriber = new Subscriber();
    subscribers.add(subscriber);
    calls
        .run(
            "code-1",
            () -> {
              int id = started.incrementAndGet();
              Sinks.One<Integer> call = Sinks.one();
              running.add(call);
              return call.asMono().doOnCancel(() -> running.remove(call)).map(v -> id);
            })
        .subscribe(subscriber);
  }

  @Operation
  public void answer() {
    Sinks.One<Integer> call = running.poll();
    if (call != null) {
      call.tryEmitValue(1);
    }
  }

  @Operation
  public void cancelFirst() {
    for (Subscriber subscriber : subscribers) {
      if (subscriber.cancelled.compareAndSet(false, true)) {
        subscriber.dispose();
        return;
      }
    }
  }

  @Validate
  public void everySubscriberThatStayedGetsAnAnswerAndNothingIsLeft() {
    for (Sinks.One<Integer> call = running.poll(); call != null; call = running.poll()) {
      call.tryEmitValue(1);
    }
    for (Subscriber subscriber : subscribers) {
      if (!subscriber.cancelled.get() && !subscriber.answered.get()) {
        throw new IllegalStateException("a subscriber waits on a call that nobody runs");
      }
    }
    if (calls.size() != 0) {
      throw new IllegalStateException(calls.size() + " entries left behind");
    }
  }

  @Test
  void runWhenJoinsCancelsAndAnswersRaceInEveryInterleavingThenNoSubscriberIsStranded() {
    // 8 scenarios x 200 interleavings: each operation runs through Reactor's operators.
    Interleavings.check(InFlightCallsInterleavingTest.class, 8, 200);
  }
}
