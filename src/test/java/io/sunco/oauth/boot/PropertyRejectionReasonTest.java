package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.ClientAutoConfigurationTest.CLIENT_ID;
import static io.sunco.oauth.boot.ClientAutoConfigurationTest.RUNNER;
import static io.sunco.oauth.boot.StoreFixtures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.policy.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Why a value was rejected, as the start-up failure says it: the library's own reason for a value
 * it refuses, and the property a user has to change when two settings conflict.
 */
class PropertyRejectionReasonTest {

  @Test
  void startWhenLibraryRefusesTheValueThenTheMessageGivesTheLibrarysReason() {
    String reason = catchThrowable(() -> RetryPolicy.defaults().withMaxRetries(11)).getMessage();

    RUNNER
        .withPropertyValues(
            "sunco.oauth.client-id=" + CLIENT_ID, "sunco.oauth.retry.max-retries=11")
        .run(
            context ->
                assertThat(failure(context))
                    .hasMessage("sunco.oauth.retry.max-retries is invalid: " + reason));
  }

  /** The library's default initial backoff: the boundary the max backoff is checked against. */
  private static final Duration DEFAULT_INITIAL = RetryPolicy.defaults().initialBackoff();

  /** Starts with a client id and the two backoffs, in milliseconds. */
  private static ApplicationContextRunner backoffs(Duration max, Duration initial) {
    return RUNNER.withPropertyValues(
        "sunco.oauth.client-id=" + CLIENT_ID,
        "sunco.oauth.retry.max-backoff=" + max.toMillis() + "ms",
        "sunco.oauth.retry.initial-backoff=" + initial.toMillis() + "ms");
  }

  @Test
  void startWhenMaxBackoffEqualsTheDefaultInitialAndInitialIsAboveThenFailsNamingTheInitial() {
    backoffs(DEFAULT_INITIAL, DEFAULT_INITIAL.multipliedBy(10))
        .run(
            context ->
                assertThat(failure(context).property())
                    .isEqualTo("sunco.oauth.retry.initial-backoff"));
  }

  @Test
  void startWhenMaxBackoffEqualsTheDefaultInitialThenBothApplied() {
    backoffs(DEFAULT_INITIAL, DEFAULT_INITIAL)
        .run(
            context -> {
              RetryPolicy policy =
                  context.getBean(SunshineOAuthClient.class).settings().retryPolicy();
              assertThat(policy.initialBackoff()).isEqualTo(DEFAULT_INITIAL);
              assertThat(policy.maxBackoff()).isEqualTo(DEFAULT_INITIAL);
            });
  }
}
