package io.sunco.oauth.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The one home of the rule for URLs the library sends to or sends a browser to: absolute, with a
 * host, without user info or fragment, and {@code https}, or {@code http} on a loopback host only.
 * Messages name the setting, never more of the value than its scheme or host.
 */
public final class UrlRule {

  private UrlRule() {}

  /**
   * Parses {@code value} and checks it against the rule.
   *
   * @param value the URL
   * @param name the setting's name, for messages
   * @param queryAllowed whether the URL may carry a query
   * @return the parsed URL
   * @throws IllegalArgumentException if it is not a URL or breaks the rule
   */
  public static URI httpsOrLoopback(String value, String name, boolean queryAllowed) {
    URI uri = parse(value, name);
    if (!uri.isAbsolute() || uri.isOpaque()) {
      throw new IllegalArgumentException(name + " must be an absolute hierarchical URI");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException(name + " must name a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(name + " must not carry user info");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException(name + " must not have a fragment");
    }
    if (!queryAllowed && uri.getRawQuery() != null) {
      throw new IllegalArgumentException(name + " must not have a query");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("http")) {
      if (!Hosts.isLoopback(uri.getHost())) {
        throw new IllegalArgumentException(
            name + " must use https unless its host is loopback: " + uri.getHost());
      }
    } else if (!scheme.equals("https")) {
      throw new IllegalArgumentException(name + " must use https: " + uri.getScheme());
    }
    return uri;
  }

  /**
   * Parses {@code value} as a URI (absolute or relative), with a message that names the setting and
   * the index of the first bad character, never the value.
   *
   * @param value the URI
   * @param name the setting's name, for messages
   * @return the parsed URI
   * @throws IllegalArgumentException if it is not a URI
   */
  public static URI parse(String value, String name) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          name + " is not a valid URI (at index " + e.getIndex() + ")");
    }
  }
}
