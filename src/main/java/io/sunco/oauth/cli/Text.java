package io.sunco.oauth.cli;

/** Text from a server, made safe for a terminal. */
final class Text {

  private static final int MAX_LENGTH = 200;

  private Text() {}

  /**
   * {@code text} without control or format characters (no terminal escape sequence gets through),
   * capped at 200 characters.
   */
  static String printable(String text) {
    StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX_LENGTH));
    text.codePoints()
        .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
        .limit(MAX_LENGTH)
        .forEach(safe::appendCodePoint);
    return safe.toString();
  }
}
