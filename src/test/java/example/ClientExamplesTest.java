package example;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.junit.SunshineOAuthEmulatorExtension;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The README's fragments about one client: "Errors", "Defaults and how to change them" and
 * "Observability", each compiled in a method that gives it the variables it uses, and run against
 * the emulator.
 */
class ClientExamplesTest {

  static final String CLIENT_ID = "client-id";
  static final String SECRET = "client-secret";
  static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme");

  @RegisterExtension
  static final SunshineOAuthEmulatorExtension SUNCO =
      SunshineOAuthEmulatorExtension.builder()
          .integration(Integration.of(CLIENT_ID, SECRET, "http://127.0.0.1:8080/callback"))
          .app(APP)
          .build();

  @Nested
  class Errors {

    private final AtomicInteger restarts = new AtomicInteger();

    /** What the application does instead: send the browser to the start again. */
    private Mono<AccessToken> restartAuthorization() {
      restarts.incrementAndGet();
      return Mono.empty();
    }

    private Mono<AccessToken> exchange(SunshineOAuthClient client, String code) {
      // tag::readme-errors[]
      Mono<AccessToken> token =
          client
              .getToken(code)
              .onErrorResume(
                  SunshineApiException.class,
                  e -> e.hasErrorCode("invalid_grant") ? restartAuthorization() : Mono.error(e));
      // end::readme-errors[]
      return token;
    }

    @Test
    void exchangeWhenCodeAlreadySpentThenInvalidGrantRestartsTheAuthorization(
        SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
      String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
      client.getToken(code).block(); // the code is spent

      StepVerifier.create(exchange(client, code)).verifyComplete();

      assertThat(restarts).hasValue(1);
    }

    @Test
    void exchangeWhenCodeFreshThenTokenAndNoRestart(
        SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
      String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());

      StepVerifier.create(exchange(client, code)).expectNextCount(1).verifyComplete();

      assertThat(restarts).hasValue(0);
    }

    @Test
    void exchangeWhenOtherApiErrorThenErrorPassesThroughWithoutRestart(
        SunshineOAuthEmulator emulator) {
      String code = emulator.issueAuthorizationCode(CLIENT_ID, APP.id());
      try (SunshineOAuthClient wrongSecret =
          SunshineOAuthClient.builder()
              .clientId(CLIENT_ID)
              .clientSecret("not-the-secret")
              .baseUrl(emulator.baseUrl())
              .build()) {

        StepVerifier.create(exchange(wrongSecret, code))
            .expectErrorSatisfies(
                e -> assertThat(((SunshineApiException) e).hasErrorCode("invalid_grant")).isFalse())
            .verify();
      }
      assertThat(restarts).hasValue(0);
    }
  }

  @Nested
  class Defaults {

    record Built(SunshineOAuthClient client, Mono<TokenInfo> info) {}

    private Built build(String clientId, String secret, String baseUrl, AccessToken token) {
      // tag::readme-defaults[]
      SunshineOAuthClient client =
          SunshineOAuthClient.builder()
              .clientId(clientId)
              .clientSecret(secret)
              .baseUrl(baseUrl)
              .timeouts(
                  Timeouts.defaults()
                      .withAttempt(Duration.ofSeconds(5))
                      .withCall(Duration.ofSeconds(15)))
              .retryPolicy(RetryPolicy.defaults().withMaxRetries(3))
              .build();

      // A derived client shares the pool and the budget, with other policies for some calls:
      SunshineOAuthClient once = client.newBuilder().retryPolicy(RetryPolicy.none()).build();
      Mono<TokenInfo> info = once.getTokenInfo(token);
      // end::readme-defaults[]
      return new Built(client, info);
    }

    @Test
    void derivedClientWhenServerAnswersThenOneAttemptSucceeds(SunshineOAuthEmulator emulator) {
      AccessToken token = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, APP.id()));
      Built built = build(CLIENT_ID, SECRET, emulator.baseUrl(), token);
      try (SunshineOAuthClient client = built.client()) {

        StepVerifier.create(built.info())
            .assertNext(info -> assertThat(info.appId()).isEqualTo(APP.id()))
            .verifyComplete();

        assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_INFO_PATH)).isEqualTo(1);
        assertThat(client.timeouts().attempt()).isEqualTo(Duration.ofSeconds(5));
        assertThat(client.timeouts().call()).isEqualTo(Duration.ofSeconds(15));
        assertThat(client.retryPolicy().maxRetries()).isEqualTo(3);
      }
    }

    @Test
    void derivedClientWhen503ThenNoRetryWhileTheBuiltClientRetries(SunshineOAuthEmulator emulator) {
      AccessToken token = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, APP.id()));
      Built built = build(CLIENT_ID, SECRET, emulator.baseUrl(), token);
      try (SunshineOAuthClient client = built.client()) {
        emulator.enqueue(ScriptedResponse.status(503).times(1));

        StepVerifier.create(built.info())
            .expectErrorSatisfies(
                e -> assertThat(((SunshineApiException) e).status()).isEqualTo(503))
            .verify();
        assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_INFO_PATH)).isEqualTo(1);

        emulator.enqueue(ScriptedResponse.status(503).times(1));
        StepVerifier.create(client.getTokenInfo(token)).expectNextCount(1).verifyComplete();
        assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_INFO_PATH)).isEqualTo(3);
      }
    }
  }

  @Nested
  class Observability {

    private SunshineOAuthClient build(
        String clientId, String secret, ObservationRegistry observationRegistry) {
      // tag::readme-observability[]
      SunshineOAuthClient client =
          SunshineOAuthClient.builder()
              .clientId(clientId)
              .clientSecret(secret)
              .observationRegistry(observationRegistry)
              .build();
      // end::readme-observability[]
      return client;
    }

    @Test
    void clientWhenCallCompletesThenOneObservationWithItsKeys(SunshineOAuthEmulator emulator) {
      TestObservationRegistry registry = TestObservationRegistry.create();
      AccessToken token = AccessToken.bearer(emulator.issueAccessToken(CLIENT_ID, APP.id()));
      try (SunshineOAuthClient client = build(CLIENT_ID, SECRET, registry)) {
        // The block's client calls the live service; one of its family (same registry) calls the
        // emulator.
        SunshineOAuthClient atEmulator = client.newBuilder().baseUrl(emulator.baseUrl()).build();

        StepVerifier.create(atEmulator.getTokenInfo(token)).expectNextCount(1).verifyComplete();

        TestObservationRegistryAssert.assertThat(registry)
            .hasNumberOfObservationsWithNameEqualTo("sunco.oauth.client.call", 1)
            .hasObservationWithNameEqualTo("sunco.oauth.client.call")
            .that()
            .hasLowCardinalityKeyValue("operation", "getTokenInfo")
            .hasLowCardinalityKeyValue("outcome", "SUCCESS")
            .hasLowCardinalityKeyValue("status", "200")
            .hasLowCardinalityKeyValue("attempts", "1");
      }
    }
  }
}
