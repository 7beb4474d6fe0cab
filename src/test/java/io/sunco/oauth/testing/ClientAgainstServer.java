package io.sunco.oauth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineResponseException;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

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

  /**
   * Subscribes to {@code call}, expects it to error with a {@link SunshineResponseException} of
   * {@code operation} (a 2xx answer that breaks the protocol), and hands it back for the checks of
   * the test.
   *
   * @param call the call under test
   * @param operation the operation the error must name
   * @return the error
   */
  protected static SunshineResponseException responseError(Mono<?> call, Operation operation) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    StepVerifier.create(call).expectErrorSatisfies(failure::set).verify();
    assertThat(failure.get()).isInstanceOf(SunshineResponseException.class);
    SunshineResponseException error = (SunshineResponseException) failure.get();
    assertThat(error.operation()).isEqualTo(operation);
    return error;
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
