package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.internal.UntrustedText;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One JSON object on one line, for {@code --json}: members in the order they are put; values are
 * strings, numbers, booleans, lists of strings or {@code null}. Strings are escaped as RFC 8259
 * asks, so nothing a server sent can break the line or the object.
 */
final class JsonLine {

  private final StringBuilder json = new StringBuilder(128).append('{');
  private boolean empty = true;

  /** Adds a member; {@code value} is a String, Number, Boolean, List of Strings, or null. */
  JsonLine put(String name, @Nullable Object value) {
    if (!empty) {
      json.append(',');
    }
    empty = false;
    string(name);
    json.append(':');
    value(value);
    return this;
  }

  /**
   * Adds the app of {@code info}: {@code appId}, {@code subdomain} and {@code displayName}, cleaned
   * ({@code null} when the server sent none).
   */
  JsonLine app(TokenInfo info) {
    return put("appId", UntrustedText.clean(info.appId()))
        .put("subdomain", Failures.printableOrNull(info.subdomain()))
        .put("displayName", Failures.printableOrNull(info.displayName()));
  }

  /**
   * Adds what may be said of an issued {@code token}: {@code tokenType}, {@code tokenLength},
   * {@code revoked} (when it is not {@code shown}), and {@code accessToken} only when it is.
   */
  JsonLine token(AccessToken token, boolean shown) {
    put("tokenType", token.tokenType())
        .put("tokenLength", token.value().length())
        .put("revoked", !shown);
    return shown ? put("accessToken", token.value()) : this;
  }

  private void value(@Nullable Object value) {
    if (value == null) {
      json.append("null");
    } else if (value instanceof String text) {
      string(text);
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      json.append(value);
    } else if (value instanceof List<?> list) {
      json.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          json.append(',');
        }
        value(list.get(i));
      }
      json.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private void string(String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }

  @Override
  public String toString() {
    return json + "}";
  }
}
