package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.Credentials;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.AuthorizationDeniedException;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.StateGenerator;
import io.sunco.oauth.emulator.ApiKey;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.ConsentMode;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.junit.EmulatorAssertions;
import io.sunco.oauth.junit.SunshineOAuthEmulatorExtension;
import io.sunco.oauth.policy.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A user's integration tests, outside the library's packages: only the public API, the JUnit
 * extension and the emulator, as a project that depends on the library would use them.
 */
class ConsumerScenariosTest {

  static final String CLIENT_ID = "partner-integration";
  static final String APP_ID = "63ac4f1b8e2f3a0011c0ffee";
  static final String CALLBACK = "https://partner.example/sunco/callback";
  static final String BROWSER = "nonce-of-this-browser";

  @RegisterExtension
  static final SunshineOAuthEmulatorExtension SUNCO =
      SunshineOAuthEmulatorExtension.builder()
          .integration(Integration.of(CLIENT_ID, "partner-secret-0123456789", CALLBACK))
          .app(App.of(APP_ID, "globex", "Globex Support"))
          .emulator(
              emulator ->
                  emulator
                      .apiKey(
                          ApiKey.integration("app_globex", "globex-key-secret", CLIENT_ID, APP_ID))
                      .apiKey(ApiKey.account("act_partner", "account-key-secret", CLIENT_ID)))
          .build();

  private final InMemoryPendingAuthorizationStore store =
      InMemoryPendingAuthorizationStore.create();
  private final StateGenerator states = StateGenerator.create();

  /** What the partner's login handler does: a state bound to the browser, then the consent URL. */
  private URI startLogin(SunshineOAuthClient client) {
    String state = states.next();
    store.save(state, PendingAuthorization.of(BROWSER, Instant.now())).block();
    return URI.create(client.authorizeUrl(AuthorizeRequest.of(CALLBACK, state)));
  }

  /** What the partner's callback handler does: check the state, exchange the code. */
  private Mono<AccessToken> callback(SunshineOAuthClient client, URI redirect) {
    return AuthorizationCallback.usingStore(store)
        .verify(redirect, BROWSER)
        .flatMap(verified -> client.getToken(verified.code()));
  }

  @Nested
  class HappyPath {

    @Test
    void loginWhenCustomerAllowsThenTokenForTheirApp(
        SunshineOAuthEmulator emulator, SunshineOAuthClient client) throws InterruptedException {
      URI redirect = SUNCO.followConsent(startLogin(client));

      assertThat(redirect.toString()).startsWith(CALLBACK + "?code=");
      AccessToken token = callback(client, redirect).block();
      TokenInfo info = client.getTokenInfo(token).block();

      assertThat(info.appId()).isEqualTo(APP_ID);
      assertThat(info.subdomain()).hasValue("globex");
      assertThat(info.displayName()).hasValue("Globex Support");
      EmulatorAssertions.assertRequestCount(emulator, SunshineOAuthEmulator.AUTHORIZE_PATH, 1);
      EmulatorAssertions.assertRequestCount(emulator, SunshineOAuthEmulator.TOKEN_PATH, 1);
      EmulatorAssertions.assertRequestCount(emulator, SunshineOAuthEmulator.TOKEN_INFO_PATH, 1);
      RecordedRequest first = emulator.takeRequest(Duration.ofSeconds(1)).orElseThrow();
      assertThat(first.queryParameter("client_id")).hasValue(CLIENT_ID);
      RecordedRequest exchange = emulator.takeRequest(Duration.ofSeconds(1)).orElseThrow();
      assertThat(exchange.header("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void loginWhenCallbackReplayedThenSecondUseRefusedAndNoSecondExchange(
        SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
      URI redirect = SUNCO.followConsent(startLogin(client));
      callback(client, redirect).block();

      StepVerifier.create(callback(client, redirect)).expectError().verify();

      EmulatorAssertions.assertRequestCount(emulator, SunshineOAuthEmulator.TOKEN_PATH, 1);
    }
  }

  @Nested
  class Denial {

    @Test
    void loginWhenCustomerDeniesThenDeniedErrorAndNoTokenRequest(
        SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
      emulator.consentMode(ConsentMode.DENY);

      URI redirect = SUNCO.followConsent(startLogin(client));

      StepVerifier.create(callback(client, redirect))
          .expectErrorSatisfies(
              error ->
                  assertThat(error)
                      .isInstanceOfSatisfying(
                          AuthorizationDeniedException.class,
                          denied -> assertThat(denied.error()).isEqualTo("access_denied")))
          .verify();
      EmulatorAssertions.assertRequestCount(emulator, SunshineOAuthEmulator.TOKEN_PATH, 0);
    }

    @Test
    void consentModeWhenNextTestRunsThenBackToAutomatic(SunshineOAuthEmulator emulator) {
      assertThat(emulator.consentMode()).isEqualTo(ConsentMode.AUTOMATIC);
    }
  }

  @Nested
  class RateLimit {

    @Test
    void getTokenWhenOne429WithRetryAfterThenRetriedAndSucceeds(
        SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
      emulator.enqueue(ScriptedResponse.rateLimited(1).onlyPath(SunshineOAuthEmulator.TOKEN_PATH));
      URI redirect = SUNCO.followConsent(startLogin(client));

      AccessToken token = callback(client, redirect).block();

      assertThat(token).isNotNull();
      EmulatorAssertions.assertRequestCount(emulator, SunshineOAuthEmulator.TOKEN_PATH, 2);
    }

    @Test
    void getTokenWhen429AndNoRetriesThenApiExceptionCarriesRetryAfter(
        SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
      emulator.enqueue(ScriptedResponse.rateLimited(7).onlyPath(SunshineOAuthEmulator.TOKEN_PATH));
      String code = emulator.issueAuthorizationCode(CLIENT_ID, APP_ID);

      StepVerifier.create(
              client.newBuilder().retryPolicy(RetryPolicy.none()).build().getToken(code))
          .expectErrorSatisfies(
              error ->
                  assertThat(error)
                      .isInstanceOfSatisfying(
                          SunshineApiException.class,
                          api -> {
                            assertThat(api.status()).isEqualTo(429);
                            assertThat(api.retryAfter()).hasValue(Duration.ofSeconds(7));
                            assertThat(api.hasErrorCode("too_many_requests")).isTrue();
                          }))
          .verify();
    }
  }

  @Nested
  class Revoke {

    private AccessToken connect(SunshineOAuthClient client) {
      return callback(client, SUNCO.followConsent(startLogin(client))).block();
    }

    private Optional<Integer> tokenInfoStatus(SunshineOAuthClient client, AccessToken token) {
      return client
          .newBuilder()
          .retryPolicy(RetryPolicy.none())
          .build()
          .getTokenInfo(token)
          .map(info -> 200)
          .onErrorResume(SunshineApiException.class, e -> Mono.just(e.status()))
          .blockOptional();
    }

    @Test
    void revokeAccessWhenAppKeyAsBasicThenTokenRefusedAfterwards(SunshineOAuthClient client) {
      AccessToken token = connect(client);

      client.revokeAccess(Credentials.basic("app_globex", "globex-key-secret")).block();

      assertThat(tokenInfoStatus(client, token)).hasValue(401);
    }

    @Test
    void revokeAccessWhenAccountKeyAsJwtThenTokenRefusedAfterwards(SunshineOAuthClient client) {
      AccessToken token = connect(client);

      client
          .revokeAccess(
              Credentials.jwt("act_partner", "account-key-secret", Credentials.JwtScope.ACCOUNT))
          .block();

      assertThat(tokenInfoStatus(client, token)).hasValue(401);
    }

    @Test
    void revokeAccessWhenKeySecretWrongThen401AndTokenStillWorks(SunshineOAuthClient client) {
      AccessToken token = connect(client);

      StepVerifier.create(client.revokeAccess(Credentials.basic("app_globex", "not-the-secret")))
          .expectErrorSatisfies(
              error ->
                  assertThat(error)
                      .isInstanceOfSatisfying(
                          SunshineApiException.class,
                          api -> assertThat(api.status()).isEqualTo(401)))
          .verify();
      assertThat(tokenInfoStatus(client, token)).hasValue(200);
    }

    @Test
    void revokeAccessWhenOwnTokenThenRefusedAfterwards(SunshineOAuthClient client) {
      AccessToken token = connect(client);

      client.revokeAccess(token).block();

      assertThat(tokenInfoStatus(client, token)).hasValue(401);
    }
  }
}
