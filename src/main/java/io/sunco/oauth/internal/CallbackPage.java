package io.sunco.oauth.internal;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The page a browser gets at the end of a callback, and the headers it comes with: the one home of
 * both for the WebFlux routes and the command line's loopback server. The page is plain HTML that
 * loads nothing; every text in it is HTML-escaped here, and it should hold only fixed text (never a
 * code, a state, a token or an exception message).
 */
public final class CallbackPage {

  /**
   * The headers of every callback page: HTML in UTF-8, never cached, never sent on as a {@code
   * Referer} (the callback URL holds the code), not sniffed, not framed, and a content security
   * policy that allows nothing to load.
   */
  public static final Map<String, String> HEADERS =
      Map.of(
          "Content-Type", "text/html;charset=UTF-8",
          "Cache-Control", "no-store",
          "Referrer-Policy", "no-referrer",
          "X-Content-Type-Options", "nosniff",
          "X-Frame-Options", "DENY",
          "Content-Security-Policy",
              "default-src 'none'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'");

  private CallbackPage() {}

  /**
   * A complete page: an {@code h1} of id {@code title}, a {@code p} of id {@code message}, and,
   * when {@code link} is given, an {@code a} of id {@code start} labelled "Start again".
   *
   * @param title the plain-text title
   * @param message the plain-text message
   * @param link where "Start again" leads, or null for no link
   * @return the page
   * @throws NullPointerException if {@code title} or {@code message} is null
   */
  public static String html(String title, String message, @Nullable String link) {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(message, "message");
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
    if (link != null) {
      html.append("<p><a id=\"start\" href=\"")
          .append(escape(link))
          .append("\">Start again</a></p>\n");
    }
    return html.append("</body>\n</html>\n").toString();
  }

  /**
   * Escapes the five characters that are special in HTML text and quoted attribute values.
   *
   * @param text the text
   * @return the escaped text
   * @throws NullPointerException if {@code text} is null
   */
  public static String escape(String text) {
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
