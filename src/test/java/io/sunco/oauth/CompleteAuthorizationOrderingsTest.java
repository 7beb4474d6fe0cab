package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.Revocations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The two orderings that broke {@link SunshineOAuthClient#completeAuthorization}'s promise, against
 * the emulator: a cancel while the revoke after a failed step waits to retry, and two flows of one
 * code where one stores the token and the other then fails. {@link GrantOrderingSearchTest}
 * searches every ordering; these run the real client over the network.
 */
class CompleteAuthorizationOrderingsTest extends CompleteAuthorizationFixture {

  /** The longest a step may take here: the client's call deadline. */
  private static final Duration WAIT = Timeouts.defaults().call();

  /** The default policy: a revoke answered 503 is retried after its Retry-After. */
  @Override
  RetryPolicy retryPolicy() {
    return RetryPolicy.defaults();
  }

  @Test
  void completeAuthorizationWhenCancelledWhileTheRevokeWaitsToRetryThenTheRetryStillRevokes()
      throws Exception {
    AtomicReference<AccessToken> handed = new AtomicReference<>();
    Disposable flow = flowWhoseFunctionFailsAndWhoseRevokeIsAnswered503(handed);

    AccessToken firstTry = Revocations.revokedToken(emulator);
    // The revoke got its 503 (or is about to): the subscriber goes away, as a gateway would.
    flow.dispose();

    AccessToken retried = Revocations.revokedToken(emulator);
    assertThat(retried).isEqualTo(firstTry).isEqualTo(handed.get());
    Revocations.assertRefused(client, retried);
  }

  @Test
  void completeAuthorizationWhenTwoFlowsShareACodeAndOneStoredThenTheOthersFailureKeepsTheToken()
      throws Exception {
    String code = code();
    // The answer is held back for half the attempt deadline under test, so that the second flow
    // joins the first one's exchange even on a loaded machine.
    emulator.enqueue(
        ScriptedResponse.delayed(client.timeouts().attempt().dividedBy(2))
            .onlyPath(SunshineOAuthEmulator.TOKEN_PATH)
            .times(1));
    Sinks.One<String> slowStore = Sinks.one();
    AtomicReference<AccessToken> stored = new AtomicReference<>();

    CompletableFuture<String> first =
        client.completeAuthorization(code, (token, info) -> slowStore.asMono()).toFuture();
    CompletableFuture<String> second =
        client
            .completeAuthorization(code, keeping(stored, info -> Mono.just("connected")))
            .toFuture();

    assertThat(second.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("connected");
    slowStore.tryEmitError(new IllegalStateException("duplicate key"));
    assertThat(first)
        .failsWithin(WAIT)
        .withThrowableThat()
        .withRootCauseInstanceOf(IllegalStateException.class);

    Revocations.assertValid(client, stored.get());
    // A revoke owed after the first flow's failure is sent at once; waiting the whole revoke
    // deadline under test covers one that is late for any reason the client allows.
    Duration revokeDeadline =
        client
                    .timeouts()
                    .call()
                    .compareTo(SunshineOAuthClient.DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE)
                < 0
            ? client.timeouts().call()
            : SunshineOAuthClient.DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE;
    List<RecordedRequest> seen = Revocations.requestsUntilRevoke(emulator, revokeDeadline);
    assertThat(seen)
        .extracting(request -> request.method() + " " + request.pathWithoutQuery())
        .startsWith("POST /oauth/token")
        .doesNotContain("DELETE /oauth/authorization")
        .containsOnlyOnce("POST /oauth/token");
  }

  @Test
  void closeWhenTheRevokeAfterAFailedStepWaitsToRetryThenTheRetryIsStillSent() throws Exception {
    AtomicReference<AccessToken> handed = new AtomicReference<>();
    flowWhoseFunctionFailsAndWhoseRevokeIsAnswered503(handed);
    AccessToken firstTry = Revocations.revokedToken(emulator);

    // The application shuts down while the revoke waits out its Retry-After.
    client.close();

    // close() returned only after the retry was answered: the emulator has recorded it already.
    RecordedRequest retry = emulator.takeRequest(Duration.ZERO).orElseThrow();
    assertThat(retry.method()).isEqualTo("DELETE");
    assertThat(retry.header("Authorization")).contains(firstTry.authorizationHeader());
    assertThat(firstTry).isEqualTo(handed.get());
    assertRefusedByAFreshClient(firstTry);
  }

  @Test
  void closeWhenTheExchangeIsInFlightThenTheTokenNobodyCanHoldIsRevokedBeforeItReturns()
      throws Exception {
    emulator.enqueue(
        ScriptedResponse.delayed(client.timeouts().attempt().dividedBy(2))
            .onlyPath(SunshineOAuthEmulator.TOKEN_PATH)
            .times(1));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    client
        .completeAuthorization(code(), (token, info) -> Mono.just("connected"))
        .subscribe(ignored -> {}, failure::set);
    assertThat(emulator.takeRequest(WAIT).orElseThrow().pathWithoutQuery())
        .isEqualTo(SunshineOAuthEmulator.TOKEN_PATH);

    // Closed while the token is on its way: token info is refused, so the token must go.
    client.close();

    assertThat(failure.get()).hasMessageContaining("the client is closed");
    RecordedRequest revoke = emulator.takeRequest(Duration.ZERO).orElseThrow();
    assertThat(revoke.method() + " " + revoke.pathWithoutQuery())
        .isEqualTo("DELETE " + SunshineOAuthEmulator.AUTHORIZATION_PATH);
    String header = revoke.header("Authorization").orElseThrow();
    assertRefusedByAFreshClient(AccessToken.bearer(header.substring("Bearer ".length())));
  }

  /**
   * Subscribes a flow whose function fails (handing its token to {@code handed}) and whose revoke's
   * first attempt the emulator answers {@code 503} with {@code Retry-After: 1}.
   */
  private Disposable flowWhoseFunctionFailsAndWhoseRevokeIsAnswered503(
      AtomicReference<AccessToken> handed) {
    emulator.enqueue(
        ScriptedResponse.status(503)
            .withHeader("Retry-After", "1")
            .onlyPath(SunshineOAuthEmulator.AUTHORIZATION_PATH)
            .times(1));
    return client
        .completeAuthorization(
            code(), keeping(handed, info -> Mono.error(new IllegalStateException("duplicate key"))))
        .subscribe(ignored -> {}, error -> {});
  }

  private void assertRefusedByAFreshClient(AccessToken token) {
    try (SunshineOAuthClient checker =
        SunshineOAuthClient.builder()
            .clientId(CLIENT_ID)
            .clientSecret(CLIENT_SECRET)
            .baseUrl(emulator.baseUrl())
            .build()) {
      Revocations.assertRefused(checker, token);
    }
  }
}
