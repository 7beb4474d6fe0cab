package io.sunco.oauth.cli;

import io.sunco.oauth.emulator.ApiKey;
import io.sunco.oauth.emulator.ConsentMode;
import io.sunco.oauth.emulator.HandledRequest;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.internal.UntrustedText;
import io.sunco.oauth.internal.UrlRule;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sunco-oauth emulator}: the emulator standalone, with an interactive consent page, until
 * Ctrl-C or SIGTERM (a shutdown hook closes it) or, in tests, {@link SuncoOAuthCli#stop()}. The
 * client secret comes from an environment variable and is never printed.
 */
@Command(
    name = "emulator",
    description = {
      "Run the OAuth emulator on 127.0.0.1 until Ctrl-C.",
      "The client secret is read from an environment variable (any throwaway value will do;"
          + " give `login` the same variable) and never printed."
    })
final class EmulatorCommand extends CliCommand {

  /** The default port: {@value}. */
  static final int DEFAULT_PORT = 8085;

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  /** The logger of the emulator's warnings (held: {@code java.util.logging} keeps it weakly). */
  private static final Logger EMULATOR_LOG =
      Logger.getLogger(SunshineOAuthEmulator.class.getName());

  /** The variable an API key's id is read from unless told otherwise: {@value}. */
  static final String DEFAULT_KEY_ID_ENV = "SUNCO_EMULATOR_KEY_ID";

  /** The variable an API key's secret is read from unless told otherwise: {@value}. */
  static final String DEFAULT_KEY_SECRET_ENV = "SUNCO_EMULATOR_KEY_SECRET";

  /**
   * The variable the admin secret is read from unless told otherwise: {@value}. When it is set, the
   * emulator serves its admin endpoint, which {@code emulator-remove} calls with the same value.
   */
  static final String DEFAULT_ADMIN_SECRET_ENV = "SUNCO_EMULATOR_ADMIN_SECRET";

  /** The default client id: {@value}. */
  static final String DEFAULT_CLIENT_ID = "demo-client";

  /** The default redirect URI: {@value}, where {@code login} listens by default. */
  static final String DEFAULT_REDIRECT_URI =
      "http://127.0.0.1:" + LoginCommand.DEFAULT_PORT + "/callback";

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "" + DEFAULT_PORT,
      description = "Port on 127.0.0.1; 0 for any free port. Default: ${DEFAULT-VALUE}.")
  private int port;

  @Option(
      names = "--client-id",
      paramLabel = "ID",
      description = "Client id of the registered integration. Default: ${DEFAULT-VALUE}.")
  private String clientId = DEFAULT_CLIENT_ID;

  @Mixin private final Options.SecretEnv secretEnv = new Options.SecretEnv();

  @Option(
      names = "--consent",
      paramLabel = "MODE",
      defaultValue = "interactive",
      converter = ConsentConverter.class,
      completionCandidates = ConsentConverter.Values.class,
      description =
          "How the authorize page lets the customer decide: interactive (a page with Allow and"
              + " Deny), auto (allowed at once, a 302 straight back with a code, as in demo) or"
              + " deny (denied at once, a 302 back with error=access_denied)."
              + " Default: ${DEFAULT-VALUE}.")
  private ConsentMode consent = ConsentMode.INTERACTIVE;

  @Option(
      names = "--loopback-any-port",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Accept any port on a registered http://127.0.0.1:PORT/... redirect URI, as RFC 8252"
              + " §7.3 asks, so that `login --port 0` works (on by default; whether the live"
              + " service does this is unknown).")
  private boolean loopbackAnyPort = true;

  @Option(
      names = "--api-key-id-env",
      paramLabel = "VAR",
      description =
          "Environment variable holding the id of an API key to register (with"
              + " --api-key-secret-env); no key when both are unset. Default: ${DEFAULT-VALUE}.")
  private String keyIdEnv = DEFAULT_KEY_ID_ENV;

  @Option(
      names = "--api-key-secret-env",
      paramLabel = "VAR",
      description = "Environment variable holding that key's secret. Default: ${DEFAULT-VALUE}.")
  private String keySecretEnv = DEFAULT_KEY_SECRET_ENV;

  @Option(
      names = "--api-key-scope",
      paramLabel = "SCOPE",
      defaultValue = "app",
      description =
          "app: an integration key of the emulator's app; account: an account key of the"
              + " integration (every app). Default: ${DEFAULT-VALUE}.")
  private KeyScope keyScope = KeyScope.app;

  /** The scopes of {@code --api-key-scope}, named as the JWT {@code scope} claim names them. */
  enum KeyScope {
    app,
    account
  }

  @Option(
      names = "--tls",
      description =
          "Serve https, as the service does, with a self-signed certificate for 127.0.0.1 made at"
              + " start. Its PEM is written to --cert-file; give that file to the other commands'"
              + " --ca-file.")
  private boolean tls;

  @Option(
      names = "--cert-file",
      paramLabel = "FILE",
      description =
          "With --tls: where to write the certificate (PEM, no secret in it): a new file, never"
              + " an existing one or a link; deleted when the emulator stops. Default: a new file"
              + " in the temporary directory.")
  private @Nullable Path certFile;

  @Option(
      names = "--remove-url",
      paramLabel = "URL",
      description =
          "The integration's removeUrl: POSTed {\"integrationId\":..,\"appId\":..} after a"
              + " revocation or an `emulator-remove`. https (with a certificate the JVM trusts), or"
              + " http on a loopback host; its query is never printed. Default: none.")
  private @Nullable String removeUrl;

  @Mixin private final Options.AdminSecretEnv adminSecretEnv = new Options.AdminSecretEnv();

  @Option(names = "--quiet", description = "Do not print a line for each request.")
  private boolean quiet;

  @Option(
      names = "--redirect-uri",
      paramLabel = "URI",
      description =
          "A registered redirect URI; repeat for more. Default: " + DEFAULT_REDIRECT_URI + ".")
  private List<String> redirectUris = new ArrayList<>();

  private final Object lifecycle = new Object();
  private boolean stopped;

  /** The certificate file this command made, to delete at the stop; empty when none. */
  private volatile Optional<Path> certificateWritten = Optional.empty();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (port < 0 || port > 65_535) {
      throw CliFailure.usage("--port must be in 0..65535: " + port);
    }
    if (certFile != null && !tls) {
      throw CliFailure.usage("--cert-file needs --tls");
    }
    Optional<String> secret = root.context().env(secretEnv.name());
    if (secret.isEmpty()) {
      throw CliFailure.usage(
          "the environment variable "
              + secretEnv.name()
              + " is not set: the emulator's integration needs a client secret; any throwaway"
              + " value will do, for example: export "
              + secretEnv.name()
              + "=$(openssl rand -hex 16), and give `login` the same variable");
    }
    List<String> uris = redirectUris.isEmpty() ? List.of(DEFAULT_REDIRECT_URI) : redirectUris;
    Integration integration;
    try {
      integration =
          Integration.of(
              clientId,
              secret.get(),
              uris.get(0),
              uris.subList(1, uris.size()).toArray(String[]::new));
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("invalid option: " + e.getMessage());
    }
    Optional<URI> remove = removeUrl();
    if (remove.isPresent()) {
      integration = integration.withRemoveUrl(remove.get());
    }
    Optional<String> adminSecret = root.context().env(adminSecretEnv.name());
    Optional<ApiKey> apiKey = apiKey();
    // Request lines start after the banner: the listener runs on a thread of its own and may wait.
    CountDownLatch bannerPrinted = new CountDownLatch(1);
    SunshineOAuthEmulator.Builder builder =
        SunshineOAuthEmulator.builder()
            .integration(integration)
            .app(DemoCommand.APP)
            .consentMode(consent)
            .loopbackAnyPort(loopbackAnyPort)
            .port(port);
    apiKey.ifPresent(builder::apiKey);
    if (adminSecret.isPresent()) {
      try {
        builder.adminSecret(adminSecret.get().strip());
      } catch (IllegalArgumentException e) {
        // The builder's message names an index, never the value.
        throw CliFailure.usage(
            "the environment variable "
                + adminSecretEnv.name()
                + " does not hold a usable admin secret: "
                + e.getMessage());
      }
    }
    if (tls) {
      builder.tls();
    }
    if (!quiet) {
      builder.requestListener(request -> printRequest(request, bannerPrinted, out));
    }
    SunshineOAuthEmulator emulator;
    try {
      emulator = builder.start();
    } catch (RuntimeException e) {
      throw new CliFailure(
          SuncoOAuthCli.EXIT_NETWORK,
          "cannot start the emulator on "
              + SunshineOAuthEmulator.HOST
              + ":"
              + port
              + " ("
              + UntrustedText.clean(String.valueOf(e.getMessage()))
              + "); is the port in use? Choose another --port");
    }
    Optional<Path> certificate;
    try {
      certificate = tls ? Optional.of(writeCertificate(emulator)) : Optional.empty();
    } catch (FileAlreadyExistsException e) {
      emulator.close();
      throw CliFailure.usage(
          "--cert-file "
              + UntrustedText.clean(String.valueOf(certFile))
              + " exists (a file or a link): it is never overwritten; delete it or choose another");
    } catch (IOException e) {
      emulator.close();
      throw CliFailure.usage(
          "cannot write the certificate ("
              + UntrustedText.clean(e.getClass().getSimpleName() + ": " + e.getMessage())
              + "); choose another --cert-file");
    }
    certificateWritten = certificate;
    Optional<Handler> problems = quiet ? Optional.empty() : Optional.of(printProblems(out));
    root.context().emulatorStarted(emulator);
    Thread hook = new Thread(() -> stop(emulator, out), "sunco-oauth-emulator-shutdown");
    root.context().shutdownHooks().add(hook);
    try {
      out.println("Sunshine Conversations OAuth emulator running at " + emulator.baseUrl());
      out.println(
          switch (consent) {
            case INTERACTIVE -> "  consent:       interactive (a page with Allow and Deny)";
            case AUTOMATIC -> "  consent:       auto (allowed at once)";
            case DENY -> "  consent:       deny (denied at once)";
          });
      out.println("  client id:     " + clientId);
      out.println("  client secret: from $" + secretEnv.name() + " (not shown)");
      out.println(
          "  redirect URIs: "
              + String.join(", ", integration.redirectUris())
              + (loopbackAnyPort ? " (any port on 127.0.0.1 and [::1])" : ""));
      certificate.ifPresent(
          file ->
              out.println(
                  "  certificate:   "
                      + file
                      + " (self-signed for 127.0.0.1: trust it with --ca-file "
                      + file
                      + ")"));
      apiKey.ifPresent(
          key ->
              out.println(
                  "  API key:       "
                      + key.keyId()
                      + (key.isAccountKey() ? " (account scope" : " (app scope")
                      + ", secret from $"
                      + keySecretEnv
                      + ", not shown)"));
      remove.ifPresent(url -> out.println("  remove URL:    " + shown(url)));
      out.println(
          adminSecret.isPresent()
              ? "  admin:         on, secret from $"
                  + adminSecretEnv.name()
                  + " (not shown): emulator-remove may remove the integration"
              : "  admin:         off (set $"
                  + adminSecretEnv.name()
                  + " to let emulator-remove remove the integration)");
      out.println(
          "  app:           "
              + DemoCommand.APP.id()
              + " (subdomain "
              + DemoCommand.APP.subdomain()
              + ", \""
              + DemoCommand.APP.displayName()
              + "\")");
      loginHint(integration.defaultRedirectUri(), emulator.baseUrl(), certificate)
          .ifPresent(
              hint -> {
                out.println("Try, with the same " + secretEnv.name() + ":");
                out.println("  " + hint);
              });
      if (adminSecret.isPresent()) {
        out.println(
            "Play the admin removing the integration, with the same "
                + adminSecretEnv.name()
                + ":");
        out.println("  " + removeHint(emulator.baseUrl(), certificate));
      }
      out.println(
          quiet
              ? "Press Ctrl-C to stop."
              : "Press Ctrl-C to stop. Requests (time, method, path without query, status,"
                  + " duration):");
      out.flush();
      bannerPrinted.countDown();
      root.stopSignal().await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stop(emulator, out);
      root.context().shutdownHooks().remove(hook);
      problems.ifPresent(
          handler -> {
            EMULATOR_LOG.removeHandler(handler);
            EMULATOR_LOG.setUseParentHandlers(true);
          });
    }
    return SuncoOAuthCli.EXIT_OK;
  }

  /**
   * Prints the emulator's own warnings (a refused TLS handshake, a request it failed to handle) as
   * request lines, verbose or not: they are what the person watching the emulator needs to see.
   * They are one line each and name classes only, never a code, secret or token.
   */
  private static Handler printProblems(PrintWriter out) {
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord logged) {
            if (logged.getLevel().intValue() >= Level.WARNING.intValue()) {
              out.println(
                  TIME.format(LocalTime.now())
                      + "  ! "
                      + UntrustedText.clean(String.valueOf(logged.getMessage())));
              out.flush();
            }
          }

          @Override
          public void flush() {
            out.flush();
          }

          @Override
          public void close() {}
        };
    EMULATOR_LOG.setUseParentHandlers(false); // printed here; not counted as hidden
    EMULATOR_LOG.addHandler(handler);
    return handler;
  }

  /**
   * The API key the variables name: both set, or neither (no key).
   *
   * @throws CliFailure a usage error when only one is set or the key is not valid (the secret is
   *     never shown)
   */
  private Optional<ApiKey> apiKey() {
    Optional<String> id = root.context().env(keyIdEnv);
    Optional<String> secret = root.context().env(keySecretEnv);
    if (id.isEmpty() && secret.isEmpty()) {
      return Optional.empty();
    }
    if (id.isEmpty() || secret.isEmpty()) {
      throw CliFailure.usage(
          "an API key needs both "
              + keyIdEnv
              + " and "
              + keySecretEnv
              + "; only "
              + (id.isPresent() ? keyIdEnv : keySecretEnv)
              + " is set");
    }
    try {
      return Optional.of(
          keyScope == KeyScope.account
              ? ApiKey.account(id.get(), secret.get(), clientId)
              : ApiKey.integration(id.get(), secret.get(), clientId, DemoCommand.APP.id()));
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(
          "invalid API key in " + keyIdEnv + " / " + keySecretEnv + ": " + e.getMessage());
    }
  }

  /**
   * One line per request, on the emulator's listener thread: never a query, header or body, so
   * never a code, secret or token.
   */
  private static void printRequest(
      HandledRequest request, CountDownLatch bannerPrinted, PrintWriter out) {
    try {
      bannerPrinted.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    out.println(
        TIME.format(LocalTime.now())
            + "  "
            + UntrustedText.clean(request.method())
            + " "
            + UntrustedText.clean(request.path())
            + " "
            + (request.status() == 0 ? "(no answer)" : String.valueOf(request.status()))
            + " "
            + request.duration().toMillis()
            + "ms");
    out.flush();
  }

  /** The login command that works with this emulator, when the redirect URI is a login one. */
  private Optional<String> loginHint(
      String redirectUri, String baseUrl, Optional<Path> certificate) {
    URI uri = URI.create(redirectUri);
    if (!CallbackServer.HOST.equals(uri.getHost())
        || !CallbackServer.PATH.equals(uri.getPath())
        || uri.getQuery() != null
        || uri.getPort() <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        "java -jar target/sunco-oauth-cli.jar login --client-id "
            + clientId
            + " --base-url "
            + baseUrl
            + (uri.getPort() == LoginCommand.DEFAULT_PORT ? "" : " --port " + uri.getPort())
            + certificate.map(file -> " " + Options.CA_FILE + " " + file).orElse(""));
  }

  /** The {@code emulator-remove} command that works with this emulator. */
  private String removeHint(String baseUrl, Optional<Path> certificate) {
    return "java -jar target/sunco-oauth-cli.jar emulator-remove --base-url "
        + baseUrl
        + (clientId.equals(DEFAULT_CLIENT_ID) ? "" : " --client-id " + clientId)
        + certificate.map(file -> " " + Options.CA_FILE + " " + file).orElse("");
  }

  /**
   * {@code --remove-url}, checked: https, or http on a loopback host (the library's rule for the
   * URLs it sends to), with a host.
   *
   * @throws CliFailure a usage error naming the rule, never the URL (its query may hold a secret)
   */
  private Optional<URI> removeUrl() {
    String value = removeUrl;
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(UrlRule.httpsOrLoopback(value, "--remove-url", true));
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("invalid --remove-url: " + e.getMessage());
    }
  }

  /** {@code url} without user info and query, which may hold a secret. */
  private static String shown(URI url) {
    return UntrustedText.clean(
        url.getScheme()
            + "://"
            + url.getHost()
            + (url.getPort() < 0 ? "" : ":" + url.getPort())
            + (url.getRawPath() == null ? "" : url.getRawPath())
            + (url.getRawQuery() == null ? "" : " (query not shown)"));
  }

  /** Writes the certificate of a {@code --tls} emulator where {@code --cert-file} says. */
  private Path writeCertificate(SunshineOAuthEmulator emulator) throws IOException {
    if (certFile == null) {
      Path file = Files.createTempFile("sunco-oauth-emulator-", ".pem");
      Files.writeString(file, emulator.certificatePem());
      return file.toAbsolutePath();
    }
    // CREATE_NEW: never overwrites a file that is not ours, and follows no link (an existing link,
    // dangling or not, is refused like a file), so the stop deletes only what this run made.
    Files.writeString(
        certFile,
        emulator.certificatePem(),
        StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    return certFile.toAbsolutePath();
  }

  /** Deletes the certificate file this run made, whatever happened to the emulator. */
  private void deleteCertificate(PrintWriter out) {
    for (Path file : certificateWritten.stream().toList()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException | RuntimeException e) {
        out.println(
            "The certificate file "
                + file
                + " could not be deleted ("
                + UntrustedText.clean(e.getClass().getSimpleName())
                + "); delete it yourself.");
      }
    }
  }

  /**
   * Closes the emulator once, from the main thread or the shutdown hook, whichever comes first; the
   * other waits until it is closed, so the JVM does not halt halfway.
   */
  private void stop(SunshineOAuthEmulator emulator, PrintWriter out) {
    synchronized (lifecycle) {
      if (stopped) {
        return;
      }
      stopped = true;
      root.stop();
      try {
        emulator.close();
        out.println("Emulator stopped.");
      } catch (RuntimeException e) {
        // The process ends anyway, and with it every connection; say what happened.
        out.println(
            "Emulator stopped; closing it failed: " + UntrustedText.clean(String.valueOf(e)));
      } finally {
        deleteCertificate(out);
      }
      out.flush();
    }
  }
}
