package io.sunco.oauth.error;

/** Makes text chosen by a server safe to put into a message: no control characters, capped. */
final class ServerText {

  /** The most characters of one server-chosen string that enter a message. */
  static final int MAX_CHARS = 200;

  private ServerText() {}

  /**
   * Replaces every ISO control character (CR, LF, ESC, DEL ...) and every Unicode format character
   * (bidi overrides) with a space, trims, and caps the result at {@link #MAX_CHARS} characters,
   * marking a cut with an ellipsis.
   */
  static String clean(String text) {
    int length = Math.min(text.length(), MAX_CHARS);
    StringBuilder out = new StringBuilder(length + 1);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        out.append(' ');
      } else if (Character.isHighSurrogate(c) && i == length - 1) {
        break; // never cut a surrogate pair in half
      } else {
        out.append(c);
      }
    }
    String cleaned = out.toString().strip();
    return text.length() > MAX_CHARS ? cleaned + "\u2026" : cleaned;
  }
}
