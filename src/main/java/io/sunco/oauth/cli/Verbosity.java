package io.sunco.oauth.cli;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine;
import reactor.util.Loggers;

/**
 * One line, always: what the user sees of a failure unless {@value #OPTION} (or the variable
 * {@value #ENV}) asks for more. Without it, a failure is its one line on stderr and the warnings of
 * Reactor and Netty are counted, not printed (a fatal error Reactor logs before it rethrows it
 * would print a stack trace of its own); the failure's line then ends with how many were hidden
 * ({@link #hint()}), so that it stays one line. With it, the failure's stack trace follows its line
 * and their warnings are shown.
 *
 * <p>Whether it is on is decided once, from picocli's parse of the command line ({@link
 * #of(CommandLine)}, when the command is about to run): a {@code --verbose} that picocli takes as
 * another option's value does not turn it on.
 */
final class Verbosity {

  /** The option, accepted by every command: {@value}. */
  static final String OPTION = "--verbose";

  /** The environment variable that turns it on too (any value but empty, {@code 0} or false). */
  static final String ENV = "SUNCO_VERBOSE";

  /** The process's handler, once {@link #configureLogging()} installed it. */
  private static final LibraryWarnings WARNINGS = new LibraryWarnings();

  private Verbosity() {}

  /** Whether the command line that ran {@code command} asked for verbose output. */
  static boolean of(CommandLine command) {
    Object root = command.getCommandSpec().root().userObject();
    if (!(root instanceof SuncoOAuthCli cli)) {
      return false;
    }
    return cli.verbose() || on(cli.context().env(ENV));
  }

  /**
   * Routes Reactor's logging to {@code java.util.logging}, where Netty's goes too, and puts {@link
   * #warnings()} in place of the console handler: it counts warnings until {@link #decide} turns
   * verbose output on. For the process only: {@link SuncoOAuthCli#main}.
   */
  static void configureLogging() {
    Loggers.useJdkLoggers();
    Logger root = Logger.getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    root.addHandler(WARNINGS);
  }

  /** Shows the libraries' warnings from now on if the command line of {@code command} asks to. */
  static void decide(CommandLine command) {
    if (of(command)) {
      WARNINGS.show();
    }
  }

  /** The process's warning handler. */
  static LibraryWarnings warnings() {
    return WARNINGS;
  }

  /**
   * What a failure's one line ends with: {@code " (N library warnings hidden; --verbose shows
   * them)"} when the process's handler hid some, empty otherwise.
   */
  static String hint() {
    return WARNINGS.hint();
  }

  /** Whether the variable's value turns verbose output on. */
  static boolean on(Optional<String> value) {
    String text = value.orElse("").strip().toLowerCase(Locale.ROOT);
    return !text.isEmpty() && !List.of("0", "false", "no").contains(text);
  }

  /**
   * A {@code java.util.logging} handler that counts the warnings (and worse) of the libraries
   * without printing them, until {@link #show()}: then it prints every record on stderr as the
   * JDK's console handler does.
   */
  static final class LibraryWarnings extends Handler {

    private final AtomicInteger hidden = new AtomicInteger();
    private final ConsoleHandler console = new ConsoleHandler();
    private volatile boolean shown;

    LibraryWarnings() {
      console.setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord logged) {
      if (shown) {
        console.publish(logged);
      } else if (logged.getLevel().intValue() >= Level.WARNING.intValue()) {
        hidden.incrementAndGet();
      }
    }

    /** Prints the records from now on. */
    void show() {
      shown = true;
    }

    /** Whether {@link #show()} was called: the stack traces of failures are printed too. */
    boolean shown() {
      return shown;
    }

    /**
     * What a failure's line ends with: how many warnings were hidden, when some were and {@link
     * #show()} was not called; empty otherwise.
     */
    String hint() {
      int count = hidden.get();
      if (shown || count == 0) {
        return "";
      }
      return " ("
          + count
          + (count == 1 ? " library warning" : " library warnings")
          + " hidden; "
          + OPTION
          + " shows them)";
    }

    @Override
    public void flush() {
      console.flush();
    }

    @Override
    public void close() {
      console.flush(); // never closes stderr
    }
  }
}
