package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.ApiErrors;
import io.sunco.oauth.testing.LogLines;
import io.sunco.oauth.testing.Revocations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link SunshineOAuthClient#completeAuthorization}: against the emulator, every way the flow can
 * end after the server issued a token either keeps the token (success) or revokes it, which the
 * emulator sees as a {@code DELETE /oauth/authorization} after which the token is refused.
 */
class CompleteAuthorizationTest extends CompleteAuthorizationFixture {

  private AccessToken revokedToken() throws InterruptedException {
    return Revocations.revokedToken(emulator);
  }

  private void assertRefused(AccessToken token) {
    Revocations.assertRefused(client, token);
  }

  @Nested
  class WhenEveryStepSucceeds {

    @Test
    void completeAuthorizationWhenStoredThenEmitsResultAndTokenStaysValid() throws Exception {
      AtomicReference<AccessToken> stored = new AtomicReference<>();

      StepVerifier.create(
              client.completeAuthorization(
                  code(), keeping(stored, info -> Mono.just(info.appId()))))
          .expectNext(APP.id())
          .verifyComplete();

      List<String> methods = new ArrayList<>();
      for (Optional<RecordedRequest> r = emulator.takeRequest(Duration.ofMillis(300));
          r.isPresent();
          r = emulator.takeRequest(Duration.ofMillis(300))) {
        methods.add(r.get().method() + " " + r.get().pathWithoutQuery());
      }
      assertThat(methods).containsExactly("POST /oauth/token", "GET /v2/tokenInfo");
      Revocations.assertValid(client, stored.get());
    }

    @Test
    void completeAuthorizationWhenFunctionCompletesEmptyThenCompletesEmptyAndKeepsToken()
        throws Exception {
      StepVerifier.create(client.completeAuthorization(code(), (token, info) -> Mono.empty()))
          .verifyComplete();

      assertThat(emulator.takeRequest(Duration.ofMillis(300))).isPresent(); // the exchange
      assertThat(emulator.takeRequest(Duration.ofMillis(300))).isPresent(); // the token info
      assertThat(emulator.takeRequest(Duration.ofMillis(500))).isEmpty(); // no revoke
    }
  }

  @Nested
  class WhenALaterStepFails {

    @Test
    void completeAuthorizationWhenTokenInfoFailsThenRevokesAndReportsTokenInfoError()
        throws Exception {
      emulator.enqueue(
          ScriptedResponse.status(500).onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH).times(1));

      StepVerifier.create(client.completeAuthorization(code(), (token, info) -> Mono.just(1)))
          .expectErrorSatisfies(
              ApiErrors.apiError(
                  api -> {
                    assertThat(api.operation()).isEqualTo(Operation.GET_TOKEN_INFO);
                    assertThat(api.status()).isEqualTo(500);
                    assertThat(api.getSuppressed()).isEmpty();
                  }))
          .verify(Duration.ofSeconds(30));

      assertRefused(revokedToken());
    }

    @Test
    void completeAuthorizationWhenTokenInfoTimesOutThenRevokes() throws Exception {
      client.close();
      // The attempt deadline also bounds the exchange and the revoke, which must succeed: long
      // enough for a loaded machine; the token info answer comes long after it.
      Duration attempt = Duration.ofSeconds(5);
      client = client(Timeouts.defaults().withAttempt(attempt));
      emulator.enqueue(
          ScriptedResponse.delayed(attempt.multipliedBy(5))
              .onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH)
              .times(1));

      StepVerifier.create(client.completeAuthorization(code(), (token, info) -> Mono.just(1)))
          .expectError(SunshineTimeoutException.class)
          .verify(attempt.multipliedBy(4));

      assertRefused(revokedToken());
    }

    @Test
    void completeAuthorizationWhenFunctionErrorsThenRevokesAndReportsThatSameError()
        throws Exception {
      IllegalStateException storeDown = new IllegalStateException("the database is down");
      AtomicReference<AccessToken> handed = new AtomicReference<>();

      StepVerifier.create(
              client.completeAuthorization(code(), keeping(handed, info -> Mono.error(storeDown))))
          .expectErrorSatisfies(error -> assertThat(error).isSameAs(storeDown))
          .verify();

      AccessToken revoked = revokedToken();
      assertThat(revoked).isEqualTo(handed.get());
      assertRefused(revoked);
    }

    @Test
    void completeAuthorizationWhenFunctionThrowsThenRevokes() throws Exception {
      StepVerifier.create(
              client.completeAuthorization(
                  code(),
                  (token, info) -> {
                    throw new IllegalArgumentException("no such tenant");
                  }))
          .expectErrorMessage("no such tenant")
          .verify();

      assertRefused(revokedToken());
    }

    @Test
    void completeAuthorizationWhenFunctionReturnsNullThenNullPointerExceptionAndRevokes()
        throws Exception {
      StepVerifier.create(client.<Void>completeAuthorization(code(), (token, info) -> null))
          .expectErrorSatisfies(
              error ->
                  assertThat(error)
                      .isInstanceOf(NullPointerException.class)
                      .hasMessage("onConnected returned null"))
          .verify();

      assertRefused(revokedToken());
    }

    @Test
    void completeAuthorizationWhenRevokeFailsTooThenOriginalErrorWithRevokeSuppressedAndWarn()
        throws Exception {
      emulator.enqueue(
          ScriptedResponse.status(500).onlyPath(SunshineOAuthEmulator.AUTHORIZATION_PATH).times(1));
      IllegalStateException storeDown = new IllegalStateException("the database is down");
      AtomicReference<AccessToken> handed = new AtomicReference<>();

      List<String> lines =
          LogLines.during(
              SunshineOAuthClient.class.getName(),
              () ->
                  StepVerifier.create(
                          client.completeAuthorization(
                              code(), keeping(handed, info -> Mono.error(storeDown))))
                      .expectErrorSatisfies(
                          error -> {
                            assertThat(error).isSameAs(storeDown);
                            assertThat(error.getSuppressed())
                                .singleElement()
                                .isInstanceOfSatisfying(
                                    SunshineApiException.class,
                                    api ->
                                        assertThat(api.operation())
                                            .isEqualTo(Operation.REVOKE_ACCESS));
                          })
                      .verify());

      assertThat(lines)
          .anySatisfy(line -> assertThat(line).contains("Could not revoke an access token"));
      assertThat(String.join("\n", lines)).doesNotContain(handed.get().value());
      // The grant is still live: the emulator answered the revoke with 500.
      Revocations.assertValid(client, handed.get());
    }

    @Test
    void completeAuthorizationWhenRevokeHangsThenItsOwnDeadlineEndsIt() throws Exception {
      emulator.enqueue(
          ScriptedResponse.delayed(Duration.ofSeconds(60))
              .onlyPath(SunshineOAuthEmulator.AUTHORIZATION_PATH)
              .times(1));

      // The client's own call deadline is 30 s; the revoke gives up after its 5 s.
      StepVerifier.create(
              client.completeAuthorization(
                  code(), (token, info) -> Mono.error(new IllegalStateException("refused"))))
          .expectErrorSatisfies(
              error ->
                  assertThat(error.getSuppressed())
                      .singleElement()
                      .isInstanceOf(SunshineTimeoutException.class))
          .verify(Duration.ofSeconds(20));
    }

    @Test
    void completeAuthorizationWhenCodeRefusedThenNothingToRevoke() throws Exception {
      String code = code();
      StepVerifier.create(client.getToken(code)).expectNextCount(1).verifyComplete();
      emulator.takeRequest(Duration.ofSeconds(1));

      StepVerifier.create(client.completeAuthorization(code, (token, info) -> Mono.just(1)))
          .expectErrorSatisfies(
              ApiErrors.apiError(api -> assertThat(api.operation()).isEqualTo(Operation.GET_TOKEN)))
          .verify();

      assertThat(emulator.takeRequest(Duration.ofSeconds(1)).orElseThrow().method())
          .isEqualTo("POST");
      assertThat(emulator.takeRequest(Duration.ofMillis(500))).isEmpty();
    }
  }

  @Nested
  class WhenTheSubscriberGoesAway {

    @Test
    void completeAuthorizationWhenCancelledWhileStoringThenRevokes() throws Exception {
      AtomicReference<AccessToken> handed = new AtomicReference<>();
      Disposable flow =
          client.completeAuthorization(code(), keeping(handed, info -> Mono.never())).subscribe();
      // Wait until the function holds the token, then go away as a closed browser tab would.
      assertThat(emulator.takeRequest(Duration.ofSeconds(5))).isPresent();
      assertThat(emulator.takeRequest(Duration.ofSeconds(5))).isPresent();
      while (handed.get() == null) {
        Thread.onSpinWait();
      }
      flow.dispose();

      AccessToken revoked = revokedToken();
      assertThat(revoked).isEqualTo(handed.get());
      assertRefused(revoked);
    }

    @Test
    void completeAuthorizationWhenCancelledDuringExchangeThenTokenRevokedOnArrival()
        throws Exception {
      emulator.enqueue(
          ScriptedResponse.delayed(Duration.ofMillis(500))
              .onlyPath(SunshineOAuthEmulator.TOKEN_PATH)
              .times(1));
      AtomicReference<AccessToken> handed = new AtomicReference<>();
      Disposable flow =
          client.completeAuthorization(code(), keeping(handed, info -> Mono.just(1))).subscribe();
      // The request is on its way; the subscriber leaves before the answer.
      assertThat(emulator.takeRequest(Duration.ofSeconds(5)).orElseThrow().method())
          .isEqualTo("POST");
      flow.dispose();

      List<RecordedRequest> seen = Revocations.requestsUntilRevoke(emulator);
      assertThat(seen).extracting(RecordedRequest::method).containsExactly("DELETE");
      assertThat(handed.get()).isNull();
      String header = seen.get(0).header("Authorization").orElseThrow();
      assertRefused(AccessToken.bearer(header.substring("Bearer ".length())));
    }
  }
}
