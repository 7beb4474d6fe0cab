package io.sunco.oauth.emulator;

import java.io.IOException;
import java.net.InetAddress;
import mockwebserver3.MockWebServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the removal tests: the integration's own server on a free loopback port, which the
 * emulator calls at its remove URL, and the emulator a test starts; both closed after each test.
 */
abstract class IntegrationServerFixture {

  final MockWebServer integrationServer = new MockWebServer();
  @Nullable SunshineOAuthEmulator emulator;

  @BeforeEach
  void startIntegrationServer() throws IOException {
    integrationServer.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    integrationServer.close();
    if (emulator != null) {
      emulator.close();
    }
  }
}
