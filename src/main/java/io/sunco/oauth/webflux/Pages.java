package io.sunco.oauth.webflux;

import org.jspecify.annotations.Nullable;

/**
 * The short HTML pages the routes answer failures with. Their text is fixed: nothing from the
 * request, the authorization server or an exception ever goes into a page, and the one configured
 * value that does (the link back to the start route) is HTML-escaped.
 */
final class Pages {

  private Pages() {}

  /**
   * A complete page with an {@code h1} of id {@code title} and a {@code p} of id {@code message}.
   */
  static String page(String title, String message, @Nullable String startLink) {
    StringBuilder html =
        new StringBuilder(512)
            .append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>")
            .append(escape(title))
            .append("</title>\n</head>\n<body>\n")
            .append("<h1 id=\"title\">")
            .append(escape(title))
            .append("</h1>\n")
            .append("<p id=\"message\">")
            .append(escape(message))
            .append("</p>\n");
    if (startLink != null) {
      html.append("<p><a id=\"start\" href=\"")
          .append(escape(startLink))
          .append("\">Start again</a></p>\n");
    }
    return html.append("</body>\n</html>\n").toString();
  }

  /** Escapes the five characters that are special in HTML text and attribute values. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
