package io.sunco.oauth.cli;

import java.nio.charset.Charset;
import java.util.Set;

/**
 * Shortens secrets for display: an access token, an authorization code, a state. What is shown is
 * at most {@value #MAX_SHOWN} characters and at most a quarter of the value, so that a short code
 * (the real service's may be six digits) is not shown whole.
 */
final class Mask {

  /** The most characters of a value ever shown: {@value}. */
  static final int MAX_SHOWN = 6;

  /** What ends a masked value: {@code …}, or {@code ...} where the console cannot show it. */
  static final String ELLIPSIS =
      Charset.defaultCharset().newEncoder().canEncode('\u2026') ? "\u2026" : "...";

  private Mask() {}

  /** The first characters of {@code value} and an ellipsis, for example {@code eyJhbG…}. */
  static String mask(String value) {
    int shown = Math.min(MAX_SHOWN, value.length() / 4);
    return value.substring(0, shown) + ELLIPSIS;
  }

  /**
   * {@code uri} with the values of the named query parameters masked, for example {@code
   * ...?code=Ab3dE_…&state=Xk2b9Q…}; everything else as given.
   */
  static String queryValues(String uri, Set<String> names) {
    int query = uri.indexOf('?');
    if (query < 0) {
      return uri;
    }
    int fragment = uri.indexOf('#', query);
    String end = fragment < 0 ? "" : uri.substring(fragment);
    String rawQuery = uri.substring(query + 1, fragment < 0 ? uri.length() : fragment);
    StringBuilder masked = new StringBuilder(uri.length()).append(uri, 0, query + 1);
    String[] pairs = rawQuery.split("&", -1);
    for (int i = 0; i < pairs.length; i++) {
      if (i > 0) {
        masked.append('&');
      }
      String pair = pairs[i];
      int equals = pair.indexOf('=');
      if (equals > 0 && names.contains(pair.substring(0, equals))) {
        masked.append(pair, 0, equals + 1).append(mask(pair.substring(equals + 1)));
      } else {
        masked.append(pair);
      }
    }
    return masked.append(end).toString();
  }
}
