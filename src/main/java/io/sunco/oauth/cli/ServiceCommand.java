package io.sunco.oauth.cli;

import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A command that calls the OAuth service ({@code token}, {@code info}, {@code revoke}, {@code
 * login}): {@code --base-url}, {@code --ca-file} and {@code --json}, which its failures report.
 */
abstract class ServiceCommand extends CliCommand {

  @Mixin final Options.BaseUrl baseUrl = new Options.BaseUrl();
  @Mixin final Options.CaFile caFile = new Options.CaFile();

  @Option(
      names = "--json",
      description =
          "Print the outcome as one JSON object on stdout (a failure too, with \"ok\":false;"
              + " the error line still goes to stderr).")
  private boolean json;

  /** {@code --json}: the outcome as one JSON object on the standard output. */
  @Override
  public boolean json() {
    return json;
  }

  @Override
  public Optional<String> endpoint() {
    return baseUrl.endpoint();
  }
}
