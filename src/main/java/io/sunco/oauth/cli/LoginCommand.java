package io.sunco.oauth.cli;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.StateGenerator;
import io.sunco.oauth.error.SunshineOAuthException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import reactor.core.publisher.Mono;

/**
 * {@code sunco-oauth login}: the OAuth loopback flow of RFC 8252 for a developer. A one-shot
 * callback server listens on {@code http://127.0.0.1:PORT/callback}; the authorize URL (with a
 * fresh state) is opened in the browser or printed; the first redirect back is checked, answered
 * with a small page, and its code exchanged for a token whose app is then shown. Every wait and
 * every {@code block()} happens on the main thread.
 */
@Command(
    name = "login",
    mixinStandardHelpOptions = true,
    description = {
      "Get an access token through the browser (RFC 8252 loopback redirect).",
      "Register http://127.0.0.1:PORT/callback as a redirect URI of the integration first. The"
          + " client secret is read from an environment variable, never from the command line."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:access granted, token info shown",
      "1:the flow failed (API or network error, callback with a wrong state)",
      "2:usage error (bad option, secret variable not set)",
      "3:denied by the customer, or no callback before --timeout"
    })
final class LoginCommand implements Callable<Integer> {

  /** The default port of the callback server; the emulator's default redirect URI uses it. */
  static final int DEFAULT_PORT = 8090;

  @SuppressWarnings("NullAway.Init") // injected by picocli before call() runs
  @ParentCommand
  private SuncoOAuthCli root;

  @SuppressWarnings("NullAway.Init") // injected by picocli before call() runs
  @Spec
  private CommandSpec spec;

  @SuppressWarnings("NullAway.Init") // set by picocli before call(): the option is required
  @Option(
      names = "--client-id",
      paramLabel = "ID",
      required = true,
      description = "The integration's client id.")
  private String clientId;

  @SuppressWarnings("NullAway.Init") // set by picocli (the value or its default) before call()
  @Option(
      names = "--base-url",
      paramLabel = "URL",
      defaultValue = "https://oauth-bridge.zendesk.com/sc",
      description = "The OAuth base URL (https, or http on 127.0.0.1). Default: ${DEFAULT-VALUE}.")
  private String baseUrl;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + DEFAULT_PORT,
      description =
          "Port of the callback server on 127.0.0.1; 0 for any free port. Default: ${DEFAULT-VALUE}.")
  private int port;

  @Option(
      names = "--no-browser",
      description = "Print the authorize URL only; do not open a browser.")
  private boolean noBrowser;

  @SuppressWarnings("NullAway.Init") // set by picocli (the value or its default) before call()
  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = Durations.class,
      description = "How long to wait for the browser: 90s, 5m, PT5M... Default: ${DEFAULT-VALUE}.")
  private Duration timeout;

  @SuppressWarnings("NullAway.Init") // set by picocli (the value or its default) before call()
  @Option(
      names = "--client-secret-env",
      paramLabel = "VAR",
      defaultValue = SuncoOAuthCli.DEFAULT_SECRET_ENV,
      description = "Environment variable holding the client secret. Default: ${DEFAULT-VALUE}.")
  private String secretEnv;

  @Option(
      names = "--print-token",
      description = "Print the access token in full (masked otherwise).")
  private boolean printToken;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65_535) {
      err.println("--port must be in 0..65535: " + port);
      return SuncoOAuthCli.EXIT_USAGE;
    }
    Optional<String> secret = root.context().env(secretEnv);
    if (secret.isEmpty()) {
      err.println(
          "The environment variable "
              + secretEnv
              + " is not set: put the integration's client"
              + " secret in it (or name another variable with --client-secret-env).");
      return SuncoOAuthCli.EXIT_USAGE;
    }
    SunshineOAuthClient client;
    try {
      client =
          SunshineOAuthClient.builder()
              .clientId(clientId)
              .clientSecret(secret.get())
              .baseUrl(baseUrl)
              .build();
    } catch (IllegalArgumentException e) {
      err.println("Invalid option: " + e.getMessage());
      return SuncoOAuthCli.EXIT_USAGE;
    }
    try (client) {
      String state = StateGenerator.create().next();
      CallbackServer server;
      try {
        server = CallbackServer.start(port, state);
      } catch (RuntimeException e) {
        err.println(
            "Cannot listen on "
                + CallbackServer.HOST
                + ":"
                + port
                + " ("
                + e.getMessage()
                + "); is it in use? Choose another --port.");
        return SuncoOAuthCli.EXIT_FAILURE;
      }
      try (server) {
        return run(client, server, state, out, err);
      }
    }
  }

  private int run(
      SunshineOAuthClient client,
      CallbackServer server,
      String state,
      PrintWriter out,
      PrintWriter err) {
    URI redirectUri = server.redirectUri();
    URI authorizeUrl =
        URI.create(client.authorizeUrl(AuthorizeRequest.of(redirectUri.toString(), state)));
    out.println("Callback server listening on " + redirectUri);
    out.println("  (it must be a registered redirect URI of the integration " + clientId + ")");
    out.println("Open this URL in a browser and allow access:");
    out.println("  " + authorizeUrl);
    if (!noBrowser) {
      out.flush();
      out.println(
          root.context().browser().open(authorizeUrl)
              ? "Opened it in the default browser."
              : "No browser could be opened: open the URL yourself.");
    }
    out.println("Waiting up to " + Durations.format(timeout) + " for the redirect...");
    out.flush();

    Optional<CallbackServer.Outcome> callback =
        server.callback().timeout(timeout, Mono.empty()).blockOptional();
    if (callback.isEmpty()) {
      err.println(
          "Timed out after "
              + Durations.format(timeout)
              + ": no redirect reached "
              + redirectUri
              + ". Was access allowed in the browser, and is that URI registered?");
      return SuncoOAuthCli.EXIT_NOT_GRANTED;
    }
    if (callback.get() instanceof CallbackServer.Rejected rejected) {
      err.println(
          "Callback rejected: "
              + rejected.reason()
              + ". It may be stale or forged; nothing was exchanged. Run login again.");
      return SuncoOAuthCli.EXIT_FAILURE;
    }
    if (callback.get() instanceof CallbackServer.Denied denied) {
      err.println(
          "Access was not granted: error="
              + Text.printable(denied.error())
              + denied.description().map(d -> " (" + Text.printable(d) + ")").orElse(""));
      return SuncoOAuthCli.EXIT_NOT_GRANTED;
    }
    String code = ((CallbackServer.Granted) callback.get()).code().value();
    out.println("Redirect received with the expected state; exchanging the code...");
    out.flush();
    AccessToken token;
    TokenInfo info;
    try {
      token =
          Objects.requireNonNull(
              client.getToken(code).block(), "getToken emits a token or errors, never empty");
      info =
          Objects.requireNonNull(
              client.getTokenInfo(token).block(), "getTokenInfo emits info or errors, never empty");
    } catch (SunshineOAuthException | IllegalArgumentException e) {
      server.finish(CallbackServer.Pages.exchangeFailed());
      err.println("Token exchange failed: " + e.getMessage());
      return SuncoOAuthCli.EXIT_FAILURE;
    }
    String displayName = info.displayName().map(Text::printable).orElse("(none)");
    server.finish(CallbackServer.Pages.granted(displayName));
    out.println("Access granted.");
    out.println("  app id:       " + Text.printable(info.appId()));
    out.println("  subdomain:    " + info.subdomain().map(Text::printable).orElse("(none)"));
    out.println("  display name: " + displayName);
    if (printToken) {
      out.println("  access token: " + token.value());
    } else {
      out.println(
          "  access token: "
              + Mask.mask(token.value())
              + " ("
              + token.value().length()
              + " characters; --print-token shows it)");
    }
    out.flush();
    return SuncoOAuthCli.EXIT_OK;
  }
}
