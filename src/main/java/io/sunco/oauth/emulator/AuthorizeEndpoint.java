package io.sunco.oauth.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /oauth/authorize} and the consent page's {@code POST /oauth/authorize/decision}.
 *
 * <p>Errors follow RFC 6749 §4.1.2.1: a missing, unknown or repeated {@code client_id}, or a {@code
 * redirect_uri} that is not registered (or repeated), is shown on an error page and never
 * redirected; every other error (a missing or unsupported {@code response_type}, a repeated
 * parameter, an unknown {@code app_id}) is redirected back to the client with {@code error} and the
 * {@code state}. Whether the live service redirects these errors is unknown; the RFC is what
 * clients are written against.
 */
final class AuthorizeEndpoint {

  /** The outcome of checking the client and the redirect URI. */
  private sealed interface Checked permits Target, Refused {}

  /** A client and the redirect URI its answer goes to, both checked. */
  private record Target(Integration integration, String redirectUri) implements Checked {}

  /** Why the client or the redirect URI is wrong: shown on a page, never redirected. */
  private record Refused(String error, String description) implements Checked {}

  private final Config config;
  private final OAuthState oauth;
  private final Supplier<ConsentMode> consentMode;

  AuthorizeEndpoint(Config config, OAuthState oauth, Supplier<ConsentMode> consentMode) {
    this.config = config;
    this.oauth = oauth;
    this.consentMode = consentMode;
  }

  Mono<Void> authorize(RecordedRequest request, HttpServerResponse response) {
    Optional<Map<String, List<String>>> parsed = Urls.queryParameterLists(request.path());
    if (parsed.isEmpty()) {
      return Replies.errorPage(response, "invalid_request", "The query is badly encoded.");
    }
    Map<String, List<String>> query = parsed.get();
    for (String name : List.of("client_id", "redirect_uri")) {
      if (query.getOrDefault(name, List.of()).size() > 1) {
        return Replies.errorPage(response, "invalid_request", name + " is repeated.");
      }
    }
    Map<String, String> first = new LinkedHashMap<>();
    query.forEach((name, values) -> first.put(name, values.get(0)));
    Checked checked = check(first);
    if (checked instanceof Refused refused) {
      return Replies.errorPage(response, refused.error(), refused.description());
    }
    Target target = (Target) checked;
    // From here the redirect URI is trusted: errors go back to the client, with the state.
    boolean stateRepeated = query.getOrDefault("state", List.of()).size() > 1;
    Optional<String> state =
        stateRepeated ? Optional.empty() : Optional.ofNullable(first.get("state"));
    Optional<String> repeated =
        query.entrySet().stream()
            .filter(parameter -> parameter.getValue().size() > 1)
            .map(Map.Entry::getKey)
            .findFirst();
    if (repeated.isPresent()) {
      return redirectError(response, target, "invalid_request", state);
    }
    String responseType = first.get("response_type");
    if (responseType == null || responseType.isEmpty()) {
      return redirectError(response, target, "invalid_request", state);
    }
    if (!responseType.equals("code")) {
      return redirectError(response, target, "unsupported_response_type", state);
    }
    Optional<App> app = app(first);
    if (app.isEmpty()) {
      return redirectError(response, target, "invalid_request", state);
    }
    return switch (consentMode.get()) {
      case AUTOMATIC -> redirectWithCode(response, target, app.get(), state);
      case DENY -> redirectError(response, target, "access_denied", state);
      case INTERACTIVE ->
          Replies.html(
              response,
              200,
              Html.consentPage(
                  target.integration(),
                  target.redirectUri(),
                  state,
                  config.apps().values(),
                  app.get()));
    };
  }

  /** The consent page's form, an emulator-only endpoint: every error is shown on a page. */
  Mono<Void> decide(RecordedRequest request, HttpServerResponse response) {
    Optional<Map<String, String>> parsed = Urls.formParameters(request.body());
    if (parsed.isEmpty()) {
      return Replies.errorPage(
          response, "invalid_request", "A form field is repeated or badly encoded.");
    }
    Map<String, String> form = parsed.get();
    Checked checked = check(form);
    if (checked instanceof Refused refused) {
      return Replies.errorPage(response, refused.error(), refused.description());
    }
    Target target = (Target) checked;
    Optional<App> app = app(form);
    if (app.isEmpty()) {
      return Replies.errorPage(response, "invalid_request", "Unknown app_id.");
    }
    Optional<String> state = Optional.ofNullable(form.get("state"));
    String decision = form.getOrDefault("decision", "");
    if (decision.equals("allow")) {
      return redirectWithCode(response, target, app.get(), state);
    }
    if (decision.equals("deny")) {
      return redirectError(response, target, "access_denied", state);
    }
    return Replies.errorPage(response, "invalid_request", "decision must be allow or deny.");
  }

  /** The client and redirect URI, or why either is wrong. */
  private Checked check(Map<String, String> parameters) {
    String clientId = parameters.get("client_id");
    if (clientId == null || clientId.isEmpty()) {
      return new Refused("invalid_request", "client_id is required.");
    }
    Integration integration = config.integrations().get(clientId);
    if (integration == null) {
      return new Refused("invalid_client", "Unknown client_id.");
    }
    String redirectUri = parameters.get("redirect_uri");
    if (redirectUri == null) {
      return new Target(integration, integration.defaultRedirectUri());
    }
    // Exact string comparison (or any port on loopback, when enabled), and never a redirect to an
    // unregistered URI.
    if (!RedirectUris.isRegistered(integration, redirectUri, config.loopbackAnyPort())) {
      return new Refused("invalid_request", "redirect_uri is not registered for this client.");
    }
    return new Target(integration, redirectUri);
  }

  /** The app consent goes to: the emulator-only {@code app_id}, or the first app registered. */
  private Optional<App> app(Map<String, String> parameters) {
    String appId = parameters.get("app_id");
    return appId == null
        ? Optional.of(config.defaultApp())
        : Optional.ofNullable(config.apps().get(appId));
  }

  private Mono<Void> redirectWithCode(
      HttpServerResponse response, Target target, App app, Optional<String> state) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("code", oauth.newCode(target.integration().clientId(), app.id()));
    state.ifPresent(value -> parameters.put("state", value));
    return Replies.redirect(response, Urls.appendQuery(target.redirectUri(), parameters));
  }

  private static Mono<Void> redirectError(
      HttpServerResponse response, Target target, String error, Optional<String> state) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("error", Objects.requireNonNull(error));
    state.ifPresent(value -> parameters.put("state", value));
    return Replies.redirect(response, Urls.appendQuery(target.redirectUri(), parameters));
  }
}
