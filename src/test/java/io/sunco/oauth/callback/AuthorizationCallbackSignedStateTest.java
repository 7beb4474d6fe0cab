package io.sunco.oauth.callback;

import static io.sunco.oauth.callback.Rejections.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    StepVerifier.create(
            callback.verify(redirect("code=c2&state=" + issued.state()), issued.browserNonce()))
        .expectErrorSatisfies(rejectedWith(Reason.REPLAYED_STATE))
        .verify();
  }

  @Test
  void verifyWhenReplayGuardAndEightThreadsRaceThenExactlyOneGetsTheCode() throws Exception {
    // The guard deliberately runs on the system clock, months after the codec's test clock: it
    // must still remember keys whose expiry is already past by its own clock.
    AuthorizationCallback callback =
        AuthorizationCallback.usingSignedState(codec, InMemoryReplayGuard.create());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      CyclicBarrier start = new CyclicBarrier(8);
      List<Future<String>> outcomes = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        outcomes.add(
            threads.submit(
                () -> {
                  start.await();
                  return callback
                      .verify(
                          java.net.URI.create("/callback?" + "code=c&state=" + issued.state()),
                          issued.browserNonce())
                      .map(code -> "CODE")
                      .onErrorResume(
                          AuthorizationCallbackException.class, e -> Mono.just(e.reason().name()))
                      .block();
                }));
      }
      List<String> results = new ArrayList<>();
      for (Future<String> outcome : outcomes) {
        results.add(outcome.get(5, TimeUnit.SECONDS));
      }

      assertThat(results)
          .containsOnlyOnce("CODE")
          .filteredOn(r -> !r.equals("CODE"))
          .hasSize(7)
          .containsOnly("REPLAYED_STATE");
    } finally {
      threads.shutdownNow();
    }
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
    StepVerifier.create(
            AuthorizationCallback.usingSignedState(codec)
                .verify(redirect("code=c&state=" + issued.state()), codec.newBrowserNonce()))
        .expectErrorSatisfies(rejectedWith(Reason.FOREIGN_STATE))
        .verify();
  }

  @Test
  void verifyWhenStateExpiredThenErrorsWithExpiredState() {
    clock.advance(Duration.ofMinutes(10));

    StepVerifier.create(
            AuthorizationCallback.usingSignedState(codec)
                .verify(redirect("code=c&state=" + issued.state()), issued.browserNonce()))
        .expectErrorSatisfies(rejectedWith(Reason.EXPIRED_STATE))
        .verify();
  }

  @Test
  void verifyWhenStateAlteredThenErrorsWithTamperedState() {
    String altered = (issued.state().charAt(3) == 'A' ? "B" : "A") + "";
    String state = issued.state().substring(0, 3) + altered + issued.state().substring(4);

    StepVerifier.create(
            AuthorizationCallback.usingSignedState(codec)
                .verify(redirect("code=c&state=" + state), issued.browserNonce()))
        .expectErrorSatisfies(rejectedWith(Reason.TAMPERED_STATE))
        .verify();
  }

  @Test
  void verifyWhenStateNotSignedFormatThenErrorsWithMalformedState() {
    StepVerifier.create(
            AuthorizationCallback.usingSignedState(codec)
                .verify(redirect("code=c&state=hello"), issued.browserNonce()))
        .expectErrorSatisfies(rejectedWith(Reason.MALFORMED_STATE))
        .verify();
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
    StepVerifier.create(
            AuthorizationCallback.usingSignedState(codec)
                .verify(redirect("error=access_denied&state=" + issued.state()), "other"))
        .expectErrorSatisfies(rejectedWith(Reason.FOREIGN_STATE))
        .verify();
  }

  @Test
  void usingSignedStateWhenArgumentsNullThenThrows() {
    assertThatThrownBy(() -> AuthorizationCallback.usingSignedState(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> AuthorizationCallback.usingSignedState(codec, null))
        .isInstanceOf(NullPointerException.class);
  }
}
