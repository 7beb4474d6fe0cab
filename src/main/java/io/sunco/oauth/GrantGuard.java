package io.sunco.oauth;

import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.internal.UntrustedText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.publisher.Sinks;
import reactor.util.Logger;
import reactor.util.Loggers;
import reactor.util.context.ContextView;

/**
 * One token exchange of {@link SunshineOAuthClient#completeAuthorization} and the flows that share
 * it: owns the token from the moment the server issued it until some flow's function has completed
 * with it, and revokes it when every flow has ended without that.
 *
 * <p>Concurrent flows of one code (a double-clicked consent, a retried callback) join one guard, so
 * that one request is sent and each gets the same token. Each flow that joins holds a lease; the
 * token's fate is decided by one atomic state: <b>kept</b> as soon as one flow's function
 * completes, <b>revoked</b> when the last lease is given up without that (a step failed or the
 * subscriber went away). So no flow can revoke a token that another flow stored, and a token nobody
 * stored does not outlive its last flow. A flow can join only while the exchange is in flight; a
 * later flow of the same code starts an exchange of its own (which the server refuses, the code
 * being spent).
 *
 * <p>Nothing a subscriber does can cut the token's fate off. The exchange is not cancelled with the
 * flows: once the code may have been sent, cancelling could only drop a token the server issued; it
 * runs to its own deadline and a token that arrives for nobody is revoked. The revoke is subscribed
 * apart from every flow: a flow whose step failed waits for its result before reporting the
 * failure, but a cancel of that flow only stops the waiting, never the revoke or its retries.
 */
final class GrantGuard {

  private static final Logger LOG = Loggers.getLogger(SunshineOAuthClient.class);

  /** Where the token's fate stands. */
  enum Phase {
    /** The exchange is in flight; flows may join. */
    WAITING,
    /** The token arrived and the flows holding it have not decided yet. */
    HELD,
    /** A flow's function completed with the token: it stays alive. Final. */
    KEPT,
    /** The last lease was given up without a completed function: revoked. Final. */
    REVOKED,
    /** The exchange ended without a token: nothing to decide. Final. */
    NO_TOKEN
  }

  /**
   * The guard's whole state, replaced atomically.
   *
   * @param phase where the token's fate stands
   * @param leases the flows that joined and have not ended
   * @param token the token once it arrived, null before and after a decision that drops it
   */
  record State(Phase phase, int leases, @Nullable AccessToken token) {
    @Override
    public String toString() {
      return "State[" + phase + ", leases=" + leases + "]";
    }
  }

  private final AtomicReference<State> state =
      new AtomicReference<>(new State(Phase.WAITING, 1, null));

  private final Sinks.One<AccessToken> issued = Sinks.one();
  private final Function<AccessToken, Mono<Void>> revoke;
  private final DetachedWork work;

  /** The app of the token once a flow learnt it; named in the warning of a failed revoke. */
  private volatile @Nullable String appId;

  /** A guard for a new exchange, held by the flow that starts it (one lease). */
  GrantGuard(Function<AccessToken, Mono<Void>> revoke, DetachedWork work) {
    this.revoke = revoke;
    this.work = work;
  }

  /**
   * The composed flow of one subscriber: join the exchange of {@code key} in flight or start one,
   * then token info, the caller's function, and the revoke decided by the guard.
   *
   * @param guards the guards of the exchanges in flight, shared by the client family
   * @param key what makes two exchanges one
   * @param exchange makes the token exchange, asked only when this subscription starts one
   * @param tokenInfo the {@code getTokenInfo} call for a token
   * @param onConnected the caller's function
   * @param revoke the revoke call (with its own deadline) for a token
   * @param work counts the exchange and revokes this guard subscribes apart from the flows
   */
  static <K, T> Mono<T> run(
      ConcurrentMap<K, GrantGuard> guards,
      K key,
      Supplier<Mono<AccessToken>> exchange,
      Function<AccessToken, Mono<TokenInfo>> tokenInfo,
      BiFunction<? super AccessToken, ? super TokenInfo, ? extends Mono<T>> onConnected,
      Function<AccessToken, Mono<Void>> revoke,
      DetachedWork work) {
    return Mono.deferContextual(
        context -> {
          GrantGuard guard = join(guards, key, exchange, revoke, work, context);
          AtomicBoolean ended = new AtomicBoolean();
          return guard
              .issued
              .asMono()
              .flatMap(
                  token ->
                      tokenInfo
                          .apply(token)
                          .switchIfEmpty(
                              Mono.error(
                                  () -> new IllegalStateException("getTokenInfo completed empty")))
                          .flatMap(
                              info -> {
                                guard.appId = info.appId();
                                // Kept on the function's own completion, not the chain's: only
                                // this proves the function ran to its end with the token.
                                return Objects.requireNonNull(
                                        onConnected.apply(token, info), "onConnected returned null")
                                    .doOnSuccess(
                                        ignored -> {
                                          if (ended.compareAndSet(false, true)) {
                                            guard.leave(true);
                                          }
                                        });
                              }))
              .doOnSuccess(
                  ignored -> {
                    // Reached without the function completing only when the exchange completed
                    // empty (no token): the lease is given up like any flow that did not connect.
                    if (ended.compareAndSet(false, true)) {
                      AccessToken token = guard.leave(false);
                      if (token != null) {
                        guard.revokeDetached(token, "the flow ended without a token", context);
                      }
                    }
                  })
              .onErrorResume(
                  error -> {
                    if (!ended.compareAndSet(false, true)) {
                      return Mono.error(error);
                    }
                    AccessToken token = guard.leave(false);
                    if (token == null) {
                      return Mono.error(error);
                    }
                    return guard
                        .revokeDetached(token, "a later step failed", context)
                        .onErrorResume(
                            revokeError -> {
                              error.addSuppressed(revokeError);
                              return Mono.empty();
                            })
                        .then(Mono.error(error));
                  })
              .doOnCancel(
                  () -> {
                    if (ended.compareAndSet(false, true)) {
                      AccessToken token = guard.leave(false);
                      if (token != null) {
                        guard.revokeDetached(token, "the flow was cancelled", context);
                      }
                    }
                  });
        });
  }

  /** Joins the guard of the exchange in flight for {@code key}, or starts one. */
  private static <K> GrantGuard join(
      ConcurrentMap<K, GrantGuard> guards,
      K key,
      Supplier<Mono<AccessToken>> exchange,
      Function<AccessToken, Mono<Void>> revoke,
      DetachedWork work,
      ContextView context) {
    for (; ; ) {
      GrantGuard guard = guards.get(key);
      if (guard == null) {
        GrantGuard fresh = new GrantGuard(revoke, work);
        guard = guards.putIfAbsent(key, fresh);
        if (guard == null) {
          fresh.start(Mono.defer(exchange), () -> guards.remove(key, fresh), context);
          return fresh;
        }
      }
      if (guard.tryJoin()) {
        return guard;
      }
      // Its exchange ended, its entry not removed yet: remove it (only that one), then retry.
      guards.remove(key, guard);
    }
  }

  /**
   * Subscribes the exchange apart from every flow, so that no flow's cancellation can cut it off
   * between "the server issued a token" and "the guard holds it".
   */
  void start(Mono<AccessToken> exchange, Runnable unregister, ContextView context) {
    work.begin();
    exchange
        .contextWrite(context)
        .subscribe(
            new BaseSubscriber<AccessToken>() {
              @Override
              protected void hookOnNext(AccessToken token) {
                // A Mono completes after its value: hookOnComplete then sees arrived and stops.
                arrived = true;
                unregister.run();
                arrive(token);
              }

              @Override
              protected void hookOnError(Throwable error) {
                unregister.run();
                noToken();
                issued.tryEmitError(error);
              }

              @Override
              protected void hookOnComplete() {
                if (!arrived) {
                  unregister.run();
                  noToken();
                  issued.tryEmitEmpty();
                }
              }

              @Override
              protected void hookFinally(SignalType type) {
                work.end();
              }

              private boolean arrived;
            });
  }

  /** The current state; for tests. */
  State state() {
    return current();
  }

  /** Never null: the reference starts with a state and is only ever set to one. */
  private State current() {
    return Objects.requireNonNull(state.get());
  }

  /**
   * Takes a lease for one more flow, while the exchange is in flight.
   *
   * @return {@code false} when the exchange has ended: the flow must start one of its own
   */
  boolean tryJoin() {
    for (; ; ) {
      State current = current();
      if (current.phase() != Phase.WAITING) {
        return false;
      }
      if (state.compareAndSet(
          current, new State(Phase.WAITING, current.leases() + 1, current.token()))) {
        return true;
      }
    }
  }

  /** The token arrived: hold it for the flows, or revoke it at once when every flow has gone. */
  void arrive(AccessToken token) {
    for (; ; ) {
      State current = current();
      if (current.phase() != Phase.WAITING) {
        return; // cannot happen: the exchange signals once
      }
      boolean nobody = current.leases() == 0;
      State next =
          nobody
              ? new State(Phase.REVOKED, 0, null)
              : new State(Phase.HELD, current.leases(), token);
      if (state.compareAndSet(current, next)) {
        if (nobody) {
          revokeDetached(token, "the flow was cancelled before the token arrived", null);
        } else {
          issued.tryEmitValue(token);
        }
        return;
      }
    }
  }

  /** The exchange ended without a token. */
  void noToken() {
    for (; ; ) {
      State current = current();
      if (current.phase() != Phase.WAITING
          || state.compareAndSet(current, new State(Phase.NO_TOKEN, current.leases(), null))) {
        return;
      }
    }
  }

  /**
   * One flow ended; called once per lease.
   *
   * @param completed whether the flow's function completed with the token
   * @return the token the caller must now revoke (it was the last lease and no function completed),
   *     or null when there is nothing to revoke
   */
  @Nullable AccessToken leave(boolean completed) {
    for (; ; ) {
      State current = current();
      if (current.leases() == 0) {
        throw new IllegalStateException("a lease given up that was never taken: " + current);
      }
      int leases = current.leases() - 1;
      State next;
      AccessToken toRevoke = null;
      switch (current.phase()) {
        case WAITING -> next = new State(Phase.WAITING, leases, null);
        case HELD -> {
          if (completed) {
            next = new State(Phase.KEPT, leases, null);
          } else if (leases == 0) {
            next = new State(Phase.REVOKED, 0, null);
            toRevoke = current.token();
          } else {
            next = new State(Phase.HELD, leases, current.token());
          }
        }
        default -> next = new State(current.phase(), leases, null);
      }
      if (state.compareAndSet(current, next)) {
        return toRevoke;
      }
    }
  }

  /**
   * Starts the revoke apart from every subscriber; the returned Mono only reports its outcome, so
   * cancelling it leaves the revoke running.
   */
  private Mono<Void> revokeDetached(AccessToken token, String why, @Nullable ContextView context) {
    Sinks.Empty<Void> done = Sinks.empty();
    Mono<Void> call = revoke.apply(token);
    work.begin();
    (context == null ? call : call.contextWrite(context))
        .doFinally(signal -> work.end())
        .subscribe(
            ignored -> {},
            revokeError -> {
              warn(revokeError, why, token, appId);
              done.tryEmitError(revokeError);
            },
            done::tryEmitEmpty);
    return done.asMono();
  }

  private static void warn(
      Throwable revokeError, String why, AccessToken token, @Nullable String appId) {
    if (LOG.isWarnEnabled()) {
      LOG.warn(
          "Could not revoke an access token ({}) after {}; the grant may still be live: {}",
          appId == null
              ? "token sha256:" + fingerprint(token)
              : "app " + UntrustedText.clean(appId, 64),
          why,
          describe(revokeError));
    }
  }

  /** The first 8 hex digits of the token's SHA-256: tells tokens apart, never shows one. */
  static String fingerprint(AccessToken token) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(token.value().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException impossible) {
      // Every Java platform has SHA-256 (MessageDigest's Javadoc).
      throw new IllegalStateException(impossible);
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
