package io.sunco.oauth.emulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /v2/tokenInfo} and {@code GET /sc/v2/apps/{appId}} (bearer access token), {@code
 * DELETE /oauth/authorization} (bearer access token, or an {@link ApiKey} as HTTP Basic or as an
 * HS256 JWT), and an admin's removal of an integration: every way a grant is used or ends.
 */
final class GrantEndpoints {

  private final Config config;
  private final OAuthState oauth;
  private final ApiKeys keys;
  private final RemovalNotifier notifier;

  GrantEndpoints(Config config, OAuthState oauth, ApiKeys keys, RemovalNotifier notifier) {
    this.config = config;
    this.oauth = oauth;
    this.keys = keys;
    this.notifier = notifier;
  }

  Mono<Void> tokenInfo(RecordedRequest request, HttpServerResponse response) {
    Optional<OAuthState.Grant> grant = credentials(request, "Bearer ").flatMap(oauth::lookup);
    if (grant.isEmpty()) {
      return unauthorized(response, "Bearer", "Authorization is required");
    }
    return describe(grant.get().appId(), response);
  }

  /**
   * {@code GET /sc/v2/apps/{appId}}: the one API call the emulator answers, so that an example can
   * use its token. {@code 401} without a live bearer token, {@code 403} for a token of another app.
   */
  Mono<Void> app(String appId, RecordedRequest request, HttpServerResponse response) {
    Optional<OAuthState.Grant> grant = credentials(request, "Bearer ").flatMap(oauth::lookup);
    if (grant.isEmpty()) {
      return unauthorized(response, "Bearer", "Authorization is required");
    }
    if (!grant.get().appId().equals(appId)) {
      return Replies.error(
          response, 403, "forbidden", "The token does not give access to this app");
    }
    return describe(appId, response);
  }

  /** {@code 200} and {@code {"app":{...}}} for a configured app, as tokenInfo and Get App send. */
  private Mono<Void> describe(String appId, HttpServerResponse response) {
    App app =
        Objects.requireNonNull(
            config.apps().get(appId),
            "tokens are issued only for configured apps, and the configuration never changes");
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("id", app.id());
    description.put("subdomain", app.subdomain());
    description.put("displayName", app.displayName());
    // Fields a client does not know about: the real service sends more than the three above.
    description.put("settings", Map.of("multiConvoEnabled", false));
    description.put("metadata", Map.of());
    return Replies.json(response, 200, Json.write(Map.of("app", description)));
  }

  Mono<Void> revoke(RecordedRequest request, HttpServerResponse response) {
    Optional<String> bearer = credentials(request, "Bearer ");
    if (bearer.isPresent()) {
      Optional<OAuthState.Grant> grant = oauth.lookup(bearer.get());
      if (grant.isPresent()) {
        if (oauth.revoke(grant.get())) {
          notifyRemoved(grant.get().clientId(), List.of(grant.get().appId()));
        }
        return Replies.json(response, 200, "{}");
      }
      if (ApiKeys.isKeyJwt(bearer.get())) {
        return revokeWith(keys.jwt(bearer.get()), "Bearer", response);
      }
      return unauthorized(response, "Bearer", "Authorization is required");
    }
    Optional<String> basic = credentials(request, "Basic ");
    if (basic.isPresent()) {
      return revokeWith(keys.basic(basic.get()), "Basic", response);
    }
    return unauthorized(response, "Bearer", "Authorization is required");
  }

  /** Revokes what the key covers: its app, or every app for an account key. */
  private Mono<Void> revokeWith(
      ApiKeys.Outcome outcome, String scheme, HttpServerResponse response) {
    if (outcome.key().isEmpty()) {
      return unauthorized(response, scheme, outcome.failure());
    }
    ApiKey key = outcome.key().get();
    if (key.appId().isPresent()) {
      if (oauth.revoke(key.clientId(), key.appId().get())) {
        notifyRemoved(key.clientId(), List.of(key.appId().get()));
      }
    } else {
      notifyRemoved(key.clientId(), oauth.revokeAll(key.clientId()));
    }
    return Replies.json(response, 200, "{}");
  }

  /**
   * An admin removes the integration {@code clientId} from {@code appId}: its access ends, as on
   * revocation, and its {@code removeUrl} is told, once. Both ids are registered (the caller
   * checked). The revocation happens at subscription; the {@code Mono} emits once the {@code
   * removeUrl} answered or failed.
   */
  Mono<IntegrationRemoval> removeIntegration(String clientId, String appId) {
    return Mono.defer(
        () -> {
          if (!oauth.revoke(clientId, appId)) {
            // Nothing to end: the service's behaviour here is unknown; telling the integration
            // twice about one removal would only make its removal route do the work again.
            return Mono.just(new IntegrationRemoval(false, false, OptionalInt.empty()));
          }
          Integration integration = integration(clientId);
          return notifier
              .notifyRemoved(integration, appId)
              .map(
                  status ->
                      new IntegrationRemoval(true, integration.removeUrl().isPresent(), status));
        });
  }

  private void notifyRemoved(String clientId, List<String> appIds) {
    Integration integration = integration(clientId);
    // Fire and forget: the revocation's answer does not wait for the integration's server.
    appIds.forEach(appId -> notifier.notifyRemoved(integration, appId));
  }

  private Integration integration(String clientId) {
    return Objects.requireNonNull(
        config.integrations().get(clientId),
        "tokens and keys belong to registered clients only, and the configuration never changes");
  }

  /** The credentials after {@code scheme} in the one {@code Authorization} header, if so. */
  static Optional<String> credentials(RecordedRequest request, String scheme) {
    List<String> values = request.headerValues("Authorization");
    if (values.size() != 1) {
      return Optional.empty();
    }
    String value = values.get(0);
    if (!value.regionMatches(true, 0, scheme, 0, scheme.length())) {
      return Optional.empty();
    }
    String credentials = value.substring(scheme.length()).trim();
    return credentials.isEmpty() ? Optional.empty() : Optional.of(credentials);
  }

  static Mono<Void> unauthorized(HttpServerResponse response, String scheme, String title) {
    response.header(
        HttpHeaderNames.WWW_AUTHENTICATE,
        scheme.equals("Basic") ? "Basic realm=\"Sunshine Conversations\"" : "Bearer");
    return Replies.error(response, 401, "unauthorized", title);
  }
}
