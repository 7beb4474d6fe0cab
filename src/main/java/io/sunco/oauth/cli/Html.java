package io.sunco.oauth.cli;

/** The small pages the {@code login} callback server answers the browser with. */
final class Html {

  private Html() {}

  /** Escapes text for an HTML element or a quoted attribute value. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  /**
   * A complete page; {@code title} and {@code message} are plain text, escaped here. It loads
   * nothing from anywhere.
   */
  static String page(String title, String message) {
    String safeTitle = escape(title);
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>sunco-oauth: "
        + safeTitle
        + "</title>"
        + "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;"
        + "padding:0 1rem;line-height:1.5}</style></head>\n"
        + "<body><h1>"
        + safeTitle
        + "</h1><p>"
        + escape(message)
        + "</p></body></html>\n";
  }
}
