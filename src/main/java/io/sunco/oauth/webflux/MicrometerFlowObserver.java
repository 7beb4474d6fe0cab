package io.sunco.oauth.webflux;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * One Micrometer observation per callback, named {@value SunshineOAuthRoutes#OBSERVATION_NAME},
 * with one low-cardinality key, {@value SunshineOAuthRoutes#OUTCOME_KEY}; never a code, a state, a
 * user or an app id. Under Micrometer's meter handler it is a timer (count and duration) per
 * outcome.
 */
final class MicrometerFlowObserver implements FlowObserver {

  private final ObservationRegistry registry;

  MicrometerFlowObserver(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Flow start() {
    Observation observation =
        Observation.createNotStarted(SunshineOAuthRoutes.OBSERVATION_NAME, registry)
            .contextualName("sunco-oauth callback")
            .start();
    return outcome ->
        observation.lowCardinalityKeyValue(SunshineOAuthRoutes.OUTCOME_KEY, outcome.tag()).stop();
  }
}
