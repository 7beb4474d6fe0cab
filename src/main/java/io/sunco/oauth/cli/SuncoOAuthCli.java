package io.sunco.oauth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code sunco-oauth} command line: {@code authorize-url}, {@code token}, {@code info} and
 * {@code revoke} are thin layers over the library's calls; {@code login} performs the RFC 8252
 * loopback flow against the live service or an emulator; {@code demo} runs the whole OAuth flow
 * against an embedded emulator; {@code emulator} runs the emulator standalone, and {@code
 * emulator-remove} plays an admin removing the integration on it; {@code store-reseal} reseals a
 * connected-app store (PostgreSQL or Redis) under a key file's primary key. Run it with {@code java
 * -jar target/sunco-oauth-cli.jar COMMAND}, or in-process with {@code SuncoOAuthCli.commandLine(new
 * SuncoOAuthCli()).execute(args)} (then {@code store-reseal} needs Lettuce or r2dbc-postgresql on
 * the class path, which the jar carries).
 *
 * <p>Every command keeps one exit code contract: {@value #EXIT_OK} success, {@value #EXIT_USAGE} a
 * usage error or invalid input (an unknown command or option, a missing environment variable),
 * {@value #EXIT_SERVER_ERROR} the server answered with an error (an HTTP error status, or a consent
 * that ended with {@code error=}), {@value #EXIT_NETWORK} a network failure or a timeout, {@value
 * #EXIT_PROTOCOL} the server's answer broke the protocol. Errors are one line on the standard error
 * stream, whatever goes wrong (an unexpected error says so, names its type and exits {@value
 * #EXIT_INTERNAL}); {@code --verbose} or the variable {@code SUNCO_VERBOSE} adds its stack trace.
 * Nothing it prints contains a client secret or an authorization code, nor an access token unless
 * {@code --show-token} asks for it; secrets and tokens come from environment variables, never from
 * arguments.
 */
@Command(
    name = "sunco-oauth",
    versionProvider = SuncoOAuthCli.VersionProvider.class,
    description =
        "Sunshine Conversations (Zendesk) OAuth from the command line: the calls of the flow, a"
            + " browser login, a demo and a local emulator.",
    subcommands = {
      AuthorizeUrlCommand.class,
      TokenCommand.class,
      InfoCommand.class,
      RevokeCommand.class,
      LoginCommand.class,
      DemoCommand.class,
      EmulatorCommand.class,
      EmulatorRemoveCommand.class,
      StoreResealCommand.class
    },
    footerHeading = "%nEnvironment:%n",
    footer = {
      "  "
          + SuncoOAuthCli.DEFAULT_SECRET_ENV
          + "  the integration's client secret (token, login,"
          + " emulator)",
      "  " + SuncoOAuthCli.DEFAULT_TOKEN_ENV + "   an access token (info, revoke)",
      "  "
          + EmulatorCommand.DEFAULT_ADMIN_SECRET_ENV
          + "  the emulator's admin secret (emulator, emulator-remove)",
      "  "
          + StoreUrl.POSTGRES_PASSWORD_ENV
          + " / "
          + StoreUrl.REDIS_PASSWORD_ENV
          + "  the store's password (store-reseal)",
      "  " + Verbosity.ENV + "        any value: as --verbose",
      "Run 'sunco-oauth COMMAND --help' for the options of a command."
    })
public final class SuncoOAuthCli implements Callable<Integer> {

  /** Exit code of a command that did what it was asked: {@value}. */
  public static final int EXIT_OK = 0;

  /**
   * Exit code of a usage error or invalid input: an unknown command or option, a bad value, a
   * missing environment variable: {@value}.
   */
  public static final int EXIT_USAGE = 2;

  /**
   * Exit code when the server answered with an error: an HTTP error status (including 429 and 3xx,
   * which are never followed), or a consent that ended with {@code error=}, such as a denial:
   * {@value}.
   */
  public static final int EXIT_SERVER_ERROR = 3;

  /**
   * Exit code of a network failure or a timeout: connection refused, TLS, a connection closed
   * early, a deadline that ran out, a port that cannot be bound: {@value}.
   */
  public static final int EXIT_NETWORK = 4;

  /** Exit code when the server's answer broke the protocol (a 2xx that is not one): {@value}. */
  public static final int EXIT_PROTOCOL = 5;

  /**
   * Exit code of an internal error, a bug: {@value}. Never returned on purpose; outside the
   * contract above.
   */
  public static final int EXIT_INTERNAL = 1;

  /**
   * Exit code of a {@code login} or {@code demo} ended by Ctrl-C or SIGTERM: {@value}, as a shell
   * reports a process ended by SIGINT. Outside the contract above: a signal, not an outcome.
   */
  public static final int EXIT_INTERRUPTED = 130;

  /** The environment variable read for the client secret unless told otherwise: {@value}. */
  public static final String DEFAULT_SECRET_ENV = "SUNCO_CLIENT_SECRET";

  /** The environment variable read for an access token unless told otherwise: {@value}. */
  public static final String DEFAULT_TOKEN_ENV = "SUNCO_ACCESS_TOKEN";

  static final String EXIT_CODES_HEADING = "%nExit codes:%n";
  static final String EXIT_OK_TEXT = "0:success";
  static final String EXIT_USAGE_TEXT =
      "2:usage error or invalid input (unknown command or option, missing variable)";
  static final String EXIT_SERVER_ERROR_TEXT =
      "3:the server answered with an error (HTTP status, or error= on the redirect)";
  static final String EXIT_NETWORK_TEXT = "4:network failure or timeout";
  static final String EXIT_PROTOCOL_TEXT = "5:the server's answer broke the protocol";

  private final CliContext context;

  @Mixin private final CliCommand.StandardHelp standardHelp = new CliCommand.StandardHelp();
  private final CountDownLatch stop = new CountDownLatch(1);

  @Option(
      names = Verbosity.OPTION,
      scope = ScopeType.INHERIT,
      description =
          "After an error's one line, print its stack trace; show the warnings of the libraries"
              + " underneath. Also on with the variable "
              + Verbosity.ENV
              + ".")
  private boolean verbose;

  @SuppressWarnings("NullAway.Init") // injected by picocli before call() runs
  @Spec
  private CommandSpec spec;

  /** A command line that reads the process environment and may open the desktop browser. */
  public SuncoOAuthCli() {
    this(CliContext.system());
  }

  /** A command line with another environment, browser and shutdown hooks; for tests. */
  SuncoOAuthCli(CliContext context) {
    this.context = Objects.requireNonNull(context, "context");
  }

  /**
   * Runs the command line and exits the JVM with its exit code.
   *
   * @param args the command line arguments, for example {@code demo}
   */
  public static void main(String[] args) {
    Verbosity.configureLogging();
    // A thread of a dependency that dies of an exception: one line too, the type only.
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          System.err.println("sunco-oauth: " + Failures.unexpected(e) + Verbosity.hint());
          if (Verbosity.warnings().shown()) {
            e.printStackTrace();
          }
        });
    int exitCode;
    try {
      exitCode = commandLine(new SuncoOAuthCli()).execute(args);
    } catch (Throwable t) {
      // Past picocli and every handler of ours (an error while printing the help, say): still one
      // line, and the type only.
      System.err.println("sunco-oauth: " + Failures.unexpected(t) + Verbosity.hint());
      if (Verbosity.warnings().shown()) {
        t.printStackTrace();
      }
      exitCode = EXIT_INTERNAL;
    }
    System.exit(exitCode);
  }

  /**
   * The picocli command line of {@code cli}, with this tool's handling of usage errors (one line,
   * exit {@value #EXIT_USAGE}, no argument value echoed) and of failures (one line, the exit code
   * of the contract).
   *
   * @param cli the root command
   * @return a command line ready to {@code execute}
   */
  public static CommandLine commandLine(SuncoOAuthCli cli) {
    return new CommandLine(cli)
        .setParameterExceptionHandler(Failures::usageError)
        .setExecutionExceptionHandler(Failures::executionFailed)
        .setExecutionStrategy(Failures::refuseUnmatchedThenRun);
  }

  /** Without a subcommand: shows the usage on the error stream, a usage error. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "sunco-oauth: missing command: "
            + String.join(", ", spec.subcommands().keySet())
            + " (see 'sunco-oauth --help')");
    return EXIT_USAGE;
  }

  CliContext context() {
    return context;
  }

  /** Whether {@code --verbose} was given, on this command or any subcommand. */
  boolean verbose() {
    return verbose;
  }

  /** Asks a running {@code emulator} command to stop, as Ctrl-C does; for tests. */
  void stop() {
    stop.countDown();
  }

  CountDownLatch stopSignal() {
    return stop;
  }

  /** Reads the version Maven wrote into {@code version.properties}. */
  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"sunco-oauth " + version()};
    }

    static String version() {
      try (InputStream in = SuncoOAuthCli.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          return "(unknown version)";
        }
        Properties properties = new Properties();
        properties.load(in);
        return properties.getProperty("version", "(unknown version)");
      } catch (IOException e) {
        return "(unknown version)";
      }
    }
  }
}
