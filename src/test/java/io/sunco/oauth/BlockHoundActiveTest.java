package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Proves that BlockHound is installed in every test JVM, so that the other tests would catch
 * blocking.
 */
class BlockHoundActiveTest {

  @Test
  void blockingCallWhenOnNonBlockingThreadThenBlockingOperationError() {
    Mono<Void> sleepOnParallel =
        Mono.<Void>fromRunnable(
                () -> {
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                })
            .subscribeOn(Schedulers.parallel());

    StepVerifier.create(sleepOnParallel)
        .expectErrorSatisfies(error -> assertThat(error).isInstanceOf(BlockingOperationError.class))
        .verify(Duration.ofSeconds(5));
  }
}
