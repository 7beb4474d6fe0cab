package io.sunco.oauth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class StepVerifierTimeoutsTest {

  @Test
  void launcherSessionWhenOpenedThenDefaultVerifyTimeoutIsBounded() throws Exception {
    // Reactor offers no getter; the builder keeps the default in a package-private field.
    Field field =
        Class.forName("reactor.test.DefaultStepVerifierBuilder")
            .getDeclaredField("defaultVerifyTimeout");
    field.setAccessible(true);
    assertThat(field.get(null)).isEqualTo(StepVerifierTimeouts.DEFAULT_VERIFY_TIMEOUT);
  }

  @Test
  void verifyWhenMonoNeverTerminatesThenFailsInsteadOfHanging() {
    StepVerifier.setDefaultTimeout(Duration.ofMillis(200)); // shorter here, restored below
    try {
      assertThatThrownBy(() -> StepVerifier.create(Mono.never()).verifyComplete())
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("timed out");
    } finally {
      StepVerifier.setDefaultTimeout(StepVerifierTimeouts.DEFAULT_VERIFY_TIMEOUT);
    }
  }
}
