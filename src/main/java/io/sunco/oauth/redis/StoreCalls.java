package io.sunco.oauth.redis;

import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The one home of the deadline and the error translation around a Redis command: whatever Lettuce
 * reports (not connected, connection lost, a server error) and a command that does not answer in
 * time both become a {@link StoreUnavailableException}.
 */
final class StoreCalls {

  private StoreCalls() {}

  /**
   * Runs the command on subscription; errors with {@link StoreUnavailableException} when it fails
   * or has not answered within {@code timeout} (timed on Reactor's parallel scheduler, which then
   * cancels the command).
   */
  static <T> Mono<T> call(Operation operation, Duration timeout, Supplier<Mono<T>> command) {
    return Mono.defer(command)
        .timeout(timeout, Schedulers.parallel())
        .onErrorMap(
            error ->
                error instanceof TimeoutException
                    ? StoreUnavailableException.timedOut(operation, timeout)
                    : StoreUnavailableException.failed(operation, error));
  }
}
