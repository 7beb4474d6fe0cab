package io.sunco.oauth;

import io.sunco.oauth.error.SunshineOAuthException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * One run of {@link SunshineOAuthClient#completeAuthorization}: owns the token from the moment the
 * server issued it until the caller's function has completed, and revokes it if the flow ends in
 * any other way.
 *
 * <p>Who decides the token's fate is settled by one atomic state, so that exactly one of "kept",
 * "revoked because a step failed" and "revoked because the subscriber went away" happens, whatever
 * the threads. The exchange itself is not cancelled with the subscriber: once the code may have
 * been sent, cancelling could only drop a token the server issued, a live grant nobody holds.
 * Instead the exchange runs to its own deadline and a token that arrives for nobody is revoked.
 */
final class GrantGuard {

  private static final Logger LOG = Loggers.getLogger(SunshineOAuthClient.class);

  /** The flow is still waiting for the token. */
  private static final Object WAITING = new Object();

  /** The subscriber went away before the token arrived: revoke it when it does. */
  private static final Object ABANDONED = new Object();

  /** The token was kept (the flow completed) or handed to a revoke: nothing more to do. */
  private static final Object SETTLED = new Object();

  /** {@link #WAITING}, {@link #ABANDONED}, {@link #SETTLED}, or the held {@link AccessToken}. */
  private final AtomicReference<Object> state = new AtomicReference<>(WAITING);

  private final Function<AccessToken, Mono<Void>> revoke;

  private GrantGuard(Function<AccessToken, Mono<Void>> revoke) {
    this.revoke = revoke;
  }

  /**
   * The composed flow: exchange, token info, the caller's function, revoke on any other ending.
   *
   * @param exchange the {@code getToken} call, not yet subscribed
   * @param tokenInfo the {@code getTokenInfo} call for a token
   * @param onConnected the caller's function
   * @param revoke the revoke call (with its own deadline) for a token
   */
  static <T> Mono<T> run(
      Mono<AccessToken> exchange,
      Function<AccessToken, Mono<TokenInfo>> tokenInfo,
      BiFunction<? super AccessToken, ? super TokenInfo, ? extends Mono<T>> onConnected,
      Function<AccessToken, Mono<Void>> revoke) {
    return Mono.deferContextual(
        context -> {
          GrantGuard guard = new GrantGuard(revoke);
          Sinks.One<AccessToken> issued = Sinks.one();
          // Subscribed apart from the subscriber, so that its cancellation cannot cut the
          // exchange off between "the server issued a token" and "the flow holds it".
          exchange
              .contextWrite(context)
              .subscribe(
                  token -> {
                    if (guard.hold(token)) {
                      issued.tryEmitValue(token);
                    }
                  },
                  issued::tryEmitError,
                  issued::tryEmitEmpty);
          return issued
              .asMono()
              .flatMap(
                  token ->
                      tokenInfo
                          .apply(token)
                          .flatMap(
                              info ->
                                  Objects.requireNonNull(
                                      onConnected.apply(token, info), "onConnected returned null")))
              .doOnSuccess(ignored -> guard.keep())
              .onErrorResume(error -> guard.revokeAfter(error).then(Mono.error(error)))
              .doOnCancel(guard::abandon);
        });
  }

  /** The token arrived: hold it, or revoke it at once when the subscriber already went away. */
  private boolean hold(AccessToken token) {
    if (state.compareAndSet(WAITING, token)) {
      return true;
    }
    if (state.compareAndSet(ABANDONED, SETTLED)) {
      revokeDetached(token, "the flow was cancelled before the token arrived");
    }
    return false;
  }

  /** The caller's function completed: the token is theirs now. */
  private void keep() {
    state.set(SETTLED);
  }

  /** A step after the exchange failed: revoke the held token before the error is reported. */
  private Mono<Void> revokeAfter(Throwable error) {
    Object current = state.get();
    if (!(current instanceof AccessToken token) || !state.compareAndSet(current, SETTLED)) {
      // No token was issued (the exchange itself failed), or it is already settled.
      return Mono.empty();
    }
    return revoke
        .apply(token)
        .onErrorResume(
            revokeError -> {
              warn(revokeError, "a later step failed");
              error.addSuppressed(revokeError);
              return Mono.empty();
            });
  }

  /** The subscriber went away: revoke the held token, or mark it to be revoked on arrival. */
  private void abandon() {
    for (; ; ) {
      Object current = state.get();
      if (current == WAITING) {
        if (state.compareAndSet(WAITING, ABANDONED)) {
          return;
        }
      } else if (current instanceof AccessToken token) {
        if (state.compareAndSet(current, SETTLED)) {
          revokeDetached(token, "the flow was cancelled");
          return;
        }
      } else {
        return; // already abandoned or settled
      }
    }
  }

  private void revokeDetached(AccessToken token, String why) {
    revoke.apply(token).subscribe(ignored -> {}, revokeError -> warn(revokeError, why));
  }

  private static void warn(Throwable revokeError, String why) {
    if (LOG.isWarnEnabled()) {
      LOG.warn(
          "Could not revoke an access token after {}; the grant may still be live: {}",
          why,
          describe(revokeError));
    }
  }

  /** Our own exceptions' messages carry no secret; for others only the type is shown. */
  private static String describe(@Nullable Throwable error) {
    if (error == null) {
      return "unknown";
    }
    return error instanceof SunshineOAuthException
        ? error.getClass().getSimpleName() + ": " + error.getMessage()
        : error.getClass().getName();
  }
}
