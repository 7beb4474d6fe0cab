package io.sunco.oauth.cli;

import io.sunco.oauth.error.ApiError;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineResponseException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.internal.UntrustedText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import reactor.core.Exceptions;

/**
 * One home for how a failure ends a command: its exit code under the contract of {@link
 * SuncoOAuthCli}, the one line it prints on the standard error stream (the operation, the HTTP
 * status and the server's error codes, control characters stripped), and with {@code --json} the
 * one JSON object it prints on the standard output.
 */
final class Failures {

  /** The longest line an error may print, in characters, the ellipsis included: {@value}. */
  static final int MAX_LINE_CHARS = 1000;

  /** What a handshake that refused the server's certificate adds to its line. */
  static final String TLS_HINT =
      "if the server's certificate is a private one, trust it with "
          + Options.CA_FILE
          + " PEM or the JVM's trust store (see --help)";

  /** What a handshake answered by a server that speaks plain HTTP adds to its line. */
  static final String NOT_TLS_HINT =
      "the server does not speak TLS: is it a plain http server (then use an http:// URL)?";

  /** What a handshake that ran out of time adds to its line. */
  static final String HANDSHAKE_TIMEOUT_HINT =
      "the TLS handshake got no answer in time: is the port the server's TLS port?";

  /** What any other failed handshake adds to its line (a protocol or cipher mismatch, a reset). */
  static final String OTHER_TLS_HINT = "the server and this client agree on no TLS parameters";

  /**
   * The hint for a failed TLS handshake, chosen from its cause chain: a certificate the client does
   * not trust ({@link #TLS_HINT}), a server that answers in plain HTTP ({@link #NOT_TLS_HINT}), a
   * handshake timeout ({@link #HANDSHAKE_TIMEOUT_HINT}), or anything else ({@link
   * #OTHER_TLS_HINT}).
   */
  static String tlsHint(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof io.netty.handler.ssl.NotSslRecordException) {
        return NOT_TLS_HINT;
      }
      if (e instanceof io.netty.handler.ssl.SslHandshakeTimeoutException) {
        return HANDSHAKE_TIMEOUT_HINT;
      }
      if (e instanceof java.security.cert.CertificateException
          || e instanceof java.security.cert.CertPathValidatorException
          || e instanceof java.security.cert.CertPathBuilderException) {
        return TLS_HINT;
      }
      if (e.getCause() == e) {
        break;
      }
    }
    return OTHER_TLS_HINT;
  }

  private Failures() {}

  /** What a command tells the failure handler about itself. */
  interface Reporting {
    /** Whether {@code --json} was given: a failure is then also a JSON object on stdout. */
    default boolean json() {
      return false;
    }

    /** The {@code host:port} the command talks to, named in network failures. */
    default Optional<String> endpoint() {
      return Optional.empty();
    }
  }

  /** The exit code of {@code failure} under the contract. */
  static int exitCode(Throwable failure) {
    Throwable e = Exceptions.unwrap(failure);
    if (e instanceof CliFailure known) {
      return known.exitCode();
    }
    if (e instanceof SunshineApiException) {
      return SuncoOAuthCli.EXIT_SERVER_ERROR;
    }
    if (e instanceof SunshineTransportException || e instanceof SunshineTimeoutException) {
      return SuncoOAuthCli.EXIT_NETWORK;
    }
    if (e instanceof SunshineResponseException) {
      return SuncoOAuthCli.EXIT_PROTOCOL;
    }
    return SuncoOAuthCli.EXIT_INTERNAL;
  }

  /**
   * The one-line description of {@code failure}, without the command name: the library's message
   * (operation, status, server error codes, "may have been processed"; a transport failure's names
   * its host:port), plus the wait a 429 asked for and the endpoint of a timeout.
   */
  static String describe(Throwable failure, Optional<String> endpoint) {
    Throwable e = Exceptions.unwrap(failure);
    String message = Optional.ofNullable(e.getMessage()).orElse("");
    if (e instanceof SunshineApiException api) {
      return message
          + api.retryAfter().map(d -> " (Retry-After: " + Durations.format(d) + ")").orElse("");
    }
    if (e instanceof SunshineTransportException transport && transport.endpoint().isPresent()) {
      // The library's message names host:port already.
      return message
          + (transport.reason() == SunshineTransportException.Reason.TLS_FAILED
              ? "; " + tlsHint(transport)
              : "");
    }
    if (e instanceof SunshineTransportException || e instanceof SunshineTimeoutException) {
      return message + endpoint.map(hostPort -> " [" + hostPort + "]").orElse("");
    }
    if (e instanceof SunshineOAuthException || e instanceof CliFailure) {
      return message;
    }
    return unexpected(e);
  }

  /**
   * The line of an error that no handler expected: its type, never its message (a dependency's text
   * may carry anything, a URL with a code included), and a request to report it.
   */
  static String unexpected(Throwable e) {
    return "unexpected error "
        + e.getClass().getName()
        + ": this is a bug of sunco-oauth, please report it with what "
        + Verbosity.OPTION
        + " prints";
  }

  /** Prints the failure as the contract says and returns its exit code. */
  static int report(CommandLine command, Throwable failure) {
    Reporting reporting = command.getCommand() instanceof Reporting r ? r : new Reporting() {};
    String name = command.getCommandSpec().qualifiedName();
    int exitCode = exitCode(failure);
    String line = describe(failure, reporting.endpoint());
    if (reporting.json()) {
      PrintWriter out = command.getOut();
      out.println(json(failure, exitCode, line));
      out.flush();
    }
    PrintWriter err = command.getErr();
    // The hint is ours, after the cleaned (and possibly shortened) line: never cut off.
    err.println(
        UntrustedText.clean(name + ": " + line, Failures.MAX_LINE_CHARS) + Verbosity.hint());
    if (Verbosity.of(command)) {
      failure.printStackTrace(err);
    }
    err.flush();
    return exitCode;
  }

  /** The failure as the one JSON object of {@code --json}. */
  static String json(Throwable failure, int exitCode, String line) {
    Throwable e = Exceptions.unwrap(failure);
    if (e instanceof CliFailure known && known.detail().isPresent()) {
      e = Exceptions.unwrap(known.detail().get());
    }
    JsonLine json =
        new JsonLine()
            .put("ok", false)
            .put("exitCode", exitCode)
            .put("error", UntrustedText.clean(line, Failures.MAX_LINE_CHARS));
    if (e instanceof SunshineOAuthException oauth) {
      json.put("operation", oauth.operation().methodName());
      json.put("requestMayHaveBeenProcessed", oauth.requestMayHaveBeenProcessed());
    }
    if (e instanceof SunshineApiException api) {
      json.put("status", api.status());
      json.put(
          "errorCodes",
          api.errors().stream()
              .map(ApiError::code)
              .filter(code -> !code.isEmpty())
              .map(UntrustedText::clean)
              .collect(Collectors.toList()));
      json.put("retryAfterSeconds", api.retryAfter().map(d -> d.toSeconds()).orElse(null));
    } else if (e instanceof SunshineResponseException response) {
      json.put("status", response.status());
    } else if (e instanceof SunshineTransportException transport) {
      json.put("reason", transport.reason().name());
    } else if (e instanceof SunshineTimeoutException timeout) {
      json.put("deadline", timeout.deadline().name());
    }
    return json.toString();
  }

  /**
   * picocli's execution strategy: refuses arguments it did not match, then runs the last command.
   * picocli itself lets them pass when {@code --help} is among them, so that {@code sunco-oauth
   * tokn --help} would print the top-level help and exit 0; here it is an unknown command.
   */
  static int refuseUnmatchedThenRun(ParseResult parsed) {
    for (ParseResult level = parsed; level != null; level = level.subcommand()) {
      if (!level.unmatched().isEmpty()) {
        return usageError(
            new UnmatchedArgumentException(level.commandSpec().commandLine(), level.unmatched()),
            level.originalArgs().toArray(String[]::new));
      }
    }
    List<CommandLine> parsedCommands = parsed.asCommandLineList();
    Verbosity.decide(parsedCommands.get(parsedCommands.size() - 1));
    try {
      return new CommandLine.RunLast().execute(parsed);
    } catch (Error e) {
      // picocli hands exceptions to executionFailed, but lets errors through: a dependency's
      // NoClassDefFoundError, a StackOverflowError. They end in one line too.
      List<CommandLine> commands = parsed.asCommandLineList();
      return report(commands.get(commands.size() - 1), e);
    }
  }

  /** picocli's execution exception handler: every failure of a command. */
  static int executionFailed(Exception failure, CommandLine command, ParseResult parseResult) {
    return report(command, failure);
  }

  /**
   * picocli's parameter exception handler: a usage error is one line naming the command and where
   * its help is, and exit {@value SuncoOAuthCli#EXIT_USAGE}. An unknown command says so; the value
   * of an unknown option is never echoed, since it may be a secret given where none is accepted.
   */
  static int usageError(ParameterException failure, String[] args) {
    CommandLine command = failure.getCommandLine();
    String name = command.getCommandSpec().qualifiedName();
    String message =
        failure instanceof UnmatchedArgumentException unmatched
            ? unmatched(command, unmatched.getUnmatched())
            : Optional.ofNullable(failure.getMessage()).orElse("invalid arguments");
    PrintWriter err = command.getErr();
    err.println(
        UntrustedText.clean(
            name + ": " + message + " (see '" + name + " --help')", Failures.MAX_LINE_CHARS));
    err.flush();
    return SuncoOAuthCli.EXIT_USAGE;
  }

  private static String unmatched(CommandLine command, List<String> unmatched) {
    boolean root = command.getCommandSpec().parent() == null;
    if (root && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
      return "unknown command '"
          + unmatched.get(0)
          + "'; the commands are "
          + String.join(", ", command.getSubcommands().keySet());
    }
    List<String> options = new ArrayList<>();
    int values = 0;
    for (String arg : unmatched) {
      if (arg.startsWith("-")) {
        int equals = arg.indexOf('=');
        options.add("'" + (equals < 0 ? arg : arg.substring(0, equals)) + "'");
      } else {
        values++;
      }
    }
    String text = options.isEmpty() ? "" : "unknown option " + String.join(", ", options);
    if (values > 0) {
      text += (text.isEmpty() ? "" : " and ") + values + " unexpected argument(s), not shown";
    }
    return text;
  }

  /** The printable form of a server-chosen value for JSON; null stays null. */
  static @Nullable String printableOrNull(Optional<String> value) {
    return value.map(UntrustedText::clean).orElse(null);
  }
}
