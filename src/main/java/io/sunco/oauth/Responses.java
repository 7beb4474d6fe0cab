package io.sunco.oauth;

import io.sunco.oauth.error.ApiError;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineResponseException;
import io.sunco.oauth.internal.Json;
import io.sunco.oauth.internal.RawResponse;
import io.sunco.oauth.internal.RetryAfter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the server's answers into the public value types, exactly to the protocol. No message
 * made here quotes the body: it could hold a token.
 */
final class Responses {

  private Responses() {}

  /**
   * A {@code POST /oauth/token} success: {@code {"access_token": "...", "token_type": "Bearer"}}.
   */
  static AccessToken accessToken(RawResponse response) {
    Object[] members;
    try {
      // Only two members matter: read them without building a map of the whole answer.
      members = Json.readMembers(response.body(), "access_token", "token_type");
    } catch (Json.MalformedJsonException e) {
      throw malformed(
          Operation.GET_TOKEN,
          response,
          Objects.requireNonNull(e.getMessage(), "a MalformedJsonException always has a message"));
    }
    if (members == null) {
      throw malformed(Operation.GET_TOKEN, response, "the body is not a JSON object");
    }
    Object value = members[0];
    if (!(value instanceof String token) || token.isBlank()) {
      throw malformed(
          Operation.GET_TOKEN,
          response,
          value == null ? "no access_token" : "access_token is not a non-blank string");
    }
    Object type = members[1];
    if (!(type instanceof String tokenType) || !tokenType.equalsIgnoreCase(AccessToken.BEARER)) {
      throw malformed(
          Operation.GET_TOKEN,
          response,
          type == null ? "no token_type" : "token_type is not Bearer");
    }
    try {
      return AccessToken.bearer(token);
    } catch (IllegalArgumentException e) {
      throw malformed(
          Operation.GET_TOKEN, response, "access_token holds characters a header cannot carry");
    }
  }

  /** A {@code GET /v2/tokenInfo} success: {@code {"app": {"id": "...", ...}}}. */
  static TokenInfo tokenInfo(RawResponse response) {
    Map<String, Object> object = object(Operation.GET_TOKEN_INFO, response);
    if (!(object.get("app") instanceof Map<?, ?> app)) {
      throw malformed(Operation.GET_TOKEN_INFO, response, "no app object");
    }
    if (!(app.get("id") instanceof String appId) || appId.isBlank()) {
      throw malformed(Operation.GET_TOKEN_INFO, response, "app.id is missing or not a string");
    }
    // An empty subdomain is taken as none sent: no host can be built from it either way.
    String subdomain =
        optionalString(app, "subdomain", response).filter(s -> !s.isEmpty()).orElse(null);
    if (subdomain != null && !TokenInfo.isDnsLabel(subdomain)) {
      // It would become part of a host name: refused, and never echoed (server-chosen text).
      throw malformed(
          Operation.GET_TOKEN_INFO,
          response,
          "app.subdomain is not a single DNS label (letters, digits, hyphens, 1 to 63 characters),"
              + " so no API host can be built from it");
    }
    return TokenInfo.of(
        appId, subdomain, optionalString(app, "displayName", response).orElse(null));
  }

  /**
   * A non-2xx answer. Decodes the v2, v1 and RFC 6749 error shapes; an HTML page, an empty body or
   * broken JSON gives an empty error list, never a parse error.
   */
  static SunshineApiException apiError(Operation operation, RawResponse response, Instant now) {
    return new SunshineApiException(
        operation,
        response.status(),
        errors(response.body()),
        RetryAfter.parse(response.retryAfter(), now).orElse(null));
  }

  private static List<ApiError> errors(byte[] body) {
    if (!looksLikeJsonObject(body)) {
      return List.of();
    }
    Object document;
    try {
      document = Json.read(body);
    } catch (Json.MalformedJsonException e) {
      return List.of();
    }
    if (!(document instanceof Map<?, ?> object)) {
      return List.of();
    }
    if (object.get("errors") instanceof List<?> entries) {
      // v2: {"errors": [{"code": "...", "title": "..."}]}
      List<ApiError> errors = new ArrayList<>(entries.size());
      for (Object entry : entries) {
        if (entry instanceof Map<?, ?> e) {
          errors.add(
              new ApiError(text(e.get("code")), text(first(e.get("title"), e.get("description")))));
        }
      }
      return errors;
    }
    Object error = object.get("error");
    if (error instanceof Map<?, ?> e) {
      // v1: {"error": {"code": "...", "description": "..."}}
      return List.of(
          new ApiError(text(e.get("code")), text(first(e.get("description"), e.get("title")))));
    }
    if (error instanceof String code) {
      // RFC 6749: {"error": "invalid_grant", "error_description": "..."}
      return List.of(new ApiError(code, text(object.get("error_description"))));
    }
    return List.of();
  }

  private static boolean looksLikeJsonObject(byte[] body) {
    // Jackson skips a UTF-8 byte-order mark; so does this check, or a success answer with one
    // would decode while an error answer with one lost its error codes.
    boolean bom =
        body.length >= 3
            && body[0] == (byte) 0xEF
            && body[1] == (byte) 0xBB
            && body[2] == (byte) 0xBF;
    for (int i = bom ? 3 : 0; i < body.length; i++) {
      byte b = body[i];
      if (b == '{') {
        return true;
      }
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return false;
  }

  private static @Nullable Object first(@Nullable Object a, @Nullable Object b) {
    return a instanceof String ? a : b;
  }

  private static String text(@Nullable Object value) {
    return value instanceof String s ? s : "";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Operation operation, RawResponse response) {
    Object document;
    try {
      document = Json.read(response.body());
    } catch (Json.MalformedJsonException e) {
      throw malformed(
          operation,
          response,
          Objects.requireNonNull(e.getMessage(), "a MalformedJsonException always has a message"));
    }
    if (!(document instanceof Map<?, ?>)) {
      throw malformed(operation, response, "the body is not a JSON object");
    }
    return (Map<String, Object>) document;
  }

  private static Optional<String> optionalString(Map<?, ?> app, String key, RawResponse response) {
    Object value = app.get(key);
    if (value == null || value == Json.NULL) {
      return Optional.empty();
    }
    if (value instanceof String s) {
      return Optional.of(s);
    }
    throw malformed(Operation.GET_TOKEN_INFO, response, "app." + key + " is not a string");
  }

  private static SunshineResponseException malformed(
      Operation operation, RawResponse response, String problem) {
    return new SunshineResponseException(operation, response.status(), problem, null);
  }
}
