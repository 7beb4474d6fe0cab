package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import java.time.Duration;
import java.util.function.Consumer;

/** The errors the Redis backends' failure tests expect, checked in one place. */
final class StoreErrors {

  private StoreErrors() {}

  /**
   * A {@link StoreUnavailableException} of {@code operation} that timed out at {@code deadline}.
   */
  static Consumer<Throwable> timedOut(Operation operation, Duration deadline) {
    return unavailable(
        operation,
        e -> {
          assertThat(e.deadline()).contains(deadline);
          assertThat(e).hasMessageContaining("did not answer in time");
        });
  }

  /**
   * A {@link StoreUnavailableException} of {@code operation}, without deadline, from {@code cause}.
   */
  static Consumer<Throwable> failed(Operation operation, Class<?> cause) {
    return unavailable(
        operation,
        e -> {
          assertThat(e.deadline()).isEmpty();
          assertThat(e.getCause()).isInstanceOf(cause);
        });
  }

  private static Consumer<Throwable> unavailable(
      Operation operation, Consumer<StoreUnavailableException> more) {
    return error ->
        assertThat(error)
            .isInstanceOfSatisfying(
                StoreUnavailableException.class,
                e -> {
                  assertThat(e.operation()).isEqualTo(operation);
                  more.accept(e);
                });
  }
}
