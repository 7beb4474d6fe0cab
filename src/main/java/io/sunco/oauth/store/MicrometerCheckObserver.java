package io.sunco.oauth.store;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * One Micrometer observation per token checked, named {@value TokenCheck#OBSERVATION_NAME}, with
 * one low-cardinality key, {@value TokenCheck#OUTCOME_KEY}; never an app id or a token. Under
 * Micrometer's meter handler it is a timer (count and duration) per outcome.
 */
final class MicrometerCheckObserver implements CheckObserver {

  private final ObservationRegistry registry;

  MicrometerCheckObserver(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Check start() {
    Observation observation =
        Observation.createNotStarted(TokenCheck.OBSERVATION_NAME, registry)
            .contextualName("sunco-oauth token check");
    observation.start();
    return outcome ->
        observation.lowCardinalityKeyValue(TokenCheck.OUTCOME_KEY, outcome.tag()).stop();
  }
}
