package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;

/**
 * {@code sunco-oauth token}: {@link SunshineOAuthClient#getToken(String)} for a code from a
 * redirect. The client secret comes from an environment variable. The token is printed only with
 * {@code --show-token}; without it the token is revoked at once, because a token that nobody holds
 * never expires and stays a live grant on the customer's app.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    defaultValueProvider = CliDefaults.class,
    description = {
      "Exchange an authorization code for an access token (POST /oauth/token).",
      "The client secret is read from $"
          + SuncoOAuthCli.DEFAULT_SECRET_ENV
          + " (or --client-secret-env), never from the command line. The token is printed only"
          + " with --show-token. Without it, the token is revoked right after the exchange: tokens"
          + " never expire, and one that nobody holds would stay a live grant. A code is single"
          + " use: after a failure that may have reached the server, restart the authorization."
    },
    exitCodeListHeading = SuncoOAuthCli.EXIT_CODES_HEADING,
    exitCodeList = {
      SuncoOAuthCli.EXIT_OK_TEXT,
      SuncoOAuthCli.EXIT_USAGE_TEXT,
      SuncoOAuthCli.EXIT_SERVER_ERROR_TEXT,
      SuncoOAuthCli.EXIT_NETWORK_TEXT,
      SuncoOAuthCli.EXIT_PROTOCOL_TEXT
    })
final class TokenCommand implements Callable<Integer>, Failures.Reporting {

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

  @SuppressWarnings("NullAway.Init") // set by picocli before call(): the option is required
  @Option(
      names = "--client-id",
      paramLabel = "ID",
      required = true,
      description = "The integration's client id.")
  private String clientId;

  @SuppressWarnings("NullAway.Init") // set by picocli before call(): the option is required
  @Option(
      names = "--code",
      parameterConsumer = NextArgument.class, // a value may start with a hyphen
      paramLabel = "CODE",
      required = true,
      description = "The code parameter of the redirect. Single use.")
  private String code;

  @SuppressWarnings("NullAway.Init") // set by picocli (the value or its default) before call()
  @Option(
      names = "--client-secret-env",
      paramLabel = "VAR",
      defaultValue = SuncoOAuthCli.DEFAULT_SECRET_ENV,
      description = "Environment variable holding the client secret. Default: ${DEFAULT-VALUE}.")
  private String secretEnv;

  @Option(
      names = "--show-token",
      description = "Print the access token (and keep it: it is not revoked).")
  private boolean showToken;

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
    String secret = root.context().requireEnv(secretEnv, "the integration's client secret");
    PrintWriter out = spec.commandLine().getOut();
    try (SunshineOAuthClient client =
        Options.client(baseUrl.value(), clientId, Optional.of(secret), deadline.value(), caFile)) {
      Mono<AccessToken> exchange;
      try {
        exchange = client.getToken(code); // the library's code rule, checked at call time
      } catch (IllegalArgumentException e) {
        // Its messages name the rule, never the code.
        throw CliFailure.usage("invalid --code: " + e.getMessage());
      }
      AccessToken token =
          Objects.requireNonNull(exchange.block(), "getToken emits a token or errors, never empty");
      if (!showToken) {
        client
            .withTimeouts(Flows.revokeTimeouts())
            .revokeAccess(token)
            .onErrorMap(
                e ->
                    new CliFailure(
                        Failures.exitCode(e),
                        "getToken succeeded, but revoking the token that is not shown failed: "
                            + Failures.describe(e, baseUrl.endpoint())
                            + "; the token stays valid and nobody holds it"))
            .block();
      }
      if (json.value()) {
        JsonLine line =
            new JsonLine()
                .put("ok", true)
                .put("tokenType", token.tokenType())
                .put("tokenLength", token.value().length())
                .put("revoked", !showToken);
        if (showToken) {
          line.put("accessToken", token.value());
        }
        out.println(line);
      } else if (showToken) {
        out.println("Access token issued (" + token.tokenType() + "):");
        out.println(token.value());
      } else {
        out.println(
            "Access token issued ("
                + token.tokenType()
                + ", "
                + token.value().length()
                + " characters), not shown, and revoked at once: a token nobody holds would stay"
                + " a live grant. Run the authorization again with --show-token to keep one.");
      }
    }
    out.flush();
    return SuncoOAuthCli.EXIT_OK;
  }
}
