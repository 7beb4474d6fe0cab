package io.sunco.oauth.internal;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineResponseException;
import io.sunco.oauth.error.SunshineTimeoutException;
import reactor.util.context.ContextView;

/**
 * Records one Micrometer observation per call, named {@value #NAME}, with low-cardinality keys
 * only: {@code operation} (getToken, getTokenInfo, revokeAccess), {@code outcome} (SUCCESS,
 * CLIENT_ERROR, SERVER_ERROR, REDIRECTION, TIMEOUT, TRANSPORT_ERROR, MALFORMED_RESPONSE,
 * CANCELLED), {@code status} (the last HTTP status, or NONE) and {@code attempts}. Never a URL, a
 * code or a token. A parent observation in the subscriber's Reactor context under {@value
 * #PARENT_KEY} becomes the parent.
 */
public final class MicrometerCallObserver implements CallObserver {

  /** The name of the observation. */
  public static final String NAME = "sunco.oauth.client.call";

  /** The Reactor context key under which Micrometer keeps the current observation. */
  public static final String PARENT_KEY = "micrometer.observation";

  private final ObservationRegistry registry;

  /**
   * Makes an observer that records into the given registry.
   *
   * @param registry where observations go
   */
  public MicrometerCallObserver(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public CallObservation start(Operation operation, ContextView context) {
    Observation observation =
        Observation.createNotStarted(NAME, registry)
            .contextualName("sunco-oauth " + operation.methodName())
            .lowCardinalityKeyValue("operation", operation.methodName());
    Object parent = context.getOrDefault(PARENT_KEY, null);
    if (parent instanceof Observation parentObservation) {
      observation.parentObservation(parentObservation);
    }
    observation.start();
    return new CallObservation() {
      @Override
      public void succeeded(int status, int attempts) {
        stop("SUCCESS", status > 0 ? Integer.toString(status) : "NONE", attempts);
      }

      @Override
      public void failed(Throwable error, int attempts) {
        String status =
            error instanceof SunshineApiException api
                ? Integer.toString(api.status())
                : error instanceof SunshineResponseException response
                    ? Integer.toString(response.status())
                    : "NONE";
        // The exception's message is safe (it never carries a secret, code or token).
        observation.error(error);
        stop(outcome(error), status, attempts);
      }

      @Override
      public void cancelled(int attempts) {
        stop("CANCELLED", "NONE", attempts);
      }

      private void stop(String outcome, String status, int attempts) {
        observation
            .lowCardinalityKeyValue("outcome", outcome)
            .lowCardinalityKeyValue("status", status)
            .lowCardinalityKeyValue("attempts", Integer.toString(Math.max(attempts, 0)))
            .stop();
      }
    };
  }

  private static String outcome(Throwable error) {
    if (error instanceof SunshineApiException api) {
      int status = api.status();
      return status >= 500 ? "SERVER_ERROR" : status >= 400 ? "CLIENT_ERROR" : "REDIRECTION";
    }
    if (error instanceof SunshineTimeoutException) {
      return "TIMEOUT";
    }
    if (error instanceof SunshineResponseException) {
      return "MALFORMED_RESPONSE";
    }
    if (error instanceof SunshineOAuthException) {
      return "TRANSPORT_ERROR";
    }
    return "UNKNOWN";
  }
}
