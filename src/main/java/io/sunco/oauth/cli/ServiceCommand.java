package io.sunco.oauth.cli;

import java.util.Optional;
import picocli.CommandLine.Mixin;

/**
 * A command that calls the OAuth service ({@code token}, {@code info}, {@code revoke}, {@code
 * login}): {@code --base-url}, {@code --ca-file} and {@code --json}, which its failures report.
 */
abstract class ServiceCommand extends CliCommand {

  @Mixin final Options.BaseUrl baseUrl = new Options.BaseUrl();
  @Mixin final Options.CaFile caFile = new Options.CaFile();

  @Mixin final Options.Json jsonOption = new Options.Json();

  /** {@code --json}: the outcome as one JSON object on the standard output. */
  @Override
  public boolean json() {
    return jsonOption.on();
  }

  @Override
  public Optional<String> endpoint() {
    return baseUrl.endpoint();
  }
}
