package io.sunco.oauth.callback;

import static io.sunco.oauth.callback.Rejections.rejectedWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.testing.MutableClock;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AuthorizationCallbackStoreTest {

  private static final String BINDING = "browser-nonce-1";
  private static final URI REDIRECT = URI.create("https://app.example/oauth/callback");

  private final MutableClock clock = MutableClock.atEpochDay();
  private final InMemoryPendingAuthorizationStore store =
      InMemoryPendingAuthorizationStore.builder().clock(clock).build();
  private final AuthorizationCallback callback = AuthorizationCallback.usingStore(store);
  private final String state = StateGenerator.create().next();

  @BeforeEach
  void saveState() {
    store
        .save(
            state,
            PendingAuthorization.of(BINDING, clock.instant())
                .withRedirectUri(REDIRECT)
                .withAttribute("userId", "42"))
        .block();
  }

  private URI redirect(String query) {
    return URI.create(REDIRECT + "?" + query);
  }

  @Test
  void verifyWhenCodeAndValidStateThenEmitsCode() {
    StepVerifier.create(callback.verify(redirect("code=658965&state=" + state), BINDING))
        .assertNext(verified -> assertThat(verified.code().value()).isEqualTo("658965"))
        .verifyComplete();
  }

  @Test
  void verifyCallbackWhenValidThenEmitsCodeWithSavedStateData() {
    StepVerifier.create(callback.verify(redirect("code=c&state=" + state), BINDING))
        .assertNext(
            verified -> {
              assertThat(verified.code().value()).isEqualTo("c");
              assertThat(verified.pendingAuthorization())
                  .hasValueSatisfying(
                      data -> {
                        assertThat(data.redirectUri()).contains(REDIRECT);
                        assertThat(data.attributes()).containsEntry("userId", "42");
                      });
            })
        .verifyComplete();
  }

  @Test
  void verifyWhenRequestTargetOnlyThenEmitsDecodedCode() {
    StepVerifier.create(
            callback.verify(java.net.URI.create("/callback?code=a%2Bb&state=" + state), BINDING))
        .assertNext(verified -> assertThat(verified.code().value()).isEqualTo("a+b"))
        .verifyComplete();
    StepVerifier.create(callback.verify(redirect("code=x&state=" + state), BINDING))
        .expectErrorSatisfies(rejectedWith(Reason.REPLAYED_STATE))
        .verify();
  }

  @Test
  void verifyWhenStateMissingOrEmptyThenErrorsWithMissingState() {
    StepVerifier.create(callback.verify(redirect("code=c"), BINDING))
        .expectErrorSatisfies(rejectedWith(Reason.MISSING_STATE))
        .verify();
    StepVerifier.create(callback.verify(redirect("code=c&state="), BINDING))
        .expectErrorSatisfies(rejectedWith(Reason.MISSING_STATE))
        .verify();
  }

  @Test
  void verifyWhenStateNeverIssuedThenErrorsWithUnknownState() {
    StepVerifier.create(callback.verify(redirect("code=c&state=forged"), BINDING))
        .expectErrorSatisfies(rejectedWith(Reason.UNKNOWN_STATE))
        .verify();
  }

  @Test
  void verifyWhenStateExpiredThenErrorsWithExpiredState() {
    clock.advance(Duration.ofMinutes(10));

    StepVerifier.create(callback.verify(redirect("code=c&state=" + state), BINDING))
        .expectErrorSatisfies(rejectedWith(Reason.EXPIRED_STATE))
        .verify();
  }

  @Test
  void verifyWhenStateUsedBeforeThenErrorsWithReplayedState() {
    callback.verify(redirect("code=c&state=" + state), BINDING).block();

    StepVerifier.create(callback.verify(redirect("code=c2&state=" + state), BINDING))
        .expectErrorSatisfies(rejectedWith(Reason.REPLAYED_STATE))
        .verify();
  }

  @Test
  void verifyWhenOtherBrowserPresentsStateThenErrorsWithForeignStateAndBurnsIt() {
    StepVerifier.create(callback.verify(redirect("code=c&state=" + state), "attacker-nonce"))
        .expectErrorSatisfies(rejectedWith(Reason.FOREIGN_STATE))
        .verify();
    StepVerifier.create(callback.verify(redirect("code=c&state=" + state), BINDING))
        .expectErrorSatisfies(rejectedWith(Reason.REPLAYED_STATE))
        .verify();
  }

  @Test
  void verifyWhenBrowserPresentsNoBindingThenErrorsWithForeignState() {
    StepVerifier.create(callback.verify(redirect("code=c&state=" + state), ""))
        .expectErrorSatisfies(rejectedWith(Reason.FOREIGN_STATE))
        .verify();
  }

  @Test
  void verifyWhenAccessDeniedWithValidStateThenErrorsWithDenialAndConsumesState() {
    StepVerifier.create(
            callback.verify(
                redirect("error=access_denied&error_description=The+user+said+no&state=" + state),
                BINDING))
        .expectErrorSatisfies(
            error -> {
              assertThat(error)
                  .isInstanceOfSatisfying(
                      AuthorizationDeniedException.class,
                      denied -> {
                        assertThat(denied.reason()).isEqualTo(Reason.ACCESS_DENIED);
                        assertThat(denied.isAccessDenied()).isTrue();
                        assertThat(denied.error()).isEqualTo("access_denied");
                        assertThat(denied.errorDescription()).contains("The user said no");
                      });
            })
        .verify();
    StepVerifier.create(store.consume(state))
        .expectErrorSatisfies(rejectedWith(Reason.REPLAYED_STATE))
        .verify();
  }

  @Test
  void verifyWhenOtherErrorValueThenErrorsWithAuthorizationErrorKeepingValues() {
    StepVerifier.create(callback.verify(redirect("error=user_cancelled&state=" + state), BINDING))
        .expectErrorSatisfies(
            error -> {
              assertThat(error)
                  .isInstanceOfSatisfying(
                      AuthorizationDeniedException.class,
                      denied -> {
                        assertThat(denied.reason()).isEqualTo(Reason.AUTHORIZATION_ERROR);
                        assertThat(denied.isAccessDenied()).isFalse();
                        assertThat(denied.error()).isEqualTo("user_cancelled");
                        assertThat(denied.errorDescription()).isEmpty();
                      });
            })
        .verify();
  }

  @Test
  void verifyWhenErrorRedirectCarriesForgedStateThenStateRejectionWinsOverDenial() {
    StepVerifier.create(callback.verify(redirect("error=access_denied&state=forged"), BINDING))
        .expectErrorSatisfies(rejectedWith(Reason.UNKNOWN_STATE))
        .verify();
    StepVerifier.create(callback.verify(redirect("error=access_denied"), BINDING))
        .expectErrorSatisfies(rejectedWith(Reason.MISSING_STATE))
        .verify();
  }

  @Test
  void verifyWhenMalformedOrWithoutCodeThenErrorsWithoutConsumingState() {
    StepVerifier.create(callback.verify(redirect("code=a&code=b&state=" + state), BINDING))
        .expectErrorSatisfies(rejectedWith(Reason.MALFORMED_CALLBACK))
        .verify();
    StepVerifier.create(callback.verify(redirect("state=" + state), BINDING))
        .expectErrorSatisfies(rejectedWith(Reason.MISSING_CODE))
        .verify();
    StepVerifier.create(callback.verify(redirect("code=c&state=" + state), BINDING))
        .expectNextCount(1)
        .verifyComplete();
  }

  @Test
  void verifyWhenNotSubscribedThenConsumesNothing() {
    callback.verify(redirect("code=c&state=" + state), BINDING);

    StepVerifier.create(callback.verify(redirect("code=c&state=" + state), BINDING))
        .expectNextCount(1)
        .verifyComplete();
  }

  @Test
  void verifyWhenStoreFailsThenErrorsWithTheStoresError() {
    UncheckedIOException failure =
        new UncheckedIOException("store down", new java.io.IOException());
    PendingAuthorizationStore broken =
        new PendingAuthorizationStore() {
          @Override
          public Mono<Void> save(String s, PendingAuthorization data) {
            return Mono.empty();
          }

          @Override
          public Mono<PendingAuthorization> consume(String s) {
            throw failure;
          }
        };

    StepVerifier.create(
            AuthorizationCallback.usingStore(broken)
                .verify(redirect("code=c&state=" + state), BINDING))
        .expectErrorSatisfies(error -> assertThat(error).isSameAs(failure))
        .verify();
  }

  @Test
  void verifyWhenEightBrowsersRaceWithOneStateThenExactlyOneGetsTheCode() throws Exception {
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
                      .verify(redirect("code=c&state=" + state), BINDING)
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
  void verifyWhenArgumentsNullThenThrowsAtCallTime() {
    assertThatThrownBy(() -> callback.verify(null, BINDING))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> callback.verify(redirect("code=c"), null))
        .isInstanceOf(NullPointerException.class);

    assertThatThrownBy(() -> AuthorizationCallback.usingStore(null))
        .isInstanceOf(NullPointerException.class);
  }
}
