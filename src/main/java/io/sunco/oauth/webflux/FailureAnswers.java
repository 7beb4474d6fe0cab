package io.sunco.oauth.webflux;

import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.AuthorizationDeniedException;
import io.sunco.oauth.callback.StateStoreUnavailableException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Turns what went wrong into the browser's answer and one log line: which {@link Failure} an error
 * of each step means, the page or the denial redirect, and WARN for 5xx, DEBUG for 4xx.
 */
final class FailureAnswers {

  private static final Logger LOG = Loggers.getLogger(SunshineOAuthRoutes.class);

  private final ResponsePolicy policy;
  private final String startLink;
  private final @Nullable URI denialUrl;

  FailureAnswers(ResponsePolicy policy, String startLink, @Nullable URI denialUrl) {
    this.policy = policy;
    this.startLink = startLink;
    this.denialUrl = denialUrl;
  }

  /** What an error of the callback's state check means. */
  static Failure ofVerification(Throwable error) {
    if (error instanceof AuthorizationDeniedException) {
      return Failure.DENIED;
    }
    if (error instanceof AuthorizationCallbackException) {
      return Failure.BAD_CALLBACK;
    }
    if (error instanceof StateStoreUnavailableException) {
      // A shared store or replay guard is down or slow: nothing was decided, try again later.
      return Failure.STORE_UNAVAILABLE;
    }
    // The store could not be read: our failure, not the browser's.
    return Failure.INTERNAL;
  }

  /** What an error of the token exchange or the token info call means. */
  static Failure ofUpstream(Throwable error) {
    if (error instanceof SunshineTimeoutException) {
      return Failure.UPSTREAM_TIMEOUT;
    }
    if (error instanceof SunshineOAuthException) {
      return Failure.UPSTREAM;
    }
    if (error instanceof IllegalArgumentException) {
      // getToken refuses a code that cannot be a code (too long, control characters).
      return Failure.BAD_CALLBACK;
    }
    // A closed client, or one built without a client secret.
    return Failure.INTERNAL;
  }

  /**
   * The answer to {@code error}: the failure its {@link Failure.Stop} carries, else {@code
   * fallback}; {@code cleared} is the cookie-clearing cookie of a callback, null for the start.
   */
  Mono<ServerResponse> answer(Failure fallback, Throwable error, @Nullable ResponseCookie cleared) {
    // The start route saves its state: a store that is down or slow is a 503 there too.
    Failure failure =
        error instanceof StateStoreUnavailableException ? Failure.STORE_UNAVAILABLE : fallback;
    String cause = error.getClass().getName();
    if (error instanceof Failure.Stop stop) {
      failure = stop.failure;
      Throwable stopped = Objects.requireNonNull(stop.getCause(), "a Stop always carries a cause");
      cause = stop.ourMessage ? describe(stopped) : stopped.getClass().getName();
    }
    if (failure.status.is5xxServerError()) {
      if (LOG.isWarnEnabled()) {
        LOG.warn("Sunshine OAuth flow failed, answering {}: {}", failure.status.value(), cause);
      }
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("Sunshine OAuth flow refused, answering {}: {}", failure.status.value(), cause);
    }
    if (failure == Failure.DENIED && denialUrl != null) {
      return policy.seeOther(
          denialUrl,
          Objects.requireNonNull(
              cleared, "only the callback reports a denial; it clears the cookie"));
    }
    return policy.page(
        failure.status,
        failure.title,
        failure.message,
        failure.offerRestart ? startLink : null,
        cleared);
  }

  /** For errors made by this library, whose messages hold no secret. */
  private static String describe(Throwable error) {
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
