package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sunco-oauth revoke}: {@link SunshineOAuthClient#revokeAccess} with a token read from an
 * environment variable.
 */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    defaultValueProvider = CliDefaults.class,
    description = {
      "Revoke the access an access token grants (DELETE /oauth/authorization).",
      "The token is read from $"
          + SuncoOAuthCli.DEFAULT_TOKEN_ENV
          + " (or --token-env), never from the command line. The integration's webhooks on the"
          + " app are deleted too. A token that was already revoked: exit 3, HTTP 401."
    },
    exitCodeListHeading = SuncoOAuthCli.EXIT_CODES_HEADING,
    exitCodeList = {
      SuncoOAuthCli.EXIT_OK_TEXT,
      SuncoOAuthCli.EXIT_USAGE_TEXT,
      SuncoOAuthCli.EXIT_SERVER_ERROR_TEXT,
      SuncoOAuthCli.EXIT_NETWORK_TEXT,
      SuncoOAuthCli.EXIT_PROTOCOL_TEXT
    })
final class RevokeCommand implements Callable<Integer>, Failures.Reporting {

  @SuppressWarnings("NullAway.Init") // injected by picocli before call() runs
  @ParentCommand
  private SuncoOAuthCli root;

  @SuppressWarnings("NullAway.Init") // injected by picocli before call() runs
  @Spec
  private CommandSpec spec;

  @Mixin private Options.BaseUrl baseUrl = new Options.BaseUrl();
  @Mixin private Options.Deadline deadline = new Options.Deadline();
  @Mixin private Options.CaFile caFile = new Options.CaFile();
  @Mixin private Options.Json json = new Options.Json();
  @Mixin private Options.TokenEnv tokenEnv = new Options.TokenEnv();

  @Override
  public boolean json() {
    return json.value();
  }

  @Override
  public Optional<String> endpoint() {
    return baseUrl.endpoint();
  }

  @Override
  public Integer call() {
    AccessToken token = tokenEnv.token(root.context());
    PrintWriter out = spec.commandLine().getOut();
    try (SunshineOAuthClient client =
        Options.client(
            baseUrl.value(), Options.NO_CLIENT_ID, Optional.empty(), deadline.value(), caFile)) {
      client.revokeAccess(token).block();
    }
    if (json.value()) {
      out.println(new JsonLine().put("ok", true).put("revoked", true));
    } else {
      out.println("Access revoked: the token no longer works.");
    }
    out.flush();
    return SuncoOAuthCli.EXIT_OK;
  }
}
