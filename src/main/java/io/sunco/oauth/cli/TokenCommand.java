package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.policy.Timeouts;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import reactor.core.Exceptions;

/**
 * {@code sunco-oauth token}: {@link SunshineOAuthClient#getToken(String)} for a code from a
 * redirect. The client secret comes from an environment variable. The token is printed only with
 * {@code --show-token} (alone on stdout, so that {@code $(...)} captures it); without it the token
 * is revoked at once, because a token that nobody holds never expires and stays a live grant on the
 * customer's app.
 *
 * <p>Guarded like {@code login}: {@code --timeout} and Ctrl-C (any shutdown signal) end the wait
 * for the answer, not the token request. A request on its way keeps up to {@link #ANSWER_GRACE} to
 * be answered; a token it brings is revoked before the process ends, since nobody will hold it. The
 * exchange runs on its own, and every wait and {@code block()} happens on the main thread.
 */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    defaultValueProvider = CliDefaults.class,
    description = {
      "Exchange an authorization code for an access token (POST /oauth/token).",
      "The client secret is read from $"
          + SuncoOAuthCli.DEFAULT_SECRET_ENV
          + " (or --client-secret-env), never from the command line. The token is printed only"
          + " with --show-token, alone on stdout (everything else goes to stderr). Without it, the"
          + " token is revoked right after the exchange: tokens never expire, and one that nobody"
          + " holds would stay a live grant. When --timeout runs out or the command is interrupted"
          + " (Ctrl-C) while the token request is on its way, the request gets up to 10s more to be"
          + " answered, and a token it brings is revoked before the command ends (exit 4, or 130"
          + " when interrupted). A code is single use: after a failure that may have reached the"
          + " server, restart the authorization."
    },
    exitCodeListHeading = SuncoOAuthCli.EXIT_CODES_HEADING,
    exitCodeList = {
      SuncoOAuthCli.EXIT_OK_TEXT,
      SuncoOAuthCli.EXIT_USAGE_TEXT,
      SuncoOAuthCli.EXIT_SERVER_ERROR_TEXT,
      SuncoOAuthCli.EXIT_NETWORK_TEXT,
      SuncoOAuthCli.EXIT_PROTOCOL_TEXT
    })
final class TokenCommand implements Callable<Integer>, Failures.Reporting {

  /**
   * How long a token request may still take once {@code --timeout} ran out or the command was
   * interrupted: the library's default attempt deadline, which is the exchange's own.
   */
  static final Duration ANSWER_GRACE = Timeouts.DEFAULT_ATTEMPT;

  /**
   * Beyond the exchange's own deadline: its timer and the event loop may be late on a busy host.
   */
  private static final Duration SLACK = Duration.ofSeconds(1);

  @SuppressWarnings("NullAway.Init") // injected by picocli before call() runs
  @ParentCommand
  private SuncoOAuthCli root;

  @SuppressWarnings("NullAway.Init") // injected by picocli before call() runs
  @Spec
  private CommandSpec spec;

  @Mixin private Options.BaseUrl baseUrl = new Options.BaseUrl();
  @Mixin private Options.Deadline deadline = new Options.Deadline();
  @Mixin private Options.CaFile caFile = new Options.CaFile();
  @Mixin private Options.Json json = new Options.Json();

  @SuppressWarnings("NullAway.Init") // set by picocli before call(): the option is required
  @Option(
      names = "--client-id",
      paramLabel = "ID",
      required = true,
      description = "The integration's client id.")
  private String clientId;

  @SuppressWarnings("NullAway.Init") // set by picocli before call(): the option is required
  @Option(
      names = "--code",
      parameterConsumer = NextArgument.class, // a value may start with a hyphen
      paramLabel = "CODE",
      required = true,
      description = "The code parameter of the redirect. Single use.")
  private String code;

  @SuppressWarnings("NullAway.Init") // set by picocli (the value or its default) before call()
  @Option(
      names = "--client-secret-env",
      paramLabel = "VAR",
      defaultValue = SuncoOAuthCli.DEFAULT_SECRET_ENV,
      description = "Environment variable holding the client secret. Default: ${DEFAULT-VALUE}.")
  private String secretEnv;

  @Option(
      names = "--show-token",
      description =
          "Print the access token alone on stdout (the rest on stderr) and keep it: it is not"
              + " revoked. With --json it is the accessToken field.")
  private boolean showToken;

  /** Completed by Ctrl-C (the shutdown hook): ends the main thread's wait for the answer. */
  private final CompletableFuture<Void> interrupted = new CompletableFuture<>();

  /** Counted down when {@link #call()} is done, so that the shutdown hook can wait for it. */
  private final CountDownLatch finished = new CountDownLatch(1);

  @Override
  public boolean json() {
    return json.value();
  }

  @Override
  public Optional<String> endpoint() {
    return baseUrl.endpoint();
  }

  @Override
  public Integer call() {
    long start = System.nanoTime();
    String secret = root.context().requireEnv(secretEnv, "the integration's client secret");
    Duration timeout = deadline.value();
    Thread hook = new Thread(this::interrupt, "sunco-oauth-token-interrupt");
    root.context().shutdownHooks().add(hook);
    try (SunshineOAuthClient client =
        caFile
            .configure(
                Options.clientBuilder(baseUrl.value(), clientId, Optional.of(secret), timeout))
            .timeouts(exchangeTimeouts(timeout))
            .build()) {
      CompletableFuture<AccessToken> exchange;
      try {
        // The library's code rule, checked at call time. Subscribed at once, apart from the wait:
        // the deadline and Ctrl-C end the wait, never the request.
        exchange = client.getToken(code).toFuture();
      } catch (IllegalArgumentException e) {
        // Its messages name the rule, never the code.
        throw CliFailure.usage("invalid --code: " + e.getMessage());
      }
      AccessToken token = await(client, exchange, remaining(start, timeout), timeout);
      if (!showToken) {
        Optional<Throwable> failed = revoke(client, token);
        if (failed.isPresent()) {
          throw new CliFailure(
              Failures.exitCode(failed.get()),
              "getToken succeeded, but revoking the token that is not shown failed: "
                  + Failures.describe(failed.get(), baseUrl.endpoint())
                  + "; the token stays valid and nobody holds it");
        }
      }
      print(token);
    } catch (CliFailure e) {
      if (interrupted.isDone()) {
        // Reported here, before the shutdown hook is released: once it returns, the JVM halts
        // and a line printed by the caller's handler would be lost.
        return Failures.report(spec.commandLine(), e);
      }
      throw e;
    } finally {
      finished.countDown();
      root.context().shutdownHooks().remove(hook);
    }
    return SuncoOAuthCli.EXIT_OK;
  }

  /**
   * The exchange's deadlines: those of {@code --timeout}, except that a request on its way may take
   * {@link #ANSWER_GRACE} (its own attempt deadline) past it, so that its token can be revoked.
   */
  private static Timeouts exchangeTimeouts(Duration timeout) {
    Timeouts defaults = Timeouts.defaults();
    try {
      return defaults
          .withCall(timeout.plus(ANSWER_GRACE))
          .withAttempt(ANSWER_GRACE)
          .withConnect(timeout.compareTo(defaults.connect()) < 0 ? timeout : defaults.connect());
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("invalid " + Options.TIMEOUT + ": " + e.getMessage());
    }
  }

  /**
   * Waits on the main thread for the token until {@code --timeout} or Ctrl-C; after either, waits
   * for the exchange to end by itself and revokes a token it brings.
   *
   * @return the token, when it came first
   * @throws CliFailure or the library's error, when no token is to be handed out
   */
  private AccessToken await(
      SunshineOAuthClient client,
      CompletableFuture<AccessToken> exchange,
      Duration left,
      Duration timeout) {
    try {
      CompletableFuture.anyOf(exchange, interrupted).get(left.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // The deadline ran out, or the exchange failed: told apart below.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (exchange.isDone() && !interrupted.isDone()) {
      return outcome(exchange); // a token, or the library's error as it is
    }
    String stopped =
        interrupted.isDone()
            ? "interrupted during the token exchange"
            : "timed out after " + Durations.format(timeout) + " during the token exchange";
    int exitCode =
        interrupted.isDone() ? SuncoOAuthCli.EXIT_INTERRUPTED : SuncoOAuthCli.EXIT_NETWORK;
    AccessToken late;
    try {
      late = exchange.get(ANSWER_GRACE.plus(SLACK).toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new CliFailure(
          exitCode,
          stopped + ", which then failed: " + Failures.describe(cause, baseUrl.endpoint()),
          cause);
    } catch (TimeoutException | InterruptedException | CancellationException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      exchange.cancel(true);
      throw new CliFailure(
          exitCode,
          stopped
              + ", and no answer came in the "
              + Durations.format(ANSWER_GRACE)
              + " after it: a token it issued, if any, could not be revoked; the authorization code"
              + " may be spent; restart the authorization"
              + baseUrl.endpoint().map(hostPort -> " [" + hostPort + "]").orElse(""));
    }
    // Nobody will hold it: the command is not going to print it.
    Optional<Throwable> failed = revoke(client, late);
    throw new CliFailure(
        exitCode,
        stopped
            + failed
                .map(
                    e ->
                        "; the token issued after it could not be revoked, it stays valid: "
                            + Failures.describe(e, baseUrl.endpoint()))
                .orElse("; the token issued after it has been revoked"));
  }

  /** The exchange's token, or its error as the library made it. */
  private static AccessToken outcome(CompletableFuture<AccessToken> exchange) {
    try {
      return exchange.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  /** Revokes a token nobody will hold, on the main thread; the failure, if it failed. */
  private static Optional<Throwable> revoke(SunshineOAuthClient client, AccessToken token) {
    try {
      client.withTimeouts(Flows.revokeTimeouts()).revokeAccess(token).block();
      return Optional.empty();
    } catch (RuntimeException e) {
      return Optional.of(Exceptions.unwrap(e));
    }
  }

  private void print(AccessToken token) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (json.value()) {
      JsonLine line =
          new JsonLine()
              .put("ok", true)
              .put("tokenType", token.tokenType())
              .put("tokenLength", token.value().length())
              .put("revoked", !showToken);
      if (showToken) {
        line.put("accessToken", token.value());
      }
      out.println(line);
    } else if (showToken) {
      // stdout carries the token alone, so that TOKEN=$(sunco-oauth token ... --show-token) works.
      err.println(
          "Access token issued ("
              + token.tokenType()
              + "), kept and printed on stdout: it never expires, store it like a password.");
      err.flush();
      out.println(token.value());
    } else {
      out.println(
          "Access token issued ("
              + token.tokenType()
              + ", "
              + token.value().length()
              + " characters), not shown, and revoked at once: a token nobody holds would stay"
              + " a live grant. Run the authorization again with --show-token to keep one.");
    }
    out.flush();
  }

  /** Ctrl-C: ends the main thread's wait, then gives it time to revoke and close. */
  private void interrupt() {
    interrupted.complete(null);
    try {
      finished.await(
          ANSWER_GRACE
              .plus(SLACK)
              .plus(SunshineOAuthClient.DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE)
              .plus(Duration.ofSeconds(3))
              .toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration remaining(long start, Duration timeout) {
    long nanos = start + timeout.toNanos() - System.nanoTime();
    return Duration.ofNanos(Math.max(nanos, 1_000_000));
  }
}
