package io.sunco.oauth.webflux;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
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
 *
 * @param parts what the two routes share
 * @param sink where a connected app's token goes
 * @param successUrl where the browser goes once the sink stored the token
 */
record CallbackStep(RouteParts parts, TokenSink sink, URI successUrl) {

  Mono<ServerResponse> handle(ServerRequest request) {
    ResponsePolicy policy = parts.policy();
    FailureAnswers failures = parts.failures();
    return Mono.deferContextual(
        context -> {
          ResponseCookie cleared = policy.cleared(policy.isSecure(request));
          FlowObserver.Once ended =
              new FlowObserver.Once(
                  parts.observer().start(SunshineOAuthRoutes.OBSERVATION_NAME, context));
          AtomicReference<@Nullable String> appId = new AtomicReference<>();
          return parts
              .states()
              .verify(request.uri(), policy.cookieValue(request))
              .onErrorMap(
                  error ->
                      FailureAnswers.ofVerification(error)
                          .stopping(error, error instanceof AuthorizationCallbackException))
              .flatMap(
                  verified ->
                      sameSession(request, verified.attributes())
                          .then(Mono.defer(() -> exchange(verified, appId))))
              .then(
                  Mono.defer(
                      () -> {
                        ended.stop(FlowOutcome.CONNECTED, null);
                        return policy.seeOther(successUrl, cleared);
                      }))
              .onErrorResume(error -> failures.callback(error, cleared, appId.get(), ended))
              .doOnCancel(
                  () -> {
                    if (ended.stop(FlowOutcome.CANCELLED, null)) {
                      failures.cancelled(appId.get());
                    }
                  });
        });
  }

  private Mono<Void> sameSession(ServerRequest request, Map<String, String> saved) {
    FlowAttributes source = parts.attributes();
    if (source == null) {
      return Mono.empty();
    }
    return Mono.defer(
            () ->
                Objects.requireNonNull(
                    source.stillMatches(request, saved), "stillMatches returned null"))
        .switchIfEmpty(Mono.error(() -> new IllegalStateException("stillMatches completed empty")))
        // The default check turns an atStart error into a refusal (a Stop): keep it. An error of
        // the application's own check is a failure on our side.
        .onErrorMap(error -> Failure.INTERNAL.stopping(error, false))
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
      PendingFlows.Verified verified, AtomicReference<@Nullable String> appId) {
    return Mono.defer(
            () ->
                parts
                    .client()
                    .completeAuthorization(
                        verified.code(),
                        (token, app) -> {
                          appId.set(app.appId());
                          return save(token, app, verified.attributes());
                        }))
        .onErrorMap(error -> FailureAnswers.ofUpstream(error).stopping(error, true));
  }

  private Mono<Void> save(AccessToken token, TokenInfo app, Map<String, String> flowAttributes) {
    return Mono.defer(
            () ->
                Objects.requireNonNull(
                    sink.save(new ConnectedApp(token, app, flowAttributes)),
                    "the sink returned null"))
        .onErrorMap(error -> Failure.SAVE.stopping(error, false));
  }
}
