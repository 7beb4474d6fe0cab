package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.ClientAutoConfigurationTest.CLIENT_ID;
import static io.sunco.oauth.boot.ClientAutoConfigurationTest.RUNNER;
import static io.sunco.oauth.boot.PropertyValidationTest.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.sunco.oauth.policy.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

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

  @Test
  void startWhenMaxBackoffEqualsTheDefaultInitialAndInitialIsAboveThenFailsNamingTheInitial() {
    Duration defaultInitial = RetryPolicy.defaults().initialBackoff();

    RUNNER
        .withPropertyValues(
            "sunco.oauth.client-id=" + CLIENT_ID,
            "sunco.oauth.retry.max-backoff=" + defaultInitial.toMillis() + "ms",
            "sunco.oauth.retry.initial-backoff="
                + defaultInitial.multipliedBy(10).toMillis()
                + "ms")
        .run(
            context ->
                assertThat(failure(context).property())
                    .isEqualTo("sunco.oauth.retry.initial-backoff"));
  }

  @Test
  void startWhenMaxBackoffEqualsTheDefaultInitialThenBothApplied() {
    Duration defaultInitial = RetryPolicy.defaults().initialBackoff();

    RUNNER
        .withPropertyValues(
            "sunco.oauth.client-id=" + CLIENT_ID,
            "sunco.oauth.retry.max-backoff=" + defaultInitial.toMillis() + "ms",
            "sunco.oauth.retry.initial-backoff=" + defaultInitial.toMillis() + "ms")
        .run(
            context -> {
              RetryPolicy policy =
                  context
                      .getBean(io.sunco.oauth.SunshineOAuthClient.class)
                      .settings()
                      .retryPolicy();
              assertThat(policy.initialBackoff()).isEqualTo(defaultInitial);
              assertThat(policy.maxBackoff()).isEqualTo(defaultInitial);
            });
  }
}
