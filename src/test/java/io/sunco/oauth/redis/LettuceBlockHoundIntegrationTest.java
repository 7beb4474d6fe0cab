package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.testing.BlockHoundChecks;
import org.junit.jupiter.api.Test;

/** The Lettuce allowance is loaded, and BlockHound still catches blocking everywhere else. */
class LettuceBlockHoundIntegrationTest {

  @Test
  void blockHoundWhenInstalledThenAppliedTheLettuceAllowance() {
    assertThat(LettuceBlockHoundIntegration.applied).isTrue();
  }

  @Test
  void blockHoundWhenSleepingOnParallelOutsideLettuceThenStillReportsIt() {
    BlockHoundChecks.assertSleepOnParallelIsReported();
  }
}
