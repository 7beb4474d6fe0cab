package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that makes one call with an access token read from an environment variable ({@code
 * info}, {@code revoke}): {@code --timeout} and {@code --token-env} besides the service's options.
 */
abstract class BearerCommand extends ServiceCommand {

  @Mixin final Options.Deadline deadline = new Options.Deadline();

  @Option(
      names = "--token-env",
      paramLabel = "VAR",
      description = "Environment variable holding the access token. Default: ${DEFAULT-VALUE}.")
  private String tokenEnv = SuncoOAuthCli.DEFAULT_TOKEN_ENV;

  @Override
  public final Integer call() {
    AccessToken token = token();
    PrintWriter out = spec.commandLine().getOut();
    try (SunshineOAuthClient client =
        Options.client(
            baseUrl.value(), Options.NO_CLIENT_ID, Optional.empty(), deadline.value(), caFile)) {
      call(client, token, out);
    }
    out.flush();
    return SuncoOAuthCli.EXIT_OK;
  }

  /**
   * Makes the command's call with {@code token}, blocking on the main thread, and prints its
   * outcome on {@code out}.
   *
   * @throws RuntimeException the library's error when the call fails
   */
  abstract void call(SunshineOAuthClient client, AccessToken token, PrintWriter out);

  /**
   * The token in the {@code --token-env} variable.
   *
   * @throws CliFailure a usage error when it is unset or not a token (its value is not shown)
   */
  private AccessToken token() {
    String value = root.context().requireEnv(tokenEnv, "an access token");
    try {
      return AccessToken.bearer(value.strip());
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(
          "the environment variable " + tokenEnv + " does not hold a token: visible ASCII only");
    }
  }
}
