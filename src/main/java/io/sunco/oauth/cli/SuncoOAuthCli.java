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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code sunco-oauth} command line: {@code demo} runs the whole OAuth flow against an embedded
 * emulator, {@code emulator} runs the emulator standalone, {@code login} performs the RFC 8252
 * loopback flow against the live service or an emulator. Run it with {@code java -jar
 * target/sunco-oauth-cli.jar COMMAND}, or in-process with {@code new CommandLine(new
 * SuncoOAuthCli()).execute(args)}.
 *
 * <p>Exit codes: {@value #EXIT_OK} success, {@value #EXIT_FAILURE} the flow failed (an API, network
 * or protocol error, a rejected callback), {@value #EXIT_USAGE} a usage error (bad option, missing
 * environment variable), {@value #EXIT_NOT_GRANTED} no access was granted (the customer denied, or
 * the wait for the browser timed out). Nothing it prints contains a client secret, an authorization
 * code or an access token in full, unless {@code login --print-token} asks for the token.
 */
@Command(
    name = "sunco-oauth",
    mixinStandardHelpOptions = true,
    versionProvider = SuncoOAuthCli.VersionProvider.class,
    description =
        "Sunshine Conversations (Zendesk) OAuth: a demo, a local emulator and a login tool.",
    subcommands = {DemoCommand.class, EmulatorCommand.class, LoginCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the flow failed (API, network or protocol error, rejected callback)",
      "2:usage error (bad option, missing environment variable)",
      "3:no access granted (denied by the customer, or timed out)"
    })
public final class SuncoOAuthCli implements Callable<Integer> {

  /** Exit code of a command that did what it was asked: {@value}. */
  public static final int EXIT_OK = 0;

  /** Exit code when the flow failed: an API, network or protocol error: {@value}. */
  public static final int EXIT_FAILURE = 1;

  /** Exit code of a usage error: a bad option or a missing environment variable: {@value}. */
  public static final int EXIT_USAGE = 2;

  /** Exit code when no access was granted: the customer denied, or the wait timed out: {@value}. */
  public static final int EXIT_NOT_GRANTED = 3;

  /** The environment variable read for the client secret unless told otherwise: {@value}. */
  public static final String DEFAULT_SECRET_ENV = "SUNCO_CLIENT_SECRET";

  private final CliContext context;
  private final CountDownLatch stop = new CountDownLatch(1);

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
    System.exit(new CommandLine(new SuncoOAuthCli()).execute(args));
  }

  /** Without a subcommand: shows the usage on the error stream, a usage error. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("Missing command: demo, emulator or login.");
    spec.commandLine().usage(err);
    return EXIT_USAGE;
  }

  CliContext context() {
    return context;
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
