package io.sunco.oauth.webflux;

import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.AuthorizationDeniedException;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Turns what went wrong into the browser's answer, the flow's {@link FlowOutcome} and its one log
 * line ({@link FlowLog}): which {@link Failure} an error of each step means, and the page or the
 * denial redirect.
 *
 * @param policy how the answers look
 * @param startLink the start route's path as the browser sees it, the failure pages' link
 * @param denialUrl where a denial redirects to, null for a {@code 403} page
 * @param log the routes' one log line per flow
 * @param startRoute the start route's path, for the log
 * @param callbackRoute the callback route's path, for the log
 */
record FailureAnswers(
    ResponsePolicy policy,
    String startLink,
    @Nullable URI denialUrl,
    FlowLog log,
    String startRoute,
    String callbackRoute) {

  /**
   * What an error of the callback's state check means: the first entry whose type it is, else
   * {@link Failure#INTERNAL} (the store could not be read: our failure, not the browser's).
   */
  private static final List<Map.Entry<Class<? extends Throwable>, Failure>> VERIFICATION =
      List.of(
          Map.entry(AuthorizationDeniedException.class, Failure.DENIED),
          Map.entry(AuthorizationCallbackException.class, Failure.BAD_CALLBACK),
          // A shared store or replay guard is down or slow: nothing was decided, try again later.
          Map.entry(StoreUnavailableException.class, Failure.STORE_UNAVAILABLE));

  /**
   * What an error of the token exchange or the token info call means: the first entry whose type it
   * is, else {@link Failure#INTERNAL} (a closed client, or one built without a client secret).
   */
  private static final List<Map.Entry<Class<? extends Throwable>, Failure>> UPSTREAM =
      List.of(
          Map.entry(SunshineTimeoutException.class, Failure.UPSTREAM_TIMEOUT),
          Map.entry(SunshineOAuthException.class, Failure.UPSTREAM),
          // getToken refuses a code that cannot be a code (too long, control characters).
          Map.entry(IllegalArgumentException.class, Failure.BAD_CALLBACK));

  /** What an error of the callback's state check means. */
  static Failure ofVerification(Throwable error) {
    return classify(error, VERIFICATION);
  }

  /** What an error of the token exchange or the token info call means. */
  static Failure ofUpstream(Throwable error) {
    return classify(error, UPSTREAM);
  }

  private static Failure classify(
      Throwable error, List<Map.Entry<Class<? extends Throwable>, Failure>> byType) {
    for (Map.Entry<Class<? extends Throwable>, Failure> entry : byType) {
      if (entry.getKey().isInstance(error)) {
        return entry.getValue();
      }
    }
    return Failure.INTERNAL;
  }

  /**
   * The start route's answer to {@code error}: a page, and, when {@code ended} stops the start's
   * observation with this outcome, a WARN line.
   */
  Mono<ServerResponse> start(Throwable error, FlowObserver.Once ended) {
    // The start route saves its state: a store that is down or slow is a 503 there too.
    boolean storeDown = error instanceof StoreUnavailableException;
    Failure failure = storeDown ? Failure.STORE_UNAVAILABLE : Failure.START;
    FlowOutcome outcome = storeDown ? FlowOutcome.STORE_UNAVAILABLE : FlowOutcome.INTERNAL_ERROR;
    String cause = error.getClass().getName();
    if (ended.stop(outcome, new Observed(outcome, failure.name(), cause))) {
      log.ended(outcome, startRoute, failure.status.value(), failure.name(), null, cause);
    }
    return page(failure, null);
  }

  /**
   * The callback's answer to {@code error}: the failure its {@link Failure.Stop} carries, else
   * {@link Failure#INTERNAL}; when {@code ended} stops the callback's observation with its outcome
   * (a cancel may have come first), also its log line.
   */
  Mono<ServerResponse> callback(
      Throwable error, ResponseCookie cleared, @Nullable String appId, FlowObserver.Once ended) {
    Failure failure = Failure.INTERNAL;
    Throwable cause = error;
    String description = error.getClass().getName();
    boolean ourMessage = false;
    if (error instanceof Failure.Stop stop) {
      failure = stop.failure;
      cause = Objects.requireNonNull(stop.getCause(), "a Stop always carries a cause");
      ourMessage = stop.ourMessage;
      description = ourMessage ? describe(cause) : cause.getClass().getName();
    }
    FlowOutcome outcome = outcome(failure, cause);
    String reason =
        cause instanceof AuthorizationCallbackException refused
            ? refused.reason().name()
            : failure == Failure.BAD_CALLBACK ? "INVALID_CODE" : failure.name();
    // A refusal's reason says it all; the cause helps with our own failures, and with a user
    // that could not be derived again (the application's atStart errored: its type says why).
    String logged =
        outcome.isOurFailure() || (outcome == FlowOutcome.OTHER_USER && !ourMessage)
            ? description
            : null;
    boolean denialRedirect = failure == Failure.DENIED && denialUrl != null;
    if (ended.stop(
        outcome, outcome.isOurFailure() ? new Observed(outcome, reason, description) : null)) {
      log.ended(
          outcome,
          callbackRoute,
          denialRedirect ? 303 : failure.status.value(),
          reason,
          appId,
          logged);
    }
    if (denialRedirect) {
      return policy.seeOther(Objects.requireNonNull(denialUrl), cleared);
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

  /**
   * What an observation's {@code error} gets for a failure: the outcome, the reason and the
   * secret-free description of the log line, no stack trace and no cause (a tracer records both).
   */
  static final class Observed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Observed(FlowOutcome outcome, String reason, String description) {
      super(outcome.tag() + " " + reason + ": " + description, null, false, false);
    }
  }
}
