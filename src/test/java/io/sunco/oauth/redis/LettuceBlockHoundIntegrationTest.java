package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** The Lettuce allowance is loaded, and BlockHound still catches blocking everywhere else. */
class LettuceBlockHoundIntegrationTest {

  @Test
  void blockHoundWhenInstalledThenAppliedTheLettuceAllowance() {
    assertThat(LettuceBlockHoundIntegration.applied).isTrue();
  }

  @Test
  void blockHoundWhenSleepingOnParallelOutsideLettuceThenStillReportsIt() {
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
