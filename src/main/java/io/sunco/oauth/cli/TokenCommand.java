package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.internal.CallRunner;
import io.sunco.oauth.policy.RetryPolicy;
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
 * <p>Guarded like {@code login}: {@code --timeout} and Ctrl-C (any shutdown signal) stop the
 * command, never a token request that went out. The command makes the attempts itself (the library
 * makes one per call), so that none starts after the stop. At the stop, the {@link RevocationWatch}
 * decides against the event loop whether the current request went out: if not, the exchange is
 * cancelled at once (nothing was sent, the code is unused); if so, the command waits for its
 * answer, which the request's own attempt deadline ({@link #ANSWER_GRACE}) bounds, and revokes a
 * token it brings, since nobody will hold it. Every wait and {@code block()} happens on the main
 * thread.
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
          + " holds would stay a live grant. A rate-limited request (429) is tried again within"
          + " --timeout. When --timeout runs out or the command is interrupted (Ctrl-C, SIGTERM):"
          + " a token request not yet sent is not sent; one that is on its way gets up to its own"
          + " 10s attempt deadline to be answered, and a token it brings is revoked before the"
          + " command ends (exit 4 at the deadline; the signal's status after a signal: 130 for"
          + " Ctrl-C, 143 for SIGTERM). A code is single use: after a failure that may have"
          + " reached the server, restart the authorization."
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
   * The attempt deadline of each token request: the library's default ({@link
   * Timeouts#DEFAULT_ATTEMPT}, 10 s). A request that went out before the stop keeps up to this long
   * to be answered, so that its token can be revoked.
   */
  static final Duration ANSWER_GRACE = Timeouts.DEFAULT_ATTEMPT;

  /** The line on stderr before a retry of a rate-limited token request, the wait follows. */
  static final String RATE_LIMITED_LINE =
      "sunco-oauth token: rate limited (HTTP 429), nothing issued; trying again in ";

  /** The line on stderr when Ctrl-C stops the command while a token request is on its way. */
  static final String WAITING_LINE =
      "sunco-oauth token: stopping; the token request is on its way, waiting for its answer to"
          + " revoke the token it brings";

  /** How to end a token that was issued and that nobody holds. */
  private static final String ORPHAN_WAY_OUT =
      ". To end it: a revoke ends every token of the integration's access to that app, so get a"
          + " token for the same app with --show-token (a new authorization) and run `sunco-oauth"
          + " revoke` with it";

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

  /** Completed by Ctrl-C (the shutdown hook): ends the main thread's waits. */
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
    try (RevocationWatch watch = new RevocationWatch(caFile::secure);
        SunshineOAuthClient client =
            Options.clientBuilder(baseUrl.value(), clientId, Optional.of(secret), timeout)
                .timeouts(exchangeTimeouts(timeout))
                .retryPolicy(RetryPolicy.none())
                .httpClient(watch.httpClient())
                .build()) {
      AccessToken token = exchange(client, watch, start, timeout);
      if (!showToken) {
        Optional<Throwable> failed = revoke(client, token);
        if (failed.isPresent()) {
          throw new CliFailure(
              Failures.exitCode(failed.get()),
              "getToken succeeded, but revoking the token that is not shown failed: "
                  + Failures.describe(failed.get(), baseUrl.endpoint())
                  + "; the token stays valid and nobody holds it"
                  + ORPHAN_WAY_OUT);
        }
      }
      print(token);
    } catch (RuntimeException e) {
      if (interrupted.isDone()) {
        // Reported here, before the shutdown hook is released: once it returns, the JVM halts
        // and a line printed by the caller's handler would be lost. Any failure, the library's too.
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
   * The exchange's deadlines: each call makes one attempt, under the library's attempt deadline
   * ({@link #ANSWER_GRACE}); a connect never takes longer than {@code --timeout}.
   */
  private static Timeouts exchangeTimeouts(Duration timeout) {
    Timeouts defaults = Timeouts.defaults();
    try {
      return defaults
          // Never reached: a call makes one attempt, which its attempt deadline ends first.
          .withCall(ANSWER_GRACE.multipliedBy(2))
          .withAttempt(ANSWER_GRACE)
          .withConnect(timeout.compareTo(defaults.connect()) < 0 ? timeout : defaults.connect());
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("invalid " + Options.TIMEOUT + ": " + e.getMessage());
    }
  }

  /**
   * The token requests, one at a time: again after a failure that provably did not reach the server
   * (a 429, a refused connect), after its {@code Retry-After} or a backoff, while {@code --timeout}
   * lasts, never after a stop. Waits on the main thread.
   *
   * @return the token, when it came before any stop
   * @throws CliFailure or the library's error, when no token is to be handed out
   */
  private AccessToken exchange(
      SunshineOAuthClient client, RevocationWatch watch, long start, Duration timeout) {
    RetryPolicy backoff = RetryPolicy.defaults();
    Optional<Throwable> lastFailure = Optional.empty();
    for (int attempt = 1; ; attempt++) {
      if (interrupted.isDone() || remaining(start, timeout).isZero()) {
        throw stoppedBeforeSending(timeout, lastFailure);
      }
      watch.nextTokenRequest();
      CompletableFuture<AccessToken> call;
      try {
        // The library's code rule, checked at call time; the request runs apart from the wait.
        call = client.getToken(code).toFuture();
      } catch (IllegalArgumentException e) {
        // Its messages name the rule, never the code.
        throw CliFailure.usage("invalid --code: " + e.getMessage());
      }
      awaitEither(call, remaining(start, timeout));
      // An answer that came after --timeout is treated as coming after the stop: its token is
      // revoked. So the outcome does not depend on which of the two woke this thread first.
      if (!call.isDone() || interrupted.isDone() || remaining(start, timeout).isZero()) {
        return stopped(client, watch, call, timeout);
      }
      Throwable failure;
      try {
        return outcome(call);
      } catch (RuntimeException e) {
        failure = e;
      }
      // The library's rule for what may be sent again, and its default number of retries.
      if (!CallRunner.isRetryable(Operation.GET_TOKEN, failure) || attempt > backoff.maxRetries()) {
        throw (RuntimeException) failure;
      }
      lastFailure = Optional.of(failure);
      int retry = attempt;
      Duration wait =
          failure instanceof SunshineApiException api
              ? api.retryAfter().orElseGet(() -> backoff.backoff(retry))
              : backoff.backoff(retry);
      if (wait.compareTo(remaining(start, timeout)) >= 0) {
        throw (RuntimeException) failure; // a wait past --timeout: the failure is the answer
      }
      if (failure instanceof SunshineApiException) {
        // A wait the server asked for may be long: say why nothing happens meanwhile.
        PrintWriter err = spec.commandLine().getErr();
        err.println(RATE_LIMITED_LINE + Durations.format(wait));
        err.flush();
      }
      awaitEither(new CompletableFuture<>(), wait); // Ctrl-C ends it; checked at the loop's top
    }
  }

  /** Waits until {@code call} ends, Ctrl-C, or {@code limit}, whichever is first. */
  private void awaitEither(CompletableFuture<?> call, Duration limit) {
    try {
      CompletableFuture.anyOf(call, interrupted).get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // The limit ran out, or the call failed: the caller looks at which.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CliFailure stoppedBeforeSending(Duration timeout, Optional<Throwable> lastFailure) {
    return new CliFailure(
        exitCodeOfStop(),
        stopReason(timeout)
            + " before the token request went out: nothing was sent, the code was not used"
            + lastFailure
                .map(e -> " (the last attempt: " + Failures.describe(e, baseUrl.endpoint()) + ")")
                .orElse("")
            + baseUrl.endpoint().map(hostPort -> " [" + hostPort + "]").orElse(""));
  }

  /**
   * After {@code --timeout} or Ctrl-C during a token request: cancels it when it did not go out;
   * otherwise waits for its answer, with no bound of its own (its attempt deadline ends it), and
   * revokes a token it brings.
   *
   * @throws CliFailure always: no token is handed out after a stop
   */
  private AccessToken stopped(
      SunshineOAuthClient client,
      RevocationWatch watch,
      CompletableFuture<AccessToken> call,
      Duration timeout) {
    if (watch.stopTokenRequests()) {
      call.cancel(true);
      throw stoppedBeforeSending(timeout, Optional.empty());
    }
    if (interrupted.isDone()) {
      // Ctrl-C and no exit yet: say why (and the tests wait for this line before answering).
      PrintWriter err = spec.commandLine().getErr();
      err.println(WAITING_LINE);
      err.flush();
    }
    String stopped = stopReason(timeout) + " during the token exchange";
    int exitCode = exitCodeOfStop();
    AccessToken late;
    try {
      late = call.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      boolean mayHaveIssued =
          !(cause instanceof SunshineOAuthException oauth)
              || (oauth.requestMayHaveBeenProcessed() && !(oauth instanceof SunshineApiException));
      throw new CliFailure(
          exitCode,
          stopped
              + ", which then failed: "
              + Failures.describe(cause, baseUrl.endpoint())
              + (mayHaveIssued
                  ? "; the authorization code may be spent; restart the authorization; a token it"
                      + " issued, if any, stays valid and nobody holds it"
                      + ORPHAN_WAY_OUT
                  : ""),
          cause);
    } catch (InterruptedException | CancellationException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new CliFailure(
          exitCode,
          stopped
              + ", and the wait for its answer was cut off: a token it issued, if any, stays valid"
              + " and nobody holds it"
              + ORPHAN_WAY_OUT,
          e);
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
                            + Failures.describe(e, baseUrl.endpoint())
                            + ORPHAN_WAY_OUT)
                .orElse("; the token issued after it has been revoked"));
  }

  private String stopReason(Duration timeout) {
    return interrupted.isDone() ? "interrupted" : "timed out after " + Durations.format(timeout);
  }

  private int exitCodeOfStop() {
    return interrupted.isDone() ? SuncoOAuthCli.EXIT_INTERRUPTED : SuncoOAuthCli.EXIT_NETWORK;
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
      client.newBuilder().timeouts(Flows.revokeTimeouts()).build().revokeAccess(token).block();
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

  /**
   * Ctrl-C: ends the main thread's waits, then waits for it to finish, with no bound of its own:
   * every step of the main thread has its deadline (the request's attempt deadline, the revoke's,
   * the pool's close), and a fixed budget here could halt the JVM in the middle of a revoke.
   */
  private void interrupt() {
    interrupted.complete(null);
    try {
      finished.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What is left of {@code --timeout}, from the command's start; zero once it ran out. */
  private static Duration remaining(long start, Duration timeout) {
    return Duration.ofNanos(Math.max(start + timeout.toNanos() - System.nanoTime(), 0));
  }
}
