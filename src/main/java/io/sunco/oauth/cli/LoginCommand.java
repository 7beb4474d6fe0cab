package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.StateGenerator;
import io.sunco.oauth.internal.UntrustedText;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code sunco-oauth login}: the OAuth loopback flow of RFC 8252 for a developer. A callback server
 * listens on {@code http://127.0.0.1:PORT/callback}; a check of the authorize URL fails fast when
 * the base URL or the client id is wrong; the authorize URL (with a fresh state) is opened in the
 * browser or printed; the first redirect back with that state is answered with a small page (any
 * other request to the callback gets a 400 and changes nothing), and its code exchanged for a token
 * whose app is then shown. {@code --timeout} is the deadline of the whole command. Once a token is
 * issued, a failure, the deadline or Ctrl-C revokes it, and so does the end of a login whose token
 * is not shown. Every wait and every {@code block()} happens on the main thread.
 */
@Command(
    name = "login",
    description = {
      "Get an access token through the browser (RFC 8252 loopback redirect).",
      "Register http://127.0.0.1:PORT/callback as a redirect URI of the integration first. The"
          + " client secret is read from $"
          + SuncoOAuthCli.DEFAULT_SECRET_ENV
          + " (or --client-secret-env), never from the command line. Only a redirect with this"
          + " login's state is accepted; others get a 400 and the login keeps waiting. The token is"
          + " printed only with --show-token; without it, it is revoked once the app is shown (a"
          + " token nobody holds would stay a live grant). A failure after the token was issued,"
          + " the deadline or Ctrl-C revoke it too."
    })
final class LoginCommand extends ServiceCommand {

  /** The default port of the callback server; the emulator's default redirect URI uses it. */
  static final int DEFAULT_PORT = 8090;

  @Mixin private final Options.ClientId clientId = new Options.ClientId();
  @Mixin private final Options.SecretEnv secretEnv = new Options.SecretEnv();

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + DEFAULT_PORT,
      description =
          "Port of the callback server on 127.0.0.1; 0 for any free port (the service must accept"
              + " any port on a registered loopback redirect URI). Default: ${DEFAULT-VALUE}.")
  private int port;

  @Option(
      names = "--no-browser",
      description = "Print the authorize URL only; do not open a browser.")
  private boolean noBrowser;

  @SuppressWarnings("NullAway.Init") // set by picocli (the value or its default) before call()
  @Option(
      names = Options.TIMEOUT,
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = Durations.class,
      description =
          "Overall deadline of the login, the wait for the browser and the token exchange"
              + " included: 90s, 5m, PT5M... Default: ${DEFAULT-VALUE}.")
  private Duration timeout;

  @Option(
      names = {"--show-token", "--print-token"},
      description = "Print the access token in full and keep it (otherwise it is revoked).")
  private boolean showToken;

  /** Set by Ctrl-C (the shutdown hook): ends any wait of the main thread. */
  private final Sinks.One<Boolean> interrupted = Sinks.one();

  private volatile boolean wasInterrupted;

  /** Counted down when {@link #call()} is done, so that the shutdown hook can wait for it. */
  private final CountDownLatch finished = new CountDownLatch(1);

  /** What the login ends with. */
  private record Connected(AccessToken token, TokenInfo info) {}

  @Override
  public Integer call() {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (port < 0 || port > 65_535) {
      throw CliFailure.usage("--port must be in 0..65535: " + port);
    }
    String secret = secretEnv.secret(root.context());
    // Reads --ca-file now, so that a bad file is a usage error before anything starts.
    HttpClient preflight = caFile.secure(HttpClient.create(ConnectionProvider.newConnection()));
    Thread hook = new Thread(this::interrupt, "sunco-oauth-login-interrupt");
    root.context().shutdownHooks().add(hook);
    try (RevocationWatch watch = new RevocationWatch(caFile::secure);
        SunshineOAuthClient client =
            Options.clientBuilder(baseUrl.value(), clientId.value(), Optional.of(secret), timeout)
                .httpClient(watch.httpClient())
                .build()) {
      String state = StateGenerator.create().next();
      CallbackServer server;
      try {
        server = CallbackServer.start(port, state);
      } catch (RuntimeException e) {
        throw new CliFailure(
            SuncoOAuthCli.EXIT_NETWORK,
            "cannot listen on "
                + CallbackServer.HOST
                + ":"
                + port
                + " ("
                + UntrustedText.clean(String.valueOf(e.getMessage()))
                + "); is it in use? Choose another --port");
      }
      try (server) {
        return run(client, watch, server, state, deadline, preflight);
      }
    } catch (CliFailure e) {
      if (wasInterrupted) {
        // Reported here, before the shutdown hook is released: once it returns, the JVM halts
        // and a line printed by picocli's handler after call() would be lost.
        return Failures.report(spec.commandLine(), e);
      }
      throw e;
    } finally {
      finished.countDown();
      root.context().shutdownHooks().remove(hook);
    }
  }

  private int run(
      SunshineOAuthClient client,
      RevocationWatch watch,
      CallbackServer server,
      String state,
      long deadline,
      HttpClient preflight) {
    PrintWriter out = spec.commandLine().getOut();
    // With --json, stdout carries the one JSON object; what a person reads goes to stderr.
    PrintWriter progress = json() ? spec.commandLine().getErr() : out;
    URI redirectUri = server.redirectUri();
    URI authorizeUrl =
        URI.create(client.authorizeUrl(AuthorizeRequest.of(redirectUri.toString(), state)));
    progress.println("Callback server listening on " + redirectUri);
    progress.println(
        "  (it must be a registered redirect URI of the integration " + clientId.value() + ")");
    progress.flush();
    Preflight.check(preflight, authorizeUrl, min(Preflight.MAX_WAIT, remaining(deadline)));
    progress.println("Open this URL in a browser and allow access:");
    progress.println("  " + authorizeUrl);
    if (!noBrowser) {
      progress.flush();
      progress.println(
          root.context().browser().open(authorizeUrl)
              ? "Opened it in the default browser."
              : "No browser could be opened: open the URL yourself.");
    }
    progress.println("Waiting up to " + Durations.format(timeout) + " for the redirect...");
    progress.flush();

    CallbackServer.Outcome outcome = awaitCallback(server, progress, deadline);
    if (outcome instanceof CallbackServer.Denied denied) {
      throw new CliFailure(
          SuncoOAuthCli.EXIT_SERVER_ERROR,
          "access was not granted: error="
              + UntrustedText.clean(denied.error())
              + denied.description().map(d -> " (" + UntrustedText.clean(d) + ")").orElse(""));
    }
    String code = ((CallbackServer.Granted) outcome).code().value();
    progress.println("Redirect received with the expected state; exchanging the code...");
    progress.flush();
    Connected connected;
    try {
      connected = connect(client, watch, code, deadline);
    } catch (RuntimeException e) {
      server.finish(CallbackServer.Pages.exchangeFailed());
      throw e;
    }
    TokenInfo info = connected.info();
    AccessToken token = connected.token();
    String displayName = info.displayName().map(UntrustedText::clean).orElse("(none)");
    server.finish(CallbackServer.Pages.granted(displayName));
    if (json()) {
      out.println(new JsonLine().put("ok", true).app(info).token(token, showToken));
    } else {
      out.println("Access granted.");
      InfoCommand.printApp(out, "  ", info);
      out.println(
          showToken
              ? "  access token: " + token.value()
              : "  access token: "
                  + Mask.mask(token.value())
                  + " ("
                  + token.value().length()
                  + " characters), not shown and revoked: --show-token keeps and prints it");
    }
    out.flush();
    return SuncoOAuthCli.EXIT_OK;
  }

  /**
   * Waits on the main thread for the first redirect with this login's state, printing each request
   * it ignored.
   *
   * @throws CliFailure exit {@value SuncoOAuthCli#EXIT_NETWORK} when the deadline runs out first
   */
  private CallbackServer.Outcome awaitCallback(
      CallbackServer server, PrintWriter progress, long deadline) {
    Flux<Object> events =
        Flux.<Object>merge(server.rejections(), server.callback())
            .takeUntil(event -> event instanceof CallbackServer.Outcome)
            .take(remaining(deadline))
            .takeUntilOther(interrupted.asMono())
            // The callback server signals on its event loop; the blocking iterable below takes a
            // lock on every signal, which may park when this thread holds it: hand the signals
            // over on a thread that may block.
            .publishOn(Schedulers.boundedElastic());
    CallbackServer.@Nullable Outcome outcome = null;
    for (Object event : events.toIterable()) {
      if (event instanceof CallbackServer.Rejected rejected) {
        progress.println(
            "Ignored a request to the callback: "
                + rejected.reason()
                + " (answered 400; still waiting for the real redirect)");
        progress.flush();
      } else {
        outcome = (CallbackServer.Outcome) event;
      }
    }
    if (wasInterrupted) {
      // Before the redirect: no token was requested, none can exist.
      throw new CliFailure(SuncoOAuthCli.EXIT_INTERRUPTED, "interrupted");
    }
    if (outcome == null) {
      throw new CliFailure(
          SuncoOAuthCli.EXIT_NETWORK,
          "timed out after "
              + Durations.format(timeout)
              + ": no redirect with this login's state reached "
              + server.redirectUri()
              + ". Was access allowed in the browser, and is that URI registered?"
              + (server.rejectedCount() > 0
                  ? " " + server.rejectedCount() + " other request(s) to it were refused."
                  : ""));
    }
    return outcome;
  }

  /**
   * Exchanges the code and reads the token info; revokes the token when anything after its issue
   * fails, runs out of time or is interrupted, and when it is not to be shown.
   */
  private Connected connect(
      SunshineOAuthClient client, RevocationWatch watch, String code, long deadline) {
    Duration left = remaining(deadline);
    Optional<Connected> connected;
    try {
      connected =
          client
              .completeAuthorization(
                  code,
                  (token, info) ->
                      showToken
                          ? Mono.just(new Connected(token, info))
                          : client
                              .newBuilder()
                              .timeouts(Flows.revokeTimeouts())
                              .build()
                              .revokeAccess(token)
                              .thenReturn(new Connected(token, info)))
              .timeout(left)
              .takeUntilOther(interrupted.asMono())
              .blockOptional();
    } catch (RuntimeException e) {
      Throwable cause = Exceptions.unwrap(e);
      if (cause instanceof TimeoutException) {
        boolean answered = watch.awaitRevocation();
        throw new CliFailure(
            SuncoOAuthCli.EXIT_NETWORK,
            "timed out after "
                + Durations.format(timeout)
                + " during the token exchange"
                + afterIssue(watch, answered));
      }
      if (watch.tokenIssued()) {
        throw new CliFailure(
            Failures.exitCode(cause),
            Failures.describe(cause, baseUrl.endpoint()) + afterIssue(watch, true),
            cause);
      }
      throw e;
    }
    if (connected.isEmpty()) {
      throwIfInterrupted(watch, watch.awaitRevocation());
      throw new IllegalStateException("the exchange completed without a value");
    }
    return connected.get();
  }

  /**
   * What the user can do about a token that stays valid though nobody holds it: a revocation ends
   * the integration's access to the app, so revoking any token of the same integration and app ends
   * this one too.
   */
  static final String WAY_OUT =
      ". To end it: run login --show-token again and revoke that token (a revocation ends the"
          + " integration's access to the app, this token's too), or remove the integration from"
          + " the app in Zendesk";

  /**
   * What became of a token issued before a failure, for the message: decided by whether a token was
   * issued and whether its revocation succeeded, never by whether the revocation got an answer (a
   * 500 is an answer).
   *
   * @param answered whether the token request and the revocation were answered in time (from {@link
   *     RevocationWatch#awaitRevocation()})
   */
  private static String afterIssue(RevocationWatch watch, boolean answered) {
    if (watch.tokenIssued()) {
      if (watch.revoked()) {
        return "; the token issued before it has been revoked";
      }
      return "; a token was issued and could not be revoked"
          + (answered ? "" : " in time")
          + ": it stays valid"
          + WAY_OUT;
    }
    return answered
        ? ""
        : "; the token request got no answer in time: a token may have been issued, and it would"
            + " stay valid"
            + WAY_OUT;
  }

  private void throwIfInterrupted(RevocationWatch watch, boolean answered) {
    if (wasInterrupted) {
      throw new CliFailure(
          SuncoOAuthCli.EXIT_INTERRUPTED, "interrupted" + afterIssue(watch, answered));
    }
  }

  /** Ctrl-C: ends the main thread's wait, then gives it time to revoke and close. */
  private void interrupt() {
    wasInterrupted = true;
    interrupted.tryEmitValue(Boolean.TRUE);
    try {
      finished.await(
          RevocationWatch.MAX_WAIT.plus(Duration.ofSeconds(3)).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration remaining(long deadline) {
    long nanos = deadline - System.nanoTime();
    return Duration.ofNanos(Math.max(nanos, 1_000_000));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
