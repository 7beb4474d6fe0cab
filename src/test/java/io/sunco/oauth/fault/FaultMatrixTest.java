package io.sunco.oauth.fault;

import static io.sunco.oauth.testing.TestServers.fixture;
import static io.sunco.oauth.testing.TestServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.testing.ClientAgainstServer;
import io.sunco.oauth.testing.TestServers;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The same faults against each of the three network calls, with the exact number of requests that
 * reached the server: one for a token exchange whose outcome is unknown, three (the default
 * attempts) for the calls that are safe to repeat.
 */
class FaultMatrixTest extends ClientAgainstServer {

  private static final AccessToken TOKEN = AccessToken.bearer("t");

  private Mono<?> call(Operation operation) {
    return switch (operation) {
      case GET_TOKEN -> client.getToken("code-1");
      case GET_TOKEN_INFO -> client.getTokenInfo(TOKEN);
      case REVOKE_ACCESS -> client.revokeAccess(TOKEN);
    };
  }

  private static int expectedAttempts(Operation operation) {
    return operation == Operation.GET_TOKEN ? 1 : 3;
  }

  private void expectFailure(Operation operation, MockResponse fault, boolean processed) {
    for (int i = 0; i < 3; i++) {
      server.enqueue(fault);
    }
    StepVerifier.create(call(operation))
        .expectErrorSatisfies(
            e -> {
              SunshineOAuthException error = (SunshineOAuthException) e;
              assertThat(error.operation()).isEqualTo(operation);
              assertThat(error.requestMayHaveBeenProcessed()).isEqualTo(processed);
              assertThat(error.getMessage()).doesNotContain("code-1", TestServers.CLIENT_SECRET);
            })
        .verify(Duration.ofSeconds(15));
    int expected = processed ? expectedAttempts(operation) : 3;
    assertThat(server.getRequestCount()).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(Operation.class)
  void callWhen503EveryTimeThenAttemptsMatchWhatIsSafe(Operation operation) {
    expectFailure(operation, json(503, "{\"errors\":[{\"code\":\"unavailable\"}]}"), true);
  }

  @ParameterizedTest
  @EnumSource(Operation.class)
  void callWhenConnectionClosedAfterRequestThenAttemptsMatchWhatIsSafe(Operation operation) {
    expectFailure(
        operation,
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build(),
        true);
  }

  @ParameterizedTest
  @EnumSource(Operation.class)
  void callWhenNeverAnsweredThenAttemptsMatchWhatIsSafe(Operation operation) {
    expectFailure(
        operation,
        new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build(),
        true);
  }

  @ParameterizedTest
  @EnumSource(Operation.class)
  void callWhen429EveryTimeThenAlwaysRetriedBecauseNothingWasProcessed(Operation operation) {
    expectFailure(
        operation,
        new MockResponse.Builder().code(429).addHeader("Retry-After", "0").build(),
        false);
  }

  @ParameterizedTest
  @EnumSource(Operation.class)
  void callWhen401ThenNeverRetried(Operation operation) {
    server.enqueue(json(401, fixture("error-v1.json")));
    StepVerifier.create(call(operation))
        .expectError(io.sunco.oauth.error.SunshineApiException.class)
        .verify(Duration.ofSeconds(15));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
