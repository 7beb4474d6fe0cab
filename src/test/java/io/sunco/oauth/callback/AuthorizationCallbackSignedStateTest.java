package io.sunco.oauth.callback;

import static io.sunco.oauth.callback.Rejections.verifyRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AuthorizationCallbackSignedStateTest {

  private static final byte[] KEY = "0123456789abcdef0123456789ABCDEF".getBytes();

  private final MutableClock clock = MutableClock.atEpochDay();
  private final SignedStateCodec codec = SignedStateCodec.create(KEY).withClock(clock);
  private final SignedState issued = codec.issue();

  private static URI redirect(String query) {
    return URI.create("https://app.example/cb?" + query);
  }

  @Test
  void verifyWhenSignedStateAndItsNonceThenEmitsCodeWithoutStateData() {
    StepVerifier.create(
            AuthorizationCallback.usingSignedState(codec)
                .verify(redirect("code=658965&state=" + issued.state()), issued.browserNonce()))
        .assertNext(
            verified -> {
              assertThat(verified.code().value()).isEqualTo("658965");
              assertThat(verified.pendingAuthorization()).isEmpty();
            })
        .verifyComplete();
  }

  @Test
  void verifyWhenNoReplayGuardThenSameCallbackVerifiesAgainWithinLifetime() {
    AuthorizationCallback callback = AuthorizationCallback.usingSignedState(codec);
    URI uri = redirect("code=c&state=" + issued.state());
    callback.verify(uri, issued.browserNonce()).block();

    StepVerifier.create(callback.verify(uri, issued.browserNonce()))
        .expectNextCount(1)
        .verifyComplete();
  }

  @Test
  void verifyWhenReplayGuardAndStateUsedBeforeThenErrorsWithReplayedState() {
    AuthorizationCallback callback =
        AuthorizationCallback.usingSignedState(codec, InMemoryReplayGuard.create(10, clock));
    callback.verify(redirect("code=c&state=" + issued.state()), issued.browserNonce()).block();

    verifyRejected(
        callback.verify(redirect("code=c2&state=" + issued.state()), issued.browserNonce()),
        Reason.REPLAYED_STATE);
  }

  @Test
  void verifyWhenReplayGuardAndEightThreadsRaceThenExactlyOneGetsTheCode() throws Exception {
    // The guard deliberately runs on the system clock, months after the codec's test clock: it
    // must still remember keys whose expiry is already past by its own clock.
    AuthorizationCallback callback =
        AuthorizationCallback.usingSignedState(codec, InMemoryReplayGuard.create());
    List<String> results =
        Race.together(
            8,
            () ->
                Race.outcome(
                    callback.verify(
                        URI.create("/callback?code=c&state=" + issued.state()),
                        issued.browserNonce())));

    Race.assertOneWon(results, "REPLAYED_STATE");
  }

  @Test
  void verifyWhenReplayGuardCompletesEmptyThenErrorsWithIllegalState() {
    ReplayGuard silent = (key, expiresAt) -> Mono.empty();

    StepVerifier.create(
            AuthorizationCallback.usingSignedState(codec, silent)
                .verify(redirect("code=c&state=" + issued.state()), issued.browserNonce()))
        .expectError(IllegalStateException.class)
        .verify();
  }

  @Test
  void verifyWhenOtherBrowsersNonceThenErrorsWithForeignState() {
    verifyRejected(
        AuthorizationCallback.usingSignedState(codec)
            .verify(redirect("code=c&state=" + issued.state()), codec.newBrowserNonce()),
        Reason.FOREIGN_STATE);
  }

  @Test
  void verifyWhenStateExpiredThenErrorsWithExpiredState() {
    clock.advance(Duration.ofMinutes(10));

    verifyRejected(
        AuthorizationCallback.usingSignedState(codec)
            .verify(redirect("code=c&state=" + issued.state()), issued.browserNonce()),
        Reason.EXPIRED_STATE);
  }

  @Test
  void verifyWhenStateAlteredThenErrorsWithTamperedState() {
    String altered = (issued.state().charAt(3) == 'A' ? "B" : "A") + "";
    String state = issued.state().substring(0, 3) + altered + issued.state().substring(4);

    verifyRejected(
        AuthorizationCallback.usingSignedState(codec)
            .verify(redirect("code=c&state=" + state), issued.browserNonce()),
        Reason.TAMPERED_STATE);
  }

  @Test
  void verifyWhenStateNotSignedFormatThenErrorsWithMalformedState() {
    verifyRejected(
        AuthorizationCallback.usingSignedState(codec)
            .verify(redirect("code=c&state=hello"), issued.browserNonce()),
        Reason.MALFORMED_STATE);
  }

  @Test
  void verifyWhenDeniedWithValidSignedStateThenErrorsWithDenial() {
    StepVerifier.create(
            AuthorizationCallback.usingSignedState(codec)
                .verify(
                    redirect("error=access_denied&state=" + issued.state()), issued.browserNonce()))
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOf(AuthorizationDeniedException.class)
                    .hasMessageContaining("access_denied"))
        .verify();
  }

  @Test
  void verifyWhenDeniedWithForeignSignedStateThenErrorsWithForeignState() {
    verifyRejected(
        AuthorizationCallback.usingSignedState(codec)
            .verify(redirect("error=access_denied&state=" + issued.state()), "other"),
        Reason.FOREIGN_STATE);
  }

  @Test
  void usingSignedStateWhenArgumentsNullThenThrows() {
    assertThatThrownBy(() -> AuthorizationCallback.usingSignedState(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> AuthorizationCallback.usingSignedState(codec, null))
        .isInstanceOf(NullPointerException.class);
  }
}
