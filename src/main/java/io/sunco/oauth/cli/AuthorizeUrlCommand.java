package io.sunco.oauth.cli;

import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.StateGenerator;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sunco-oauth authorize-url}: the consent URL of {@link
 * SunshineOAuthClient#authorizeUrl(AuthorizeRequest)}, one line on stdout. No network.
 */
@Command(
    name = "authorize-url",
    description = {
      "Print the consent URL to send a customer's browser to, one line on stdout. No network.",
      "Without --state a fresh 256-bit state is made; check it on the redirect back."
    })
final class AuthorizeUrlCommand extends CliCommand {

  @Mixin private Options.BaseUrl baseUrl = new Options.BaseUrl();

  @Mixin private final Options.ClientId clientId = new Options.ClientId();

  @Option(
      names = "--redirect-uri",
      paramLabel = "URI",
      description =
          "A redirect URI registered for the integration (https, or http on a loopback host);"
              + " the service uses the first registered one when it is left out.")
  private @Nullable String redirectUri;

  @Option(
      names = "--state",
      parameterConsumer = NextArgument.class, // a value may start with a hyphen
      paramLabel = "STATE",
      description = "The state to send (printable ASCII). Default: a fresh random one.")
  private @Nullable String state;

  @Override
  public Integer call() {
    AuthorizeRequest.Builder request = AuthorizeRequest.builder();
    try {
      request.state(state != null ? state : StateGenerator.create().next());
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("invalid --state: " + e.getMessage());
    }
    if (redirectUri != null) {
      try {
        request.redirectUri(redirectUri);
      } catch (IllegalArgumentException e) {
        throw CliFailure.usage("invalid --redirect-uri: " + e.getMessage());
      }
    }
    // No call is made: the deadline only satisfies the factory.
    try (SunshineOAuthClient client =
        Options.clientBuilder(
                baseUrl.value(), clientId.value(), Optional.empty(), Duration.ofSeconds(1))
            .build()) {
      spec.commandLine().getOut().println(client.authorizeUrl(request.build()));
    }
    spec.commandLine().getOut().flush();
    return SuncoOAuthCli.EXIT_OK;
  }
}
