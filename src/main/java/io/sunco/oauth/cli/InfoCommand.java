package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.internal.UntrustedText;
import java.io.PrintWriter;
import java.util.Objects;
import picocli.CommandLine.Command;

/**
 * {@code sunco-oauth info}: {@link SunshineOAuthClient#getTokenInfo} for a token read from an
 * environment variable; prints the app id, subdomain and display name.
 */
@Command(
    name = "info",
    description = {
      "Show which app an access token is for (GET /v2/tokenInfo); also checks that it works.",
      "The token is read from $"
          + SuncoOAuthCli.DEFAULT_TOKEN_ENV
          + " (or --token-env), never from the command line. A revoked token: exit 3, HTTP 401."
    })
final class InfoCommand extends BearerCommand {

  @Override
  void call(SunshineOAuthClient client, AccessToken token, PrintWriter out) {
    TokenInfo info =
        Objects.requireNonNull(
            client.getTokenInfo(token).block(), "getTokenInfo emits info or errors");
    if (json()) {
      out.println(new JsonLine().put("ok", true).app(info));
    } else {
      printApp(out, "", info);
    }
  }

  /** The app of {@code info}, one line each for its id, subdomain and display name, cleaned. */
  static void printApp(PrintWriter out, String indent, TokenInfo info) {
    out.println(indent + "app id:       " + UntrustedText.clean(info.appId()));
    out.println(
        indent + "subdomain:    " + info.subdomain().map(UntrustedText::clean).orElse("(none)"));
    out.println(
        indent + "display name: " + info.displayName().map(UntrustedText::clean).orElse("(none)"));
  }
}
