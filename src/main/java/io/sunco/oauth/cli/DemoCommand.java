package io.sunco.oauth.cli;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.StateGenerator;
import io.sunco.oauth.callback.VerifiedCallback;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.ConsentMode;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.internal.UntrustedText;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@code sunco-oauth demo}: the whole OAuth flow against an embedded emulator on 127.0.0.1, step by
 * step with timings: authorize URL, consent redirect, callback check, token, token info,
 * revocation, and the revoked token refused. Secrets, codes and tokens are shown masked.
 */
@Command(
    name = "demo",
    description = {
      "Run the whole OAuth flow against an embedded emulator, step by step.",
      "Nothing leaves 127.0.0.1: authorize URL, consent redirect, callback check, getToken and"
          + " getTokenInfo (a token whose info cannot be read is revoked at once), revokeAccess,"
          + " then the revoked token refused. Codes, tokens and secrets are shown masked."
    })
final class DemoCommand extends CliCommand {

  static final String CLIENT_ID = "demo-client";

  /** Never contacted: the demo reads the redirect's Location instead of following it. */
  static final String REDIRECT_URI = EmulatorCommand.DEFAULT_REDIRECT_URI;

  static final App APP = App.of("5f1a0c2b3d4e5f6a7b8c9d0e", "acme", "Acme Demo");

  private static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(10);

  /** A step found the server's answer not what the protocol promises; secret-free message. */
  private static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message);
    }
  }

  /** What the token exchange and the token info gave. */
  private record Connected(AccessToken token, TokenInfo info) {}

  /** The standard output, set by {@link #call()} before any step runs. */
  private @Nullable PrintWriter out;

  private int step;

  @Option(
      names = "--tls",
      description =
          "Run the emulator over https, as the service is, with a self-signed certificate that the"
              + " demo's client trusts (and nothing else does).")
  private boolean tls;

  @Override
  public Integer call() {
    out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long started = System.nanoTime();
    out.println("sunco-oauth demo: the OAuth flow against an embedded emulator on 127.0.0.1");
    StateGenerator states = StateGenerator.create();
    String secret = states.next();
    SunshineOAuthEmulator emulator;
    try {
      emulator =
          step(
              "start emulator",
              () ->
                  tls(SunshineOAuthEmulator.builder()
                          .integration(Integration.of(CLIENT_ID, secret, REDIRECT_URI))
                          .app(APP)
                          .consentMode(ConsentMode.AUTOMATIC)
                          .port(0))
                      .start(),
              e -> e.baseUrl() + " (client " + CLIENT_ID + ", automatic consent)");
    } catch (RuntimeException e) {
      return failed(
          err,
          new CliFailure(
              SuncoOAuthCli.EXIT_NETWORK,
              "cannot start the embedded emulator: " + UntrustedText.clean(String.valueOf(e))));
    }
    try (emulator;
        SunshineOAuthClient client = client(emulator, secret)) {
      root.context().emulatorStarted(emulator);
      try {
        run(client, http(emulator), states.next());
      } finally {
        root.context().emulatorClosing(emulator);
      }
    } catch (RuntimeException e) {
      // SunshineOAuthException, StepFailed, or Reactor Netty's own error for the consent GET.
      return failed(err, e);
    }
    out.println(
        "Done in " + millis(started) + " ms: every step succeeded; the revoked token is refused.");
    out.flush();
    return SuncoOAuthCli.EXIT_OK;
  }

  /** The library's client with its defaults; over TLS, with a client that trusts the emulator. */
  private static SunshineOAuthClient client(SunshineOAuthEmulator emulator, String secret) {
    SunshineOAuthClient.Builder builder =
        SunshineOAuthClient.builder()
            .clientId(CLIENT_ID)
            .clientSecret(secret)
            .baseUrl(emulator.baseUrl());
    if (emulator.isTls()) {
      builder.httpClient(http(emulator));
    }
    return builder.build();
  }

  private SunshineOAuthEmulator.Builder tls(SunshineOAuthEmulator.Builder builder) {
    return tls ? builder.tls() : builder;
  }

  /**
   * The client of every call, without a pool (a handful of calls, nothing to dispose); over TLS it
   * trusts the emulator's certificate only.
   */
  private static HttpClient http(SunshineOAuthEmulator emulator) {
    HttpClient http = HttpClient.create(ConnectionProvider.newConnection());
    return emulator.isTls()
        ? http.secure(spec -> spec.sslContext(emulator.clientSslContext()))
        : http;
  }

  private void run(SunshineOAuthClient client, HttpClient http, String state) {
    URI authorizeUrl =
        step(
            "authorize URL",
            () -> URI.create(client.authorizeUrl(AuthorizeRequest.of(REDIRECT_URI, state))),
            url -> Mask.queryValues(url.toString(), Set.of("state")));

    String location =
        step(
            "consent redirect",
            () -> consentRedirect(http, authorizeUrl),
            l -> "302 to " + Mask.queryValues(l, Set.of("code", "state")));

    VerifiedCallback granted =
        step(
            "callback",
            () -> checkCallback(location, state),
            g -> "code " + Mask.mask(g.code().value()) + ", state matches the one sent");

    // One composed step: a token whose info cannot be read is revoked before the failure shows.
    Connected connected =
        step(
            "getToken, getTokenInfo",
            () ->
                client
                    .completeAuthorization(
                        granted.code(), (t, info) -> Mono.just(new Connected(t, info)))
                    .block(),
            c ->
                c.token().tokenType()
                    + " "
                    + Mask.mask(c.token().value())
                    + " ("
                    + c.token().value().length()
                    + " characters); "
                    + describe(c.info()));
    AccessToken token = connected.token();

    step(
        "revokeAccess",
        () -> client.revokeAccess(token).then(Mono.just(Boolean.TRUE)).block(),
        revoked -> "access revoked");

    step(
        "getTokenInfo, revoked token",
        () -> refusal(client, token),
        refusal -> "refused as expected: HTTP " + refusal);
  }

  /** The consent navigation of a browser: one GET, the redirect read, not followed. */
  private static String consentRedirect(HttpClient http, URI authorizeUrl) {
    record Answer(int status, String location) {}
    Answer answer;
    try {
      answer =
          http.followRedirect(false)
              .responseTimeout(CONSENT_TIMEOUT)
              .get()
              .uri(authorizeUrl)
              .responseSingle(
                  (response, body) ->
                      body.asString()
                          .defaultIfEmpty("")
                          .map(
                              ignored ->
                                  new Answer(
                                      response.status().code(),
                                      response
                                          .responseHeaders()
                                          .get(HttpHeaderNames.LOCATION, ""))))
              .block(CONSENT_TIMEOUT);
    } catch (RuntimeException e) {
      throw new CliFailure(
          SuncoOAuthCli.EXIT_NETWORK,
          "the consent GET failed: " + UntrustedText.clean(String.valueOf(e.getMessage())));
    }
    if (answer == null || answer.status() != 302 || answer.location().isEmpty()) {
      throw new StepFailed(
          "expected a 302 with a Location, got HTTP "
              + (answer == null ? "nothing" : answer.status()));
    }
    return answer.location();
  }

  /** The library's own callback check: the state must be the one sent, once. */
  private static VerifiedCallback checkCallback(String location, String state) {
    URI redirect;
    try {
      redirect = URI.create(location);
    } catch (IllegalArgumentException e) {
      throw new StepFailed("the redirect cannot be parsed: " + e.getMessage());
    }
    try {
      return Objects.requireNonNull(
          ExpectedState.of(state).verify(redirect).block(), "verify never completes empty");
    } catch (AuthorizationCallbackException e) {
      throw new StepFailed("the redirect was refused: " + e.getMessage());
    }
  }

  /** The 401 that a revoked token must get, as {@code 401 unauthorized}. */
  private static String refusal(SunshineOAuthClient client, AccessToken token) {
    try {
      TokenInfo info = client.getTokenInfo(token).block();
      throw new StepFailed("the revoked token still works: " + info);
    } catch (SunshineApiException e) {
      if (e.status() != 401) {
        throw new StepFailed("expected HTTP 401 for the revoked token, got: " + e.getMessage());
      }
      return e.status()
          + e.errors().stream()
              .map(error -> " " + UntrustedText.clean(error.code()))
              .findFirst()
              .orElse("");
    }
  }

  private static String describe(TokenInfo info) {
    return "app "
        + UntrustedText.clean(info.appId())
        + ", subdomain "
        + info.subdomain().map(UntrustedText::clean).orElse("(none)")
        + ", display name \""
        + info.displayName().map(UntrustedText::clean).orElse("")
        + "\"";
  }

  private <T> T step(String name, Supplier<T> action, Function<T, String> describe) {
    PrintWriter out = out();
    int number = ++step;
    long started = System.nanoTime();
    T result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      out.printf("  [%d] %-28s %5d ms  FAILED%n", number, name, millis(started));
      out.flush();
      throw e;
    }
    if (result == null) {
      out.printf("  [%d] %-28s %5d ms  FAILED%n", number, name, millis(started));
      out.flush();
      throw new StepFailed(name + " completed without a value");
    }
    out.printf("  [%d] %-28s %5d ms  %s%n", number, name, millis(started), describe.apply(result));
    out.flush();
    return result;
  }

  private int failed(PrintWriter err, RuntimeException e) {
    out().flush();
    int exitCode = e instanceof StepFailed ? SuncoOAuthCli.EXIT_PROTOCOL : Failures.exitCode(e);
    String message =
        e instanceof StepFailed
            ? String.valueOf(e.getMessage())
            : Failures.describe(e, Optional.empty());
    err.println(
        UntrustedText.clean(
                "sunco-oauth demo: failed at step " + step + ": " + message,
                Failures.MAX_LINE_CHARS)
            + Verbosity.hint());
    err.flush();
    return exitCode;
  }

  private PrintWriter out() {
    return Objects.requireNonNull(out, "call() sets out before any step runs");
  }

  private static long millis(long startedNanos) {
    return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
  }
}
