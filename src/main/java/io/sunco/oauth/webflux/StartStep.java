package io.sunco.oauth.webflux;

import io.sunco.oauth.AuthorizeRequest;
import java.util.Map;
import java.util.Objects;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The start route: the application's attributes, a pending state, the consent URL, the cookie.
 * Every failure is a page without a link back (starting again would fail the same way): {@code 503}
 * when the state store is down or slow, else {@code 500}; each start is observed, each failure
 * logged.
 *
 * @param parts what the two routes share
 * @param consentTemplate the authorize request checked once; each start adds its state
 */
record StartStep(RouteParts parts, AuthorizeRequest consentTemplate) {

  Mono<ServerResponse> handle(ServerRequest request) {
    ResponsePolicy policy = parts.policy();
    boolean secure = policy.isSecure(request);
    return Mono.deferContextual(
        context -> {
          FlowObserver.Once ended =
              new FlowObserver.Once(
                  parts.observer().start(SunshineOAuthRoutes.START_OBSERVATION_NAME, context));
          return attributesOf(request)
              .flatMap(parts.states()::begin)
              .flatMap(
                  pending ->
                      policy.toConsent(
                          // The redirect URI was checked once, when the routes were built.
                          parts.client().authorizeUrl(consentTemplate.withState(pending.state())),
                          policy.cookie(pending.cookieValue(), secure)))
              .doOnNext(answer -> ended.stop(FlowOutcome.STARTED, null))
              .onErrorResume(error -> parts.failures().start(error, ended))
              .doOnCancel(() -> ended.stop(FlowOutcome.CANCELLED, null));
        });
  }

  private Mono<Map<String, String>> attributesOf(ServerRequest request) {
    FlowAttributes source = parts.attributes();
    if (source == null) {
      return Mono.just(Map.of());
    }
    return Mono.defer(
            () -> Objects.requireNonNull(source.atStart(request), "atStart returned null"))
        .defaultIfEmpty(Map.of())
        .map(StartStep::checked);
  }

  private static Map<String, String> checked(Map<String, String> attributes) {
    if (attributes.size() > FlowAttributes.MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(
          "a flow carries at most " + FlowAttributes.MAX_ATTRIBUTES + " attributes");
    }
    // Copying refuses null keys and values.
    return Map.copyOf(attributes);
  }
}
