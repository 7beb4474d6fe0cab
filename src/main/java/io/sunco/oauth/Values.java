package io.sunco.oauth;

import io.sunco.oauth.internal.Arguments;
import io.sunco.oauth.internal.CharClass;

/** Argument checks shared by the value types; messages never echo the checked value. */
final class Values {

  private Values() {}

  /**
   * Requires a non-blank string of visible ASCII characters only (0x21 to 0x7E), so that it can go
   * into an HTTP header without any chance of header injection.
   */
  static String requireHeaderSafe(String value, String name) {
    Arguments.requireNonBlank(value, name);
    int outside = CharClass.VISIBLE_ASCII.firstOutside(value);
    if (outside >= 0) {
      throw new IllegalArgumentException(
          name + " must hold only visible ASCII characters; found one at index " + outside);
    }
    return value;
  }
}
