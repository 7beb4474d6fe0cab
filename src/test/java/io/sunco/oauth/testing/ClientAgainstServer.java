package io.sunco.oauth.testing;

import io.sunco.oauth.SunshineOAuthClient;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up of a test class that runs a client against one MockWebServer: before each test a
 * server on a free loopback port and a client built by {@link #clientFor(MockWebServer)}, after
 * each test both closed.
 */
public abstract class ClientAgainstServer {

  /** The server of the current test. */
  protected MockWebServer server;

  /** The client of the current test, pointed at {@link #server}. */
  protected SunshineOAuthClient client;

  /**
   * The client's builder; {@link TestServers#fastClientFor(MockWebServer)} unless a class needs
   * another.
   *
   * @param server the server to point at
   * @return the builder
   */
  protected SunshineOAuthClient.Builder clientFor(MockWebServer server) {
    return TestServers.fastClientFor(server);
  }

  @BeforeEach
  final void startServerAndClient() {
    server = TestServers.start();
    client = clientFor(server).build();
  }

  @AfterEach
  final void closeServerAndClient() {
    client.close();
    server.close();
  }
}
