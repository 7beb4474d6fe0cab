package io.sunco.oauth.emulator;

import java.util.Collection;
import java.util.Optional;

/** The emulator's HTML pages; every value that came from a request goes through {@link #escape}. */
final class Html {

  private Html() {}

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

  static String errorPage(String error, String description) {
    return page(
        "Authorization error",
        "<h1>Authorization error</h1>\n<p id=\"error\">"
            + escape(error)
            + "</p>\n<p id=\"error_description\">"
            + escape(description)
            + "</p>\n");
  }

  static String consentPage(
      Integration integration,
      String redirectUri,
      Optional<String> state,
      Collection<App> apps,
      App selected) {
    StringBuilder body = new StringBuilder(1024);
    body.append("<h1>Authorize integration</h1>\n")
        .append("<p>The integration <strong id=\"client\">")
        .append(escape(integration.clientId()))
        .append("</strong> asks for access to one of your apps.</p>\n")
        .append("<form method=\"post\" action=\"")
        .append(SunshineOAuthEmulator.DECISION_PATH)
        .append("\">\n")
        .append(hidden("client_id", integration.clientId()))
        .append(hidden("redirect_uri", redirectUri))
        .append(hidden("response_type", "code"));
    state.ifPresent(value -> body.append(hidden("state", value)));
    body.append("<label for=\"app_id\">App</label>\n<select id=\"app_id\" name=\"app_id\">\n");
    for (App app : apps) {
      body.append("<option value=\"")
          .append(escape(app.id()))
          .append('"')
          .append(app.equals(selected) ? " selected" : "")
          .append('>')
          .append(escape(app.displayName()))
          .append(" (")
          .append(escape(app.subdomain()))
          .append(")</option>\n");
    }
    body.append("</select>\n")
        .append(
            "<p><button type=\"submit\" id=\"allow\" name=\"decision\" value=\"allow\">Allow</button>\n")
        .append(
            "<button type=\"submit\" id=\"deny\" name=\"decision\" value=\"deny\">Deny</button></p>\n")
        .append("</form>\n");
    return page("Authorize " + integration.clientId(), body.toString());
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">\n";
  }

  private static String page(String title, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + escape(title)
        + "</title>\n</head>\n<body>\n"
        + body
        + "</body>\n</html>\n";
  }
}
