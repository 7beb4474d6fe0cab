package io.sunco.oauth.emulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Whether a requested {@code redirect_uri} is one an integration registered: the exact string, or,
 * with {@link SunshineOAuthEmulator.Builder#loopbackAnyPort(boolean)}, a loopback IP URI that
 * differs from a registered one in its port only (RFC 8252 §7.3).
 */
final class RedirectUris {

  private RedirectUris() {}

  static boolean isRegistered(Integration integration, String requested, boolean loopbackAnyPort) {
    if (integration.redirectUris().contains(requested)) {
      return true;
    }
    if (!loopbackAnyPort) {
      return false;
    }
    Optional<String> requestedWithoutPort = loopbackWithoutPort(requested);
    return requestedWithoutPort.isPresent()
        && integration.redirectUris().stream()
            .map(RedirectUris::loopbackWithoutPort)
            .anyMatch(requestedWithoutPort::equals);
  }

  /**
   * {@code uri} with its port taken out, when it is a loopback IP URI spelt canonically (so that
   * taking the port out is the only change): {@code scheme://host[:port]path[?query]} with host
   * {@code 127.0.0.1} or {@code [::1]}, a port in plain decimal digits, no user info, no fragment.
   */
  static Optional<String> loopbackWithoutPort(String uri) {
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String host = parsed.getHost();
    if (parsed.getScheme() == null
        || parsed.isOpaque()
        || parsed.getRawUserInfo() != null
        || parsed.getRawFragment() != null
        || parsed.getPort() > 65_535
        || !("127.0.0.1".equals(host) || "[::1]".equals(host))) {
      return Optional.empty();
    }
    String rest =
        (parsed.getRawPath() == null ? "" : parsed.getRawPath())
            + (parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery());
    String prefix = parsed.getScheme() + "://" + host;
    String canonical = prefix + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort()) + rest;
    // new URI("http://127.0.0.1:08090/x") reads port 8090; such spellings do not match anything.
    return canonical.equals(uri) ? Optional.of(prefix + rest) : Optional.empty();
  }
}
