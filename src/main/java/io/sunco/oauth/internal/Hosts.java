package io.sunco.oauth.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Host checks made without any name lookup, so they are safe on an event loop. */
public final class Hosts {

  private Hosts() {}

  /**
   * Whether a URI host names the loopback interface: {@code localhost}, an IPv4 literal in {@code
   * 127.0.0.0/8}, or the IPv6 literal {@code ::1} (with or without brackets, in any spelling).
   * Never resolves a name.
   *
   * @param host the host part of a URI, possibly {@code null}
   * @return {@code true} for a loopback host
   */
  public static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.equals("localhost.")) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.indexOf(':') >= 0) {
      // An IPv6 literal: InetAddress parses literals without any lookup.
      if (!h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
        return false;
      }
      try {
        return InetAddress.getByName(h).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return isIpv4Loopback(h);
  }

  private static boolean isIpv4Loopback(String h) {
    String[] parts = h.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return false;
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return parts[0].equals("127");
  }
}
