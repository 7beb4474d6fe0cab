package io.sunco.oauth.callback;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import reactor.core.publisher.Mono;

/**
 * Checks the redirect that brings the customer back from the consent page, and hands out the
 * authorization code only when the redirect's {@code state} proves that this browser started this
 * flow (login CSRF protection, RFC 6749 §10.12, RFC 9700). Immutable, thread-safe, non-blocking;
 * build one per application and share it.
 *
 * <p>Every check happens on subscription, in this order, the first failure winning:
 *
 * <ol>
 *   <li>the query parses ({@code MALFORMED_CALLBACK}) and carries a code or an error ({@code
 *       MISSING_CODE}): see {@link CallbackResponse};
 *   <li>it carries a state ({@code MISSING_STATE});
 *   <li>the state is valid for this browser: with a store, it is consumed (so it is burned even
 *       when a later check fails) and must be known ({@code UNKNOWN_STATE}), live ({@code
 *       EXPIRED_STATE}), unused ({@code REPLAYED_STATE}) and saved with this browser binding
 *       ({@code FOREIGN_STATE}); with signed states, it must decode ({@code MALFORMED_STATE}),
 *       verify ({@code TAMPERED_STATE}), be live ({@code EXPIRED_STATE}), match the browser nonce
 *       ({@code FOREIGN_STATE}) and, with a replay guard, be unused ({@code REPLAYED_STATE});
 *   <li>an {@code error} redirect errors with {@link AuthorizationDeniedException}, whatever its
 *       error value: the state is checked first so a forged error redirect is reported as such.
 * </ol>
 *
 * <pre>{@code
 * // start of the flow: a random nonce in an HttpOnly, Secure, SameSite=Lax cookie
 * String nonce = generator.next();
 * Mono<String> consentUrl = generator.generate()
 *     .flatMap(state -> store.save(state, PendingAuthorization.of(nonce, Instant.now()))
 *         .then(Mono.fromSupplier(() -> client.authorizeUrl(AuthorizeRequest.of(redirectUri, state)))));
 *
 * // the redirect back
 * Mono<AccessToken> token = AuthorizationCallback.usingStore(store)
 *     .verify(request.uri(), nonceFromCookie.orElse(""))
 *     .flatMap(verified -> client.getToken(verified.code()));
 * }</pre>
 */
public final class AuthorizationCallback {

  private final BiFunction<String, String, Mono<Optional<PendingAuthorization>>> stateCheck;

  private AuthorizationCallback(
      BiFunction<String, String, Mono<Optional<PendingAuthorization>>> stateCheck) {
    this.stateCheck = stateCheck;
  }

  /**
   * Checks states against {@code store}: each state is consumed once and must come back with the
   * browser binding saved in its {@link PendingAuthorization}, compared in constant time.
   *
   * @param store the store the states were saved in when the flows started
   * @return a callback checker that consumes each state from {@code store}
   * @throws NullPointerException when {@code store} is null
   */
  public static AuthorizationCallback usingStore(PendingAuthorizationStore store) {
    Objects.requireNonNull(store, "store");
    return new AuthorizationCallback(
        (state, binding) ->
            Mono.defer(() -> store.consume(state))
                .switchIfEmpty(
                    Mono.error(() -> AuthorizationCallbackException.of(Reason.UNKNOWN_STATE)))
                .flatMap(
                    data ->
                        ConstantTime.equalsHashed(data.browserBinding(), binding)
                            ? Mono.just(Optional.of(data))
                            : Mono.error(AuthorizationCallbackException.of(Reason.FOREIGN_STATE))));
  }

  /**
   * Checks signed states with {@code codec}, the browser binding being the nonce from the cookie.
   * Without a replay guard, a state verifies again until it expires: see {@link SignedStateCodec}.
   *
   * @param codec the codec that issued the states, holding the same key
   * @return a callback checker for signed states, without replay protection
   * @throws NullPointerException when {@code codec} is null
   */
  public static AuthorizationCallback usingSignedState(SignedStateCodec codec) {
    Objects.requireNonNull(codec, "codec");
    return new AuthorizationCallback(
        (state, nonce) ->
            Mono.fromCallable(
                () -> {
                  codec.verify(state, nonce);
                  return Optional.<PendingAuthorization>empty();
                }));
  }

  /**
   * Checks signed states with {@code codec} and refuses a second use of one through {@code
   * replayGuard} ({@code REPLAYED_STATE}).
   *
   * @param codec the codec that issued the states, holding the same key
   * @param replayGuard records each verified state's replay key; if it completes empty, the
   *     verification errors with {@link IllegalStateException}
   * @return a callback checker for signed states that accepts each state once
   * @throws NullPointerException when an argument is null
   */
  public static AuthorizationCallback usingSignedState(
      SignedStateCodec codec, ReplayGuard replayGuard) {
    Objects.requireNonNull(codec, "codec");
    Objects.requireNonNull(replayGuard, "replayGuard");
    return new AuthorizationCallback(
        (state, nonce) ->
            Mono.fromCallable(() -> codec.verify(state, nonce))
                .flatMap(
                    verified ->
                        Mono.defer(
                            () -> replayGuard.markUsed(verified.replayKey(), verified.expiresAt())))
                .switchIfEmpty(
                    Mono.error(
                        () ->
                            new IllegalStateException(
                                "The replay guard completed without an answer")))
                .flatMap(
                    firstUse ->
                        firstUse
                            ? Mono.just(Optional.<PendingAuthorization>empty())
                            : Mono.error(
                                AuthorizationCallbackException.of(Reason.REPLAYED_STATE))));
  }

  /**
   * Verifies the redirect {@code callbackUri} (its raw query; the fragment is ignored): the one
   * entry point of the callback check. A framework that hands over the request target as a string
   * ({@code /callback?code=..&state=..}) passes {@code URI.create(target)}.
   *
   * @param callbackUri the redirect URI the browser came back with, as received (absolute, or the
   *     request target)
   * @param browserBinding the binding the browser presented now (the cookie value: nonce or session
   *     hash); empty when it presented none, which fails with {@code FOREIGN_STATE}
   * @return a {@code Mono} that emits the verified callback: the code, and the {@link
   *     PendingAuthorization} saved with the state (empty for signed states); errors with {@link
   *     AuthorizationDeniedException} for an {@code error} redirect, with {@link
   *     AuthorizationCallbackException} for any rejection listed on this class, or with the store's
   *     or guard's own error; never completes empty
   * @throws NullPointerException when an argument is null
   */
  public Mono<VerifiedCallback> verify(URI callbackUri, String browserBinding) {
    Objects.requireNonNull(callbackUri, "callbackUri");
    Objects.requireNonNull(browserBinding, "browserBinding");
    return Mono.defer(() -> check(CallbackResponse.parse(callbackUri), browserBinding));
  }

  private Mono<VerifiedCallback> check(CallbackResponse response, String browserBinding) {
    Optional<String> state = response.state();
    if (state.isEmpty()) {
      return Mono.error(AuthorizationCallbackException.of(Reason.MISSING_STATE));
    }
    return stateCheck
        .apply(state.get(), browserBinding)
        .flatMap(
            pendingAuthorization -> {
              if (response instanceof CallbackResponse.Denied denied) {
                return Mono.error(denied.toException());
              }
              AuthorizationCode code = ((CallbackResponse.Granted) response).code();
              return Mono.just(new VerifiedCallback(code, pendingAuthorization));
            });
  }

  /** Names the class only. */
  @Override
  public String toString() {
    return "AuthorizationCallback";
  }
}
