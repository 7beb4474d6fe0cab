package io.sunco.oauth.internal;

import java.util.Objects;

/**
 * The one rule for text chosen by someone else (an authorization server, a redirect's {@code
 * error_description}, a proxy) before it goes into an exception message, a log line, a page or a
 * terminal: no character that can forge a line, reorder text or smuggle an escape sequence, and a
 * bounded length. The library's exceptions apply it to every server-chosen string they carry.
 *
 * <p>Line breaks, tabs and other control or separator characters become one space; format
 * characters (bidi overrides, zero-width), unpaired surrogates, unassigned and private-use code
 * points are dropped; the result is trimmed and cut at the cap, a cut marked by {@value #ELLIPSIS}
 * (never inside a surrogate pair).
 */
public final class UntrustedText {

  /** The default cap, in UTF-16 characters, the ellipsis included: {@value}. */
  public static final int DEFAULT_MAX_CHARS = 200;

  /** What marks a cut: {@value}, one character. */
  public static final String ELLIPSIS = "\u2026";

  private UntrustedText() {}

  /**
   * Cleans {@code text} and caps it at {@link #DEFAULT_MAX_CHARS}.
   *
   * @param text the untrusted text
   * @return the cleaned text, at most {@link #DEFAULT_MAX_CHARS} characters
   * @throws NullPointerException if {@code text} is null
   */
  public static String clean(String text) {
    return clean(text, DEFAULT_MAX_CHARS);
  }

  /**
   * Cleans {@code text} and caps it at {@code maxChars}.
   *
   * @param text the untrusted text
   * @param maxChars the cap in UTF-16 characters, the ellipsis included; at least 2
   * @return the cleaned text, at most {@code maxChars} characters
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code maxChars} is less than 2
   */
  public static String clean(String text, int maxChars) {
    Objects.requireNonNull(text, "text");
    if (maxChars < 2) {
      throw new IllegalArgumentException("maxChars must be at least 2");
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars + 2));
    boolean pendingSpace = false;
    // One character past the cap is enough to know that the text must be cut.
    for (int i = 0; i < text.length() && out.length() <= maxChars; ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      switch (kind(cp)) {
        case SPACE -> pendingSpace = out.length() > 0;
        case DROP -> {}
        default -> {
          if (pendingSpace) {
            out.append(' ');
            pendingSpace = false;
          }
          out.appendCodePoint(cp);
        }
      }
    }
    if (out.length() <= maxChars) {
      return out.toString();
    }
    int cut = maxChars - ELLIPSIS.length();
    if (Character.isLowSurrogate(out.charAt(cut))) {
      cut--; // never split a surrogate pair
    }
    return out.substring(0, cut).stripTrailing() + ELLIPSIS;
  }

  private enum Kind {
    KEEP,
    SPACE,
    DROP
  }

  private static Kind kind(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          Kind.SPACE;
      case Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE ->
          Kind.DROP;
      default -> Kind.KEEP;
    };
  }
}
