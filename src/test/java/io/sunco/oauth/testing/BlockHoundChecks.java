package io.sunco.oauth.testing;

import java.time.Duration;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The proof that BlockHound is live in this JVM, for the tests whose checks rely on it. */
public final class BlockHoundChecks {

  private BlockHoundChecks() {}

  /**
   * Sleeps on one of Reactor's parallel threads and checks that BlockHound reports it with a {@link
   * BlockingOperationError}: BlockHound is installed and watches those threads.
   */
  public static void assertSleepOnParallelIsReported() {
    StepVerifier.create(
            Mono.fromCallable(
                    () -> {
                      Thread.sleep(1);
                      return "slept";
                    })
                .subscribeOn(Schedulers.parallel()))
        .expectError(BlockingOperationError.class)
        .verify(Duration.ofSeconds(5));
  }
}
