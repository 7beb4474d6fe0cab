package io.sunco.oauth.webflux;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.internal.MicrometerCallObserver;
import org.jspecify.annotations.Nullable;
import reactor.util.context.ContextView;

/**
 * One Micrometer observation per request of the routes, named {@value
 * SunshineOAuthRoutes#OBSERVATION_NAME} (callback) or {@value
 * SunshineOAuthRoutes#START_OBSERVATION_NAME} (start), with one low-cardinality key, {@value
 * SunshineOAuthRoutes#OUTCOME_KEY}; never a code, a state, a user or an app id. The server's
 * observation in the Reactor context becomes the parent; failures on our side or upstream are
 * reported with {@link Observation#error}. Under Micrometer's meter handler it is a timer (count
 * and duration) per outcome.
 */
final class MicrometerFlowObserver implements FlowObserver {

  private final ObservationRegistry registry;

  MicrometerFlowObserver(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Flow start(String name, ContextView context) {
    Observation observation =
        Observation.createNotStarted(name, registry)
            .contextualName(
                name.equals(SunshineOAuthRoutes.OBSERVATION_NAME)
                    ? "sunco-oauth callback"
                    : "sunco-oauth start");
    if (context.getOrDefault(MicrometerCallObserver.PARENT_KEY, null)
        instanceof Observation parent) {
      observation.parentObservation(parent);
    }
    observation.start();
    return (FlowOutcome outcome, @Nullable Throwable error) -> {
      observation.lowCardinalityKeyValue(SunshineOAuthRoutes.OUTCOME_KEY, outcome.tag());
      if (error != null) {
        observation.error(error);
      }
      observation.stop();
    };
  }
}
