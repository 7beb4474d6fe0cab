package io.sunco.oauth.callback;

/** Makes text chosen by a remote party safe to put into a message or a log line. */
final class Text {

  private static final String ELLIPSIS = "...";

  private Text() {}

  /**
   * Drops control, format (bidi overrides, zero-width), separator, unassigned, private-use and
   * unpaired surrogate characters, then caps the result at {@code maxChars} characters (ending in
   * {@code "..."} when cut).
   */
  static String sanitize(String text, int maxChars) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && out.length() <= maxChars; ) {
      int cp = text.codePointAt(i);
      if (isPrintable(cp)) {
        out.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    if (out.length() <= maxChars) {
      return out.toString();
    }
    int cut = maxChars - ELLIPSIS.length();
    // Never split a surrogate pair.
    if (Character.isHighSurrogate(out.charAt(cut - 1))) {
      cut--;
    }
    return out.substring(0, cut) + ELLIPSIS;
  }

  private static boolean isPrintable(int cp) {
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE,
          Character.UNASSIGNED,
          Character.PRIVATE_USE ->
          false;
      default -> true;
    };
  }
}
