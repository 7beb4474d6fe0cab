package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * The "exactly one wins" races of the store, guard and callback tests: racers on threads of their
 * own, released together by a barrier, each given 10 seconds to answer (a margin for a loaded
 * machine, never a measured time).
 */
final class Race {

  /** What {@link #outcome} answers when the {@code Mono} emitted. */
  static final String WON = "WON";

  private Race() {}

  /**
   * Runs the racers on a pool of their own, one thread each, released together; their answers in
   * racer order. Afterwards every thread must have stopped.
   */
  static <T> List<T> together(List<? extends Callable<T>> racers) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(racers.size());
    try {
      CyclicBarrier start = new CyclicBarrier(racers.size());
      List<Future<T>> outcomes = new ArrayList<>();
      for (Callable<T> racer : racers) {
        outcomes.add(
            threads.submit(
                () -> {
                  start.await();
                  return racer.call();
                }));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> outcome : outcomes) {
        results.add(outcome.get(10, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      threads.shutdownNow();
      if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
        throw new AssertionError("a racer did not stop");
      }
    }
  }

  /** Runs {@code count} copies of {@code racer}, released together. */
  static <T> List<T> together(int count, Callable<T> racer) throws Exception {
    return together(Collections.nCopies(count, racer));
  }

  /** Checks that exactly one racer {@link #WON} and every other one lost with {@code others}. */
  static void assertOneWon(List<String> results, String others) {
    assertThat(results)
        .containsOnlyOnce(WON)
        .filteredOn(r -> !r.equals(WON))
        .hasSize(results.size() - 1)
        .containsOnly(others);
  }

  /**
   * Subscribes and waits: {@link #WON} when the {@code Mono} emits, {@code EMPTY} when it completes
   * empty, the reason's name when it errors with an {@link AuthorizationCallbackException}.
   */
  static String outcome(Mono<?> attempt) {
    return attempt
        .map(value -> WON)
        .onErrorResume(AuthorizationCallbackException.class, e -> Mono.just(e.reason().name()))
        .defaultIfEmpty("EMPTY")
        .block();
  }
}
