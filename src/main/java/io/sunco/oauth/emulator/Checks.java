package io.sunco.oauth.emulator;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/** Argument checks shared by the emulator's value types. */
final class Checks {

  private Checks() {}

  /** Non-null, not blank, no control characters. */
  static String text(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    if (hasControl(value)) {
      throw new IllegalArgumentException(name + " must not contain control characters");
    }
    return value;
  }

  /** A size or count of at least 1. */
  static int atLeastOne(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1: " + value);
    }
    return value;
  }

  static boolean hasControl(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /**
   * A redirect URI as registered: an absolute URI, printable ASCII only (it goes into a {@code
   * Location} header byte for byte), no fragment (RFC 6749 §3.1.2).
   */
  static String redirectUri(String value) {
    Objects.requireNonNull(value, "redirectUri");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException(
            "redirect URI must be printable ASCII without spaces: " + value);
      }
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("redirect URI is not a URI: " + value, e);
    }
    if (!uri.isAbsolute() || uri.isOpaque()) {
      throw new IllegalArgumentException(
          "redirect URI must be absolute and hierarchical: " + value);
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("redirect URI must not have a fragment: " + value);
    }
    return value;
  }

  /** An absolute http(s) URI with a host. */
  static URI httpUri(URI uri, String name) {
    Objects.requireNonNull(uri, name);
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(name + " must be an absolute http(s) URI with a host");
    }
    return uri;
  }

  /** A path to compare with a request's path: starts with '/', no query, no control chars. */
  static String path(String path) {
    Objects.requireNonNull(path, "path");
    if (!path.startsWith("/") || path.indexOf('?') >= 0 || hasControl(path)) {
      throw new IllegalArgumentException("path must start with '/' and have no query: " + path);
    }
    return path;
  }
}
