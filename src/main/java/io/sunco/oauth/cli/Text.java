package io.sunco.oauth.cli;

/** Text from a server, made safe for a terminal. */
final class Text {

  private static final int MAX_LENGTH = 200;

  private static final int MAX_LINE_LENGTH = 1000;

  private Text() {}

  /**
   * {@code text} without control or format characters (no terminal escape sequence gets through),
   * capped at 200 characters.
   */
  static String printable(String text) {
    return clean(text, MAX_LENGTH);
  }

  /**
   * One line for the terminal: {@code text} without control or format characters (so no line break
   * and no escape sequence), capped at 1000 characters.
   */
  static String line(String text) {
    return clean(text, MAX_LINE_LENGTH);
  }

  private static String clean(String text, int max) {
    StringBuilder safe = new StringBuilder(Math.min(text.length(), max));
    text.codePoints()
        .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
        .limit(max)
        .forEach(safe::appendCodePoint);
    return safe.toString();
  }
}
