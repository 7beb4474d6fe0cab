package io.sunco.oauth.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares, declared once: {@code --help}, {@code --version} and the exit codes
 * of the contract ({@link StandardHelp}), the defaults of {@link CliDefaults}, the root command and
 * the command's own spec. picocli reads the annotations of the superclasses too.
 */
@Command(defaultValueProvider = CliDefaults.class)
abstract class CliCommand implements Callable<Integer>, Failures.Reporting {

  @Mixin private final StandardHelp standardHelp = new StandardHelp();

  @SuppressWarnings("NullAway.Init") // injected by picocli before call() runs
  @ParentCommand
  SuncoOAuthCli root;

  @SuppressWarnings("NullAway.Init") // injected by picocli before call() runs
  @Spec
  CommandSpec spec;

  /**
   * {@code --help}, {@code --version} and the exit code list of {@link SuncoOAuthCli}'s contract in
   * the help: a mixin, so that the root command, which is no subcommand, shares it too.
   */
  @Command(
      mixinStandardHelpOptions = true,
      versionProvider = SuncoOAuthCli.VersionProvider.class, // a subcommand's --version too
      exitCodeListHeading = SuncoOAuthCli.EXIT_CODES_HEADING,
      exitCodeList = {
        SuncoOAuthCli.EXIT_OK_TEXT,
        SuncoOAuthCli.EXIT_USAGE_TEXT,
        SuncoOAuthCli.EXIT_SERVER_ERROR_TEXT,
        SuncoOAuthCli.EXIT_NETWORK_TEXT,
        SuncoOAuthCli.EXIT_PROTOCOL_TEXT
      })
  static final class StandardHelp {}
}
