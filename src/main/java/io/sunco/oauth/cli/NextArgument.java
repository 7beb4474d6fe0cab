package io.sunco.oauth.cli;

import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Takes the next argument as the option's value whatever it looks like. An authorization code or a
 * state may start with a hyphen (a base64url code does once in 64), and picocli would otherwise
 * read {@code --code -hX..} as the clustered options {@code -h X..} and refuse the command.
 */
final class NextArgument implements IParameterConsumer {

  @Override
  @SuppressWarnings("JdkObsolete") // picocli's interface hands over a Stack
  public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
    if (args.isEmpty()) {
      throw new ParameterException(
          commandSpec.commandLine(),
          "Missing required parameter for option '" + argSpec.paramLabel() + "'");
    }
    argSpec.setValue(args.pop());
  }
}
