package io.sunco.oauth.internal;

import java.util.Objects;

/**
 * The named character classes the library checks its inputs against: the one home of each range, so
 * that a client id, a header, a state or a cookie name is held to the same rule wherever it is
 * checked.
 */
public enum CharClass {

  /**
   * Visible ASCII, {@code 0x21} to {@code 0x7E}: values that go into a header as one word, such as
   * a client id or a token.
   */
  VISIBLE_ASCII,

  /** Printable ASCII, {@code 0x20} to {@code 0x7E}: visible ASCII and the space; states. */
  PRINTABLE_ASCII,

  /**
   * Header field values as this library sends them (RFC 9110 §5.5 without obsolete text): printable
   * ASCII and the horizontal tab.
   */
  FIELD_VALUE,

  /**
   * RFC 9110 §5.6.2 token characters, {@code tchar}: letters, digits and {@code !#$%&'*+-.^_`|~};
   * header names and cookie names.
   */
  TOKEN,

  /** RFC 3986 unreserved characters: letters, digits and {@code - . _ ~}; path segments. */
  UNRESERVED,

  /** Anything but an ISO control character ({@code 0x00-0x1F}, {@code 0x7F-0x9F}): opaque codes. */
  NOT_CONTROL;

  /**
   * Whether the class holds the character {@code c}.
   *
   * @param c a UTF-16 character
   * @return {@code true} when {@code c} belongs to this class
   */
  public boolean contains(char c) {
    return switch (this) {
      case VISIBLE_ASCII -> c >= 0x21 && c <= 0x7E;
      case PRINTABLE_ASCII -> c >= 0x20 && c <= 0x7E;
      case FIELD_VALUE -> c == '\t' || (c >= 0x20 && c <= 0x7E);
      case TOKEN -> isAlphaNumeric(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      case UNRESERVED -> isAlphaNumeric(c) || c == '-' || c == '.' || c == '_' || c == '~';
      case NOT_CONTROL -> !Character.isISOControl(c);
    };
  }

  /**
   * The index of the first character of {@code text} outside this class.
   *
   * @param text the text to check
   * @return the index, or {@code -1} when every character belongs to the class
   * @throws NullPointerException if {@code text} is null
   */
  public int firstOutside(String text) {
    Objects.requireNonNull(text, "text");
    for (int i = 0; i < text.length(); i++) {
      if (!contains(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether every character of {@code text} belongs to this class (true for the empty string).
   *
   * @param text the text to check
   * @return {@code true} when no character is outside the class
   * @throws NullPointerException if {@code text} is null
   */
  public boolean containsAll(String text) {
    return firstOutside(text) < 0;
  }

  private static boolean isAlphaNumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
