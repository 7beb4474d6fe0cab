package io.sunco.oauth.emulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code POST /oauth/token}: parses the body like a service does and redeems the code.
 *
 * <p>The body must be declared: {@code Content-Type} {@code application/json} (or another {@code
 * +json} type) or {@code application/x-www-form-urlencoded}, in any case, with any parameters such
 * as {@code charset}; anything else, a missing type included, is {@code 400 invalid_request}. A
 * JSON body must be one object without duplicate names; the four members the endpoint reads ({@code
 * code}, {@code grant_type}, {@code client_id}, {@code client_secret}) must be strings (or {@code
 * null}, taken as absent); every other member is ignored whatever its type. A form field must not
 * be repeated (RFC 6749 §3.2). What the live service answers to an undeclared body is unknown; the
 * emulator refuses it, since a client that omits the header cannot rely on a guess.
 */
final class TokenEndpoint {

  /** Client credentials as presented, from the body or from HTTP Basic. */
  private record ClientCredentials(String clientId, String clientSecret, boolean basic) {

    @Override
    public String toString() {
      return "ClientCredentials[" + clientId + ", ****]";
    }
  }

  private static final Set<String> MEMBERS =
      Set.of("code", "grant_type", "client_id", "client_secret");

  private final Config config;
  private final OAuthState oauth;

  TokenEndpoint(Config config, OAuthState oauth) {
    this.config = config;
    this.oauth = oauth;
  }

  Mono<Void> token(RecordedRequest request, HttpServerResponse response) {
    Optional<String> type = mediaType(request);
    if (type.isEmpty()) {
      return Replies.error(
          response,
          400,
          "invalid_request",
          "Content-Type must be application/json or application/x-www-form-urlencoded");
    }
    Optional<Map<String, String>> parsed =
        type.get().equals("form")
            ? Urls.formParameters(request.body())
            : Json.readStringMembers(request.body(), MEMBERS);
    if (parsed.isEmpty()) {
      return Replies.error(
          response,
          400,
          "invalid_request",
          type.get().equals("form")
              ? "A form field is repeated or badly encoded"
              : "The body must be one JSON object whose code, grant_type, client_id and"
                  + " client_secret are strings");
    }
    return redeem(request, parsed.get(), response);
  }

  /** {@code "json"} or {@code "form"} from the declared {@code Content-Type}, else empty. */
  static Optional<String> mediaType(RecordedRequest request) {
    if (request.headerValues("Content-Type").size() != 1) {
      return Optional.empty();
    }
    String value = request.header("Content-Type").orElse("");
    int semicolon = value.indexOf(';');
    String type =
        (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    if (type.equals("application/x-www-form-urlencoded")) {
      return Optional.of("form");
    }
    if (type.equals("application/json")
        || (type.startsWith("application/") && type.endsWith("+json"))) {
      return Optional.of("json");
    }
    return Optional.empty();
  }

  private Mono<Void> redeem(
      RecordedRequest request, Map<String, String> body, HttpServerResponse response) {
    String grantType = body.get("grant_type");
    if (grantType == null || grantType.isEmpty()) {
      return Replies.error(response, 400, "invalid_request", "grant_type is required");
    }
    if (!grantType.equals("authorization_code")) {
      return Replies.error(
          response, 400, "unsupported_grant_type", "grant_type must be authorization_code");
    }
    Optional<String> authorization = request.header("Authorization").filter(TokenEndpoint::isBasic);
    Optional<ClientCredentials> basic = authorization.flatMap(TokenEndpoint::parseBasic);
    if (authorization.isPresent() && basic.isEmpty()) {
      return invalidClient(response, true, "Malformed Basic authorization");
    }
    String bodyId = body.get("client_id");
    String bodySecret = body.get("client_secret");
    if (basic.isPresent()
        && (bodySecret != null
            || (bodyId != null
                && !bodyId.equals(basic.get().clientId())
                && !bodyId.equals(
                    formDecoded(basic.get()).map(ClientCredentials::clientId).orElse(null))))) {
      return Replies.error(
          response, 400, "invalid_request", "Use one client authentication method only");
    }
    ClientCredentials credentials =
        basic.orElse(
            bodyId == null || bodySecret == null
                ? null
                : new ClientCredentials(bodyId, bodySecret, false));
    if (credentials == null) {
      return invalidClient(response, false, "Client authentication is required");
    }
    Optional<Integration> client = authenticate(credentials);
    if (client.isEmpty()) {
      return invalidClient(response, credentials.basic(), "Client authentication failed");
    }
    String code = body.get("code");
    if (code == null || code.isEmpty()) {
      return Replies.error(response, 400, "invalid_request", "code is required");
    }
    OAuthState.Redemption redemption = oauth.redeem(code, client.get().clientId());
    return switch (redemption.outcome()) {
      case UNKNOWN ->
          Replies.error(response, 400, "invalid_grant", "The code is invalid or was already used");
      case OTHER_CLIENT ->
          Replies.error(response, 400, "invalid_grant", "The code was issued to another client");
      case EXPIRED -> Replies.error(response, 400, "invalid_grant", "The code has expired");
      case OK -> {
        String token =
            oauth.issueToken(client.get().clientId(), redemption.code().orElseThrow().appId());
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        yield Replies.json(response, 200, Json.write(answer));
      }
    };
  }

  private Optional<Integration> authenticate(ClientCredentials credentials) {
    Optional<Integration> raw = authenticateExactly(credentials);
    if (raw.isPresent() || !credentials.basic()) {
      return raw;
    }
    return formDecoded(credentials).flatMap(this::authenticateExactly);
  }

  private Optional<Integration> authenticateExactly(ClientCredentials credentials) {
    Integration integration = config.integrations().get(credentials.clientId());
    if (integration == null) {
      return Optional.empty();
    }
    boolean match =
        MessageDigest.isEqual(
            integration.clientSecret().getBytes(StandardCharsets.UTF_8),
            credentials.clientSecret().getBytes(StandardCharsets.UTF_8));
    return match ? Optional.of(integration) : Optional.empty();
  }

  static boolean isBasic(String authorization) {
    return authorization.regionMatches(true, 0, "Basic ", 0, 6);
  }

  // RFC 6749 §2.3.1 wants id and secret form-encoded before Base64; many clients skip that.
  // Both spellings are accepted: the decoded pair is tried only when it differs.
  private static Optional<ClientCredentials> parseBasic(String authorization) {
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new ClientCredentials(decoded.substring(0, colon), decoded.substring(colon + 1), true));
  }

  /** The form-decoded spelling of Basic credentials, when it differs from the raw one. */
  private static Optional<ClientCredentials> formDecoded(ClientCredentials raw) {
    try {
      ClientCredentials decoded =
          new ClientCredentials(
              URLDecoder.decode(raw.clientId(), StandardCharsets.UTF_8),
              URLDecoder.decode(raw.clientSecret(), StandardCharsets.UTF_8),
              true);
      return decoded.equals(raw) ? Optional.empty() : Optional.of(decoded);
    } catch (IllegalArgumentException badEncoding) {
      return Optional.empty();
    }
  }

  private static Mono<Void> invalidClient(
      HttpServerResponse response, boolean basic, String title) {
    if (basic) {
      response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"Sunshine Conversations\"");
    }
    return Replies.error(response, 401, "invalid_client", title);
  }
}
