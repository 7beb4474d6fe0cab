package io.sunco.oauth.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import reactor.util.Loggers;

/**
 * One line, always: what the user sees of a failure unless {@value #OPTION} (or the variable
 * {@value #ENV}) asks for more. Without it, a failure is its one line on stderr and the loggers of
 * Reactor and Netty are silent; with it, the failure's stack trace follows its line and their
 * warnings are shown.
 */
final class Verbosity {

  /** The option, accepted by every command: {@value}. */
  static final String OPTION = "--verbose";

  /** The environment variable that turns it on too (any value but empty, {@code 0} or false). */
  static final String ENV = "SUNCO_VERBOSE";

  private Verbosity() {}

  /** Whether {@code args} (before any {@code --}) or the environment ask for verbose output. */
  static boolean requested(String[] args, Function<String, @Nullable String> environment) {
    for (String arg : args) {
      if (arg.equals("--")) {
        break;
      }
      if (arg.equals(OPTION)) {
        return true;
      }
    }
    return on(Optional.ofNullable(environment.apply(ENV)));
  }

  /** Whether the command line that ran {@code command} asked for verbose output. */
  static boolean of(CommandLine command) {
    Object root = command.getCommandSpec().root().userObject();
    if (!(root instanceof SuncoOAuthCli cli)) {
      return false;
    }
    return cli.verbose() || on(cli.context().env(ENV));
  }

  /**
   * Routes Reactor's logging to {@code java.util.logging}, where Netty's goes too, and silences it
   * unless {@code verbose}: a dependency's warning (a fatal error Reactor logs before it rethrows
   * it) would otherwise print a stack trace of its own. For the process only: {@link
   * SuncoOAuthCli#main}.
   */
  static void configureLogging(boolean verbose) {
    Loggers.useJdkLoggers();
    if (!verbose) {
      Logger.getLogger("").setLevel(Level.OFF);
    }
  }

  /** Whether the variable's value turns verbose output on. */
  private static boolean on(Optional<String> value) {
    String text = value.orElse("").strip().toLowerCase(Locale.ROOT);
    return !text.isEmpty() && !List.of("0", "false", "no").contains(text);
  }
}
