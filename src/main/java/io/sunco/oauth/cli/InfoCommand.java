package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.internal.UntrustedText;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code sunco-oauth info}: {@link SunshineOAuthClient#getTokenInfo} for a token read from an
 * environment variable; prints the app id, subdomain and display name.
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    defaultValueProvider = CliDefaults.class,
    description = {
      "Show which app an access token is for (GET /v2/tokenInfo); also checks that it works.",
      "The token is read from $"
          + SuncoOAuthCli.DEFAULT_TOKEN_ENV
          + " (or --token-env), never from the command line. A revoked token: exit 3, HTTP 401."
    },
    exitCodeListHeading = SuncoOAuthCli.EXIT_CODES_HEADING,
    exitCodeList = {
      SuncoOAuthCli.EXIT_OK_TEXT,
      SuncoOAuthCli.EXIT_USAGE_TEXT,
      SuncoOAuthCli.EXIT_SERVER_ERROR_TEXT,
      SuncoOAuthCli.EXIT_NETWORK_TEXT,
      SuncoOAuthCli.EXIT_PROTOCOL_TEXT
    })
final class InfoCommand implements Callable<Integer>, Failures.Reporting {

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
      TokenInfo info =
          Objects.requireNonNull(
              client.getTokenInfo(token).block(), "getTokenInfo emits info or errors");
      if (json.value()) {
        out.println(
            new JsonLine()
                .put("ok", true)
                .put("appId", UntrustedText.clean(info.appId()))
                .put("subdomain", Failures.printableOrNull(info.subdomain()))
                .put("displayName", Failures.printableOrNull(info.displayName())));
      } else {
        out.println("app id:       " + UntrustedText.clean(info.appId()));
        out.println("subdomain:    " + info.subdomain().map(UntrustedText::clean).orElse("(none)"));
        out.println(
            "display name: " + info.displayName().map(UntrustedText::clean).orElse("(none)"));
      }
    }
    out.flush();
    return SuncoOAuthCli.EXIT_OK;
  }
}
