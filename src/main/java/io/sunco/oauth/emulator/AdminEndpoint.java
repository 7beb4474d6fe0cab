package io.sunco.oauth.emulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /emulator/admin/remove-integration} ({@link
 * SunshineOAuthEmulator#ADMIN_REMOVE_INTEGRATION_PATH}), emulator only, served only with {@link
 * SunshineOAuthEmulator.Builder#adminSecret(String)}: another process removes an integration from
 * an app as {@link SunshineOAuthEmulator#removeIntegration(String, String)} does.
 *
 * <p>{@code Authorization: Bearer <admin secret>} (else {@code 401}), {@code Content-Type:
 * application/json} and a body {@code {"clientId":..,"appId":..}} naming a registered integration
 * and app (else {@code 400 invalid_request}). Answers {@code 200} once the {@code removeUrl}
 * answered or failed, with {@code {"clientId":..,"appId":..,"accessEnded":..,"removeUrlCalled":..,
 * "removeUrlStatus":..}} (no status when there is none). A browser page cannot call it for a
 * visitor: the {@code Authorization} header makes its request one that needs a CORS preflight,
 * which the emulator never grants.
 */
final class AdminEndpoint {

  private static final Set<String> MEMBERS = Set.of("clientId", "appId");

  private final Config config;
  private final AdminSecret secret;
  private final GrantEndpoints grants;

  AdminEndpoint(Config config, AdminSecret secret, GrantEndpoints grants) {
    this.config = config;
    this.secret = secret;
    this.grants = grants;
  }

  Mono<Void> removeIntegration(RecordedRequest request, HttpServerResponse response) {
    Optional<String> presented = GrantEndpoints.credentials(request, "Bearer ");
    if (presented.isEmpty() || !secret.matches(presented.get())) {
      return GrantEndpoints.unauthorized(
          response, "Bearer", "The admin secret is missing or wrong");
    }
    if (TokenEndpoint.mediaType(request).filter("json"::equals).isEmpty()) {
      return Replies.error(
          response, 400, "invalid_request", "Content-Type must be application/json");
    }
    Map<String, String> body = Json.readStringMembers(request.body(), MEMBERS).orElse(Map.of());
    String clientId = body.get("clientId");
    String appId = body.get("appId");
    if (clientId == null || appId == null) {
      return Replies.error(
          response,
          400,
          "invalid_request",
          "The body must be one JSON object whose clientId and appId are strings");
    }
    if (!config.integrations().containsKey(clientId)) {
      return Replies.error(response, 400, "invalid_request", "No integration has this clientId");
    }
    if (!config.apps().containsKey(appId)) {
      return Replies.error(response, 400, "invalid_request", "No app has this appId");
    }
    return grants
        .removeIntegration(clientId, appId)
        .flatMap(
            removal -> {
              Map<String, Object> answer = new LinkedHashMap<>();
              answer.put("clientId", clientId);
              answer.put("appId", appId);
              answer.put("accessEnded", removal.accessEnded());
              answer.put("removeUrlCalled", removal.removeUrlCalled());
              removal.removeUrlStatus().ifPresent(status -> answer.put("removeUrlStatus", status));
              return Replies.json(response, 200, Json.write(answer));
            });
  }
}
