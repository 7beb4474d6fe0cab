package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

/**
 * {@code sunco-oauth revoke}: {@link SunshineOAuthClient#revokeAccess} with a token read from an
 * environment variable.
 */
@Command(
    name = "revoke",
    description = {
      "Revoke the access an access token grants (DELETE /oauth/authorization).",
      "The token is read from $"
          + SuncoOAuthCli.DEFAULT_TOKEN_ENV
          + " (or --token-env), never from the command line. The integration's webhooks on the"
          + " app are deleted too. A token that was already revoked: exit 3, HTTP 401."
    })
final class RevokeCommand extends BearerCommand {

  @Override
  void call(SunshineOAuthClient client, AccessToken token, PrintWriter out) {
    client.revokeAccess(token).block();
    if (json()) {
      out.println(new JsonLine().put("ok", true).put("revoked", true));
    } else {
      out.println("Access revoked: the token no longer works.");
    }
  }
}
