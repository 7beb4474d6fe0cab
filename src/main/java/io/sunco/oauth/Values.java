package io.sunco.oauth;

import io.sunco.oauth.internal.CharClass;
import java.util.Objects;

/** Argument checks shared by the value types; messages never echo the checked value. */
final class Values {

  private Values() {}

  /** Requires a non-null string with at least one non-whitespace character. */
  static String requireNonBlank(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  /**
   * Requires a non-blank string of visible ASCII characters only (0x21 to 0x7E), so that it can go
   * into an HTTP header without any chance of header injection.
   */
  static String requireHeaderSafe(String value, String name) {
    requireNonBlank(value, name);
    int outside = CharClass.VISIBLE_ASCII.firstOutside(value);
    if (outside >= 0) {
      throw new IllegalArgumentException(
          name + " must hold only visible ASCII characters; found one at index " + outside);
    }
    return value;
  }
}
