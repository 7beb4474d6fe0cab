package io.sunco.oauth.webflux;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The callback route: check the state, ask the application whether this session may complete the
 * flow, then code to token to app to sink through {@link
 * SunshineOAuthClient#completeAuthorization}, which revokes the token when a later step fails. Each
 * step's error is tagged with its answer on the way out; every callback ends with one {@link
 * FlowOutcome}, observed and, unless connected, logged.
 */
final class CallbackStep {

  private final SunshineOAuthClient client;
  private final PendingStates states;
  private final @Nullable FlowAttributes attributes;
  private final TokenSink sink;
  private final URI successUrl;
  private final ResponsePolicy policy;
  private final FailureAnswers failures;
  private final FlowObserver observer;

  CallbackStep(
      SunshineOAuthClient client,
      PendingStates states,
      @Nullable FlowAttributes attributes,
      TokenSink sink,
      URI successUrl,
      ResponsePolicy policy,
      FailureAnswers failures,
      FlowObserver observer) {
    this.client = client;
    this.states = states;
    this.attributes = attributes;
    this.sink = sink;
    this.successUrl = successUrl;
    this.policy = policy;
    this.failures = failures;
    this.observer = observer;
  }

  Mono<ServerResponse> handle(ServerRequest request) {
    return Mono.defer(
        () -> {
          ResponseCookie cleared = policy.cleared(policy.isSecure(request));
          Ended ended = new Ended(observer.start());
          AtomicReference<@Nullable String> appId = new AtomicReference<>();
          return states
              .verify(request.uri(), policy.cookieValue(request))
              .onErrorMap(
                  error -> !(error instanceof Failure.Stop),
                  error ->
                      new Failure.Stop(
                          FailureAnswers.ofVerification(error),
                          error,
                          error instanceof AuthorizationCallbackException))
              .flatMap(
                  verified ->
                      sameSession(request, verified.attributes())
                          .then(Mono.defer(() -> exchange(verified, appId))))
              .then(
                  Mono.defer(
                      () -> {
                        ended.accept(FlowOutcome.CONNECTED);
                        return policy.seeOther(successUrl, cleared);
                      }))
              .onErrorResume(error -> failures.callback(error, cleared, appId.get(), ended))
              .doOnCancel(
                  () -> {
                    if (ended.once(FlowOutcome.CANCELLED)) {
                      failures.cancelled(appId.get());
                    }
                  });
        });
  }

  private Mono<Void> sameSession(ServerRequest request, Map<String, String> saved) {
    FlowAttributes source = attributes;
    if (source == null) {
      return Mono.empty();
    }
    return Mono.defer(
            () ->
                Objects.requireNonNull(
                    source.stillMatches(request, saved), "stillMatches returned null"))
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("stillMatches completed empty")))
        .onErrorMap(error -> new Failure.Stop(Failure.INTERNAL, error, false))
        .flatMap(
            matches ->
                matches
                    ? Mono.<Void>empty()
                    : Mono.error(
                        new Failure.Stop(
                            Failure.OTHER_SESSION,
                            new IllegalStateException("the callback belongs to another session"),
                            true)));
  }

  private Mono<Void> exchange(
      PendingStates.Verified verified, AtomicReference<@Nullable String> appId) {
    return Mono.defer(
            () ->
                client.completeAuthorization(
                    verified.code(),
                    (token, app) -> {
                      appId.set(app.appId());
                      return save(token, app, verified.attributes());
                    }))
        .onErrorMap(
            error -> !(error instanceof Failure.Stop),
            error -> new Failure.Stop(FailureAnswers.ofUpstream(error), error, true));
  }

  private Mono<Void> save(AccessToken token, TokenInfo app, Map<String, String> flowAttributes) {
    return Mono.defer(
            () ->
                Objects.requireNonNull(
                    sink.save(new ConnectedApp(token, app, flowAttributes)),
                    "the sink returned null"))
        .onErrorMap(
            error -> !(error instanceof Failure.Stop),
            error -> new Failure.Stop(Failure.SAVE, error, false));
  }

  /** Stops the callback's observation once, with the first outcome reported. */
  private static final class Ended implements Consumer<FlowOutcome> {
    private final FlowObserver.Flow flow;
    private final AtomicBoolean stopped = new AtomicBoolean();

    Ended(FlowObserver.Flow flow) {
      this.flow = flow;
    }

    /** Stops with {@code outcome} unless already stopped; says whether it did. */
    boolean once(FlowOutcome outcome) {
      if (!stopped.compareAndSet(false, true)) {
        return false;
      }
      flow.stop(outcome);
      return true;
    }

    @Override
    public void accept(FlowOutcome outcome) {
      once(outcome);
    }
  }
}
