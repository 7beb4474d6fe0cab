package io.sunco.oauth.webflux;

import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The start route: the application's attributes, a pending state, the consent URL, the cookie.
 * Every failure is a page without a link back (starting again would fail the same way): {@code 503}
 * when the state store is down or slow, else {@code 500}; each start is observed, each failure
 * logged.
 */
final class StartStep {

  private final SunshineOAuthClient client;
  private final AuthorizeRequest consentTemplate;
  private final PendingFlows states;
  private final @Nullable FlowAttributes attributes;
  private final ResponsePolicy policy;
  private final FailureAnswers failures;
  private final FlowObserver observer;

  StartStep(
      SunshineOAuthClient client,
      AuthorizeRequest consentTemplate,
      PendingFlows states,
      @Nullable FlowAttributes attributes,
      ResponsePolicy policy,
      FailureAnswers failures,
      FlowObserver observer) {
    this.client = client;
    this.consentTemplate = consentTemplate;
    this.states = states;
    this.attributes = attributes;
    this.policy = policy;
    this.failures = failures;
    this.observer = observer;
  }

  Mono<ServerResponse> handle(ServerRequest request) {
    boolean secure = policy.isSecure(request);
    return Mono.deferContextual(
        context -> {
          FlowObserver.Once ended =
              new FlowObserver.Once(
                  observer.start(SunshineOAuthRoutes.START_OBSERVATION_NAME, context));
          return attributesOf(request)
              .flatMap(states::begin)
              .flatMap(
                  pending ->
                      policy.toConsent(
                          // The redirect URI was checked once, when the routes were built.
                          client.authorizeUrl(consentTemplate.withState(pending.state())),
                          policy.cookie(pending.cookieValue(), secure)))
              .doOnNext(answer -> ended.stop(FlowOutcome.STARTED, null))
              .onErrorResume(error -> failures.start(error, ended))
              .doOnCancel(() -> ended.stop(FlowOutcome.CANCELLED, null));
        });
  }

  private Mono<Map<String, String>> attributesOf(ServerRequest request) {
    FlowAttributes source = attributes;
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
