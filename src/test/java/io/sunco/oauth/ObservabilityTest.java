package io.sunco.oauth;

import static io.sunco.oauth.testing.TestServers.CLIENT_SECRET;
import static io.sunco.oauth.testing.TestServers.fixture;
import static io.sunco.oauth.testing.TestServers.json;
import static io.sunco.oauth.testing.TestServers.tokenInfoOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.sunco.oauth.testing.LogLines;
import io.sunco.oauth.testing.TestServers;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * One Micrometer observation per call with low-cardinality keys, and DEBUG logs without secrets.
 */
class ObservabilityTest {

  private static final String NAME = "sunco.oauth.client.call";
  private static final String CODE = "code-that-must-stay-secret";
  private static final String TOKEN_VALUE = "token-that-must-stay-secret";

  private MockWebServer server;
  private TestObservationRegistry registry;
  private SunshineOAuthClient client;

  @BeforeEach
  void setUp() {
    server = TestServers.start();
    registry = TestObservationRegistry.create();
    client = TestServers.fastClientFor(server).observationRegistry(registry).build();
  }

  @AfterEach
  void tearDown() {
    client.close();
    server.close();
  }

  private static String key(Observation.Context context, String name) {
    KeyValue value = context.getLowCardinalityKeyValue(name);
    return value == null ? null : value.getValue();
  }

  @Test
  void getTokenWhenSuccessThenOneObservationWithDocumentedKeys() {
    server.enqueue(
        json(200, "{\"access_token\":\"" + TOKEN_VALUE + "\",\"token_type\":\"Bearer\"}"));

    StepVerifier.create(client.getToken(CODE)).expectNextCount(1).verifyComplete();

    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(NAME, 1)
        .hasHandledContextsThatSatisfy(
            contexts -> {
              Observation.Context context = contexts.get(0);
              assertThat(key(context, "operation")).isEqualTo("getToken");
              assertThat(key(context, "outcome")).isEqualTo("SUCCESS");
              assertThat(key(context, "status")).isEqualTo("200");
              assertThat(key(context, "attempts")).isEqualTo("1");
              assertThat(context.getAllKeyValues().stream().map(KeyValue::getValue))
                  .noneMatch(
                      v -> v.contains(CODE) || v.contains(TOKEN_VALUE) || v.contains("http"));
            });
  }

  @Test
  void getTokenInfoWhenRetriedThenOneObservationCountingAttempts() {
    server.enqueue(json(503, "{}"));
    server.enqueue(json(503, "{}"));
    server.enqueue(tokenInfoOk());

    StepVerifier.create(client.getTokenInfo(AccessToken.bearer(TOKEN_VALUE)))
        .expectNextCount(1)
        .verifyComplete();

    TestObservationRegistryAssert.assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(NAME, 1)
        .hasAnObservationWithAKeyValue("operation", "getTokenInfo")
        .hasAnObservationWithAKeyValue("attempts", "3")
        .hasAnObservationWithAKeyValue("outcome", "SUCCESS");
  }

  @Test
  void getTokenWhenRejectedThenObservationCarriesOutcomeStatusAndError() {
    server.enqueue(json(400, fixture("error-rfc6749.json")));

    StepVerifier.create(client.getToken(CODE)).expectError().verify();

    TestObservationRegistryAssert.assertThat(registry)
        .hasHandledContextsThatSatisfy(
            contexts -> {
              Observation.Context context = contexts.get(0);
              assertThat(key(context, "outcome")).isEqualTo("CLIENT_ERROR");
              assertThat(key(context, "status")).isEqualTo("400");
              assertThat(context.getError()).isNotNull();
              assertThat(context.getError().getMessage()).doesNotContain(CODE, CLIENT_SECRET);
            });
  }

  @Test
  void callWhenParentObservationInReactorContextThenItBecomesTheParent() {
    server.enqueue(json(200, "{}"));
    Observation parent = Observation.start("user.request", registry);

    StepVerifier.create(
            client
                .revokeAccess(AccessToken.bearer(TOKEN_VALUE))
                .contextWrite(context -> context.put("micrometer.observation", parent)))
        .verifyComplete();
    parent.stop();

    TestObservationRegistryAssert.assertThat(registry)
        .forAllObservationsWithNameEqualTo(
            NAME, observation -> observation.hasParentObservationEqualTo(parent));
  }

  @Test
  void logsWhenDebugDuringFailuresThenAttemptsLoggedAndNoSecretAnywhere() {
    List<String> lines =
        LogLines.during(
            "io.sunco.oauth",
            () -> {
              server.enqueue(
                  new MockResponse.Builder().code(429).addHeader("Retry-After", "0").build());
              server.enqueue(
                  json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"bad code\"}"));
              StepVerifier.create(client.getToken(CODE)).expectError().verify();
              server.enqueue(json(503, "{}"));
              server.enqueue(tokenInfoOk());
              StepVerifier.create(client.getTokenInfo(AccessToken.bearer(TOKEN_VALUE)))
                  .expectNextCount(1)
                  .verifyComplete();
            });

    assertThat(lines)
        .anyMatch(line -> line.contains("attempt"))
        .anyMatch(line -> line.contains("retry"));
    assertThat(lines)
        .noneMatch(
            line ->
                line.contains(CODE) || line.contains(TOKEN_VALUE) || line.contains(CLIENT_SECRET));
  }
}
