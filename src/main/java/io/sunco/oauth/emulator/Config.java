package io.sunco.oauth.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/** The emulator's immutable configuration, as the builder left it. */
record Config(
    Map<String, Integration> integrations,
    Map<String, App> apps,
    ConsentMode consentMode,
    Duration codeLifetime,
    Clock clock,
    int port,
    OptionalLong scriptSeed,
    int maxRequestBodyBytes,
    int requestLogCapacity) {

  App defaultApp() {
    return apps.values().iterator().next();
  }
}
