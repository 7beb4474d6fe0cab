package io.sunco.oauth.webflux;

import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.AuthorizationDeniedException;
import io.sunco.oauth.callback.StateStoreUnavailableException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Turns what went wrong into the browser's answer, the flow's {@link FlowOutcome} and its one log
 * line ({@link FlowLog}): which {@link Failure} an error of each step means, and the page or the
 * denial redirect.
 */
final class FailureAnswers {

  private final ResponsePolicy policy;
  private final String startLink;
  private final @Nullable URI denialUrl;
  private final FlowLog log;
  private final String startRoute;
  private final String callbackRoute;

  FailureAnswers(
      ResponsePolicy policy,
      String startLink,
      @Nullable URI denialUrl,
      FlowLog log,
      String startRoute,
      String callbackRoute) {
    this.policy = policy;
    this.startLink = startLink;
    this.denialUrl = denialUrl;
    this.log = log;
    this.startRoute = startRoute;
    this.callbackRoute = callbackRoute;
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

  /** The start route's answer to {@code error}: a page, and a WARN line. */
  Mono<ServerResponse> start(Throwable error) {
    // The start route saves its state: a store that is down or slow is a 503 there too.
    boolean storeDown = error instanceof StateStoreUnavailableException;
    Failure failure = storeDown ? Failure.STORE_UNAVAILABLE : Failure.START;
    log.ended(
        storeDown ? FlowOutcome.STORE_UNAVAILABLE : FlowOutcome.INTERNAL_ERROR,
        startRoute,
        failure.status.value(),
        failure.name(),
        null,
        error.getClass().getName());
    return page(failure, null);
  }

  /**
   * The callback's answer to {@code error}: the failure its {@link Failure.Stop} carries, else
   * {@link Failure#INTERNAL}; logs its line and hands its outcome to {@code ended}.
   */
  Mono<ServerResponse> callback(
      Throwable error,
      ResponseCookie cleared,
      @Nullable String appId,
      Consumer<FlowOutcome> ended) {
    Failure failure = Failure.INTERNAL;
    Throwable cause = error;
    String description = error.getClass().getName();
    if (error instanceof Failure.Stop stop) {
      failure = stop.failure;
      cause = Objects.requireNonNull(stop.getCause(), "a Stop always carries a cause");
      description = stop.ourMessage ? describe(cause) : cause.getClass().getName();
    }
    FlowOutcome outcome = outcome(failure, cause);
    ended.accept(outcome);
    log.ended(
        outcome,
        callbackRoute,
        failure == Failure.DENIED && denialUrl != null ? 303 : failure.status.value(),
        cause instanceof AuthorizationCallbackException refused
            ? refused.reason().name()
            : failure == Failure.BAD_CALLBACK ? "INVALID_CODE" : failure.name(),
        appId,
        // A refusal's reason says it all; the cause helps only with our own failures.
        outcome.isOurFailure() ? description : null);
    if (failure == Failure.DENIED && denialUrl != null) {
      return policy.seeOther(denialUrl, cleared);
    }
    return page(failure, cleared);
  }

  /** The fixed page of {@code failure}; {@code cleared} is null on the start route. */
  private Mono<ServerResponse> page(Failure failure, @Nullable ResponseCookie cleared) {
    return policy.page(
        failure.status,
        failure.title,
        failure.message,
        failure.offerRestart ? startLink : null,
        cleared);
  }

  /** The callback was cancelled: the browser went away. */
  void cancelled(@Nullable String appId) {
    log.ended(FlowOutcome.CANCELLED, callbackRoute, 0, "CANCELLED", appId, null);
  }

  private static FlowOutcome outcome(Failure failure, Throwable cause) {
    return switch (failure) {
      case BAD_CALLBACK, DENIED ->
          cause instanceof AuthorizationCallbackException refused
              ? FlowOutcome.of(refused.reason())
              : FlowOutcome.MALFORMED;
      case OTHER_SESSION -> FlowOutcome.OTHER_USER;
      case UPSTREAM, UPSTREAM_TIMEOUT -> FlowOutcome.UPSTREAM_ERROR;
      case STORE_UNAVAILABLE -> FlowOutcome.STORE_UNAVAILABLE;
      case SAVE -> FlowOutcome.SINK_FAILED;
      case START, INTERNAL -> FlowOutcome.INTERNAL_ERROR;
    };
  }

  /** For errors made by this library, whose messages hold no secret. */
  private static String describe(Throwable error) {
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }
}
