package io.sunco.oauth.emulator;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

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
    int requestLogCapacity,
    Optional<Consumer<? super HandledRequest>> requestListener,
    boolean loopbackAnyPort,
    List<ApiKey> apiKeys,
    Optional<TlsIdentity> tls,
    Optional<AdminSecret> adminSecret) {

  App defaultApp() {
    return apps.values().iterator().next();
  }
}
