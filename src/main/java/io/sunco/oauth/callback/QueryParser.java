package io.sunco.oauth.callback;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Strict {@code application/x-www-form-urlencoded} query parsing (RFC 6749 Appendix B): {@code +}
 * is a space, {@code %XX} escapes are UTF-8 bytes, malformed escapes or UTF-8 and repeated
 * parameter names (RFC 6749 §3.1) are rejected.
 */
final class QueryParser {

  private QueryParser() {}

  /**
   * Parses a raw (still percent-encoded) query, without the leading {@code ?}.
   *
   * @throws AuthorizationCallbackException with {@code MALFORMED_CALLBACK}
   */
  static Map<String, String> parse(String rawQuery) {
    Map<String, String> parameters = new HashMap<>();
    for (String pair : rawQuery.split("&", -1)) {
      if (pair.isEmpty()) {
        // Tolerate "a=1&&b=2", a trailing "&" and an empty query: harmless, and some proxies
        // produce them.
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      if (parameters.putIfAbsent(name, value) != null) {
        throw malformed();
      }
    }
    return parameters;
  }

  static String decode(String encoded) {
    if (encoded.indexOf('%') < 0) {
      return encoded.replace('+', ' ');
    }
    StringBuilder out = new StringBuilder(encoded.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < encoded.length()) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length()) {
          throw malformed();
        }
        int hi = hex(encoded.charAt(i + 1));
        int lo = hex(encoded.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          throw malformed();
        }
        bytes.write((hi << 4) | lo);
        i += 3;
      } else {
        flushUtf8(bytes, out);
        out.append(c == '+' ? ' ' : c);
        i++;
      }
    }
    flushUtf8(bytes, out);
    return out.toString();
  }

  /** ASCII hex only: {@code Character.digit} would also accept non-ASCII digits. */
  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static void flushUtf8(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() == 0) {
      return;
    }
    try {
      out.append(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray())));
    } catch (CharacterCodingException e) {
      throw malformed();
    }
    bytes.reset();
  }

  private static AuthorizationCallbackException malformed() {
    return AuthorizationCallbackException.of(Reason.MALFORMED_CALLBACK);
  }
}
