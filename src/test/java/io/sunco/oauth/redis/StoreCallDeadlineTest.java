package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * Every Redis call of the store and the replay guard goes through {@link StoreCalls#call}: the
 * command runs on subscription, a silent Redis ends at the deadline as "timed out" with the
 * deadline, and any other failure becomes "failed" with its cause. Virtual time, no Redis: the
 * real-Redis versions of these outcomes (stopped, paused) are timing tests that mutation testing
 * leaves out.
 */
class StoreCallDeadlineTest {

  private static final Duration DEADLINE = Duration.ofSeconds(2);

  /** A StoreUnavailableException of this operation, with this deadline (if any) and cause. */
  private static Consumer<Throwable> unavailable(
      Operation operation, @Nullable Duration deadline, @Nullable Throwable cause) {
    return error -> {
      assertThat(error).isInstanceOf(StoreUnavailableException.class);
      StoreUnavailableException e = (StoreUnavailableException) error;
      assertThat(e.operation()).isEqualTo(operation);
      assertThat(e.deadline()).isEqualTo(Optional.ofNullable(deadline));
      assertThat(e.getCause()).isSameAs(cause);
    };
  }

  @Test
  void callWhenTheCommandNeverAnswersThenTimedOutWithTheDeadlineExactlyAtIt() {
    StepVerifier.withVirtualTime(() -> StoreCalls.call(Operation.SAVE, DEADLINE, Mono::never))
        .expectSubscription()
        .expectNoEvent(DEADLINE.minusMillis(1))
        .thenAwait(Duration.ofMillis(1))
        .expectErrorSatisfies(unavailable(Operation.SAVE, DEADLINE, null))
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void callWhenTheCommandFailsThenFailedWithTheOperationAndTheCause() {
    IOException reset = new IOException("connection reset");

    StepVerifier.create(StoreCalls.call(Operation.CONSUME, DEADLINE, () -> Mono.error(reset)))
        .expectErrorSatisfies(unavailable(Operation.CONSUME, null, reset))
        .verify(Duration.ofSeconds(5));
  }

  @Test
  void callWhenTheCommandAnswersInTimeThenItsValueAndTheCommandRunsOnlyOnSubscription() {
    AtomicInteger runs = new AtomicInteger();
    Mono<String> call =
        StoreCalls.call(
            Operation.MARK_USED,
            DEADLINE,
            () -> {
              runs.incrementAndGet();
              return Mono.just("OK");
            });

    assertThat(runs).as("nothing runs before subscription").hasValue(0);
    StepVerifier.create(call).expectNext("OK").verifyComplete();
    StepVerifier.create(call).expectNext("OK").verifyComplete();
    assertThat(runs).as("once per subscription").hasValue(2);
  }
}
