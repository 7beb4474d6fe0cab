package io.sunco.oauth.callback;

import static io.sunco.oauth.callback.Rejections.verifyRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.testing.MutableClock;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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
    verifyRejected(
        callback.verify(redirect("code=x&state=" + state), BINDING), Reason.REPLAYED_STATE);
  }

  @Test
  void verifyWhenStateMissingOrEmptyThenErrorsWithMissingState() {
    verifyRejected(callback.verify(redirect("code=c"), BINDING), Reason.MISSING_STATE);
    verifyRejected(callback.verify(redirect("code=c&state="), BINDING), Reason.MISSING_STATE);
  }

  @Test
  void verifyWhenStateNeverIssuedThenErrorsWithUnknownState() {
    verifyRejected(callback.verify(redirect("code=c&state=forged"), BINDING), Reason.UNKNOWN_STATE);
  }

  @Test
  void verifyWhenStateExpiredThenErrorsWithExpiredState() {
    clock.advance(Duration.ofMinutes(10));

    verifyRejected(
        callback.verify(redirect("code=c&state=" + state), BINDING), Reason.EXPIRED_STATE);
  }

  @Test
  void verifyWhenStateUsedBeforeThenErrorsWithReplayedState() {
    callback.verify(redirect("code=c&state=" + state), BINDING).block();

    verifyRejected(
        callback.verify(redirect("code=c2&state=" + state), BINDING), Reason.REPLAYED_STATE);
  }

  @Test
  void verifyWhenOtherBrowserPresentsStateThenErrorsWithForeignStateAndBurnsIt() {
    verifyRejected(
        callback.verify(redirect("code=c&state=" + state), "attacker-nonce"), Reason.FOREIGN_STATE);
    verifyRejected(
        callback.verify(redirect("code=c&state=" + state), BINDING), Reason.REPLAYED_STATE);
  }

  @Test
  void verifyWhenBrowserPresentsNoBindingThenErrorsWithForeignState() {
    verifyRejected(callback.verify(redirect("code=c&state=" + state), ""), Reason.FOREIGN_STATE);
  }

  /** Checks that {@code verification} errors with this denial; {@code description} null: none. */
  private static void verifyDenied(
      Mono<?> verification, Reason reason, String error, @Nullable String description) {
    StepVerifier.create(verification)
        .expectErrorSatisfies(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        AuthorizationDeniedException.class,
                        denied -> {
                          assertThat(denied.reason()).isEqualTo(reason);
                          assertThat(denied.isAccessDenied())
                              .isEqualTo(reason == Reason.ACCESS_DENIED);
                          assertThat(denied.error()).isEqualTo(error);
                          assertThat(denied.errorDescription())
                              .isEqualTo(Optional.ofNullable(description));
                        }))
        .verify();
  }

  @Test
  void verifyWhenAccessDeniedWithValidStateThenErrorsWithDenialAndConsumesState() {
    verifyDenied(
        callback.verify(
            redirect("error=access_denied&error_description=The+user+said+no&state=" + state),
            BINDING),
        Reason.ACCESS_DENIED,
        "access_denied",
        "The user said no");
    verifyRejected(store.consume(state), Reason.REPLAYED_STATE);
  }

  @Test
  void verifyWhenOtherErrorValueThenErrorsWithAuthorizationErrorKeepingValues() {
    verifyDenied(
        callback.verify(redirect("error=user_cancelled&state=" + state), BINDING),
        Reason.AUTHORIZATION_ERROR,
        "user_cancelled",
        null);
  }

  @Test
  void verifyWhenErrorRedirectCarriesForgedStateThenStateRejectionWinsOverDenial() {
    verifyRejected(
        callback.verify(redirect("error=access_denied&state=forged"), BINDING),
        Reason.UNKNOWN_STATE);
    verifyRejected(callback.verify(redirect("error=access_denied"), BINDING), Reason.MISSING_STATE);
  }

  @Test
  void verifyWhenMalformedOrWithoutCodeThenErrorsWithoutConsumingState() {
    verifyRejected(
        callback.verify(redirect("code=a&code=b&state=" + state), BINDING),
        Reason.MALFORMED_CALLBACK);
    verifyRejected(callback.verify(redirect("state=" + state), BINDING), Reason.MISSING_CODE);
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
    List<String> results =
        Race.together(
            8, () -> Race.outcome(callback.verify(redirect("code=c&state=" + state), BINDING)));

    Race.assertOneWon(results, "REPLAYED_STATE");
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
