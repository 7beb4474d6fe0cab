package io.sunco.oauth.internal;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.sunco.oauth.error.ApiError;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineResponseException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTimeoutException.Deadline;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.util.context.Context;

/** The keys of the observation for each way a call can end. */
class MicrometerCallObserverTest {

  private static final Operation OP = Operation.GET_TOKEN_INFO;

  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private final MicrometerCallObserver observer = new MicrometerCallObserver(registry);

  private CallObserver.CallObservation start() {
    return observer.start(OP, Context.empty());
  }

  private TestObservationRegistryAssert
          .TestObservationRegistryAssertReturningObservationContextAssert
      single() {
    return TestObservationRegistryAssert.assertThat(registry)
        .hasSingleObservationThat()
        .hasNameEqualTo(MicrometerCallObserver.NAME)
        .hasLowCardinalityKeyValue("operation", "getTokenInfo")
        .hasBeenStarted()
        .hasBeenStopped();
  }

  private static SunshineApiException api(int status) {
    return new SunshineApiException(OP, status, List.of(new ApiError("x", "")), null);
  }

  @Test
  void succeededWhenStatusKnownThenSuccessWithStatusAndStopped() {
    start().succeeded(200, 2);

    single()
        .hasLowCardinalityKeyValue("outcome", "SUCCESS")
        .hasLowCardinalityKeyValue("status", "200")
        .hasLowCardinalityKeyValue("attempts", "2")
        .doesNotHaveError();
  }

  @Test
  void succeededWhenNoStatusRecordedThenStatusNone() {
    start().succeeded(0, 1);

    single()
        .hasLowCardinalityKeyValue("outcome", "SUCCESS")
        .hasLowCardinalityKeyValue("status", "NONE");
  }

  @ParameterizedTest
  @CsvSource({
    "500, SERVER_ERROR",
    "503, SERVER_ERROR",
    "499, CLIENT_ERROR",
    "400, CLIENT_ERROR",
    "399, REDIRECTION",
    "302, REDIRECTION"
  })
  void failedWhenApiErrorThenOutcomeFollowsStatusClass(int status, String outcome) {
    SunshineApiException error = api(status);

    start().failed(error, 1);

    single()
        .hasLowCardinalityKeyValue("outcome", outcome)
        .hasLowCardinalityKeyValue("status", Integer.toString(status))
        .hasError(error);
  }

  @Test
  void failedWhenTimeoutThenTimeoutWithoutStatus() {
    SunshineTimeoutException error =
        new SunshineTimeoutException(OP, Deadline.CALL, Duration.ofSeconds(30), 3, true, null);

    start().failed(error, 3);

    single()
        .hasLowCardinalityKeyValue("outcome", "TIMEOUT")
        .hasLowCardinalityKeyValue("status", "NONE")
        .hasLowCardinalityKeyValue("attempts", "3")
        .hasError(error);
  }

  @Test
  void failedWhenMalformedAnswerThenMalformedResponseWithItsStatus() {
    SunshineResponseException error = new SunshineResponseException(OP, 200, "not JSON", null);

    start().failed(error, 1);

    single()
        .hasLowCardinalityKeyValue("outcome", "MALFORMED_RESPONSE")
        .hasLowCardinalityKeyValue("status", "200")
        .hasError(error);
  }

  @Test
  void failedWhenTransportErrorThenTransportErrorWithoutStatus() {
    SunshineTransportException error =
        new SunshineTransportException(OP, Reason.CLOSED_DURING_EXCHANGE, true, null);

    start().failed(error, 2);

    single()
        .hasLowCardinalityKeyValue("outcome", "TRANSPORT_ERROR")
        .hasLowCardinalityKeyValue("status", "NONE")
        .hasError(error);
  }

  @Test
  void failedWhenNotALibraryErrorThenUnknown() {
    IllegalStateException error = new IllegalStateException("client closed");

    start().failed(error, 0);

    single()
        .hasLowCardinalityKeyValue("outcome", "UNKNOWN")
        .hasLowCardinalityKeyValue("status", "NONE")
        .hasLowCardinalityKeyValue("attempts", "0")
        .hasError(error);
  }

  @Test
  void cancelledThenCancelledOutcomeAndStopped() {
    start().cancelled(1);

    single()
        .hasLowCardinalityKeyValue("outcome", "CANCELLED")
        .hasLowCardinalityKeyValue("status", "NONE")
        .hasLowCardinalityKeyValue("attempts", "1")
        .doesNotHaveError();
  }
}
