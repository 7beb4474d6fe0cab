package io.sunco.oauth.cli;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.internal.UntrustedText;
import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.policy.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The options several commands share, each declared once, as picocli mixins. Their defaults come
 * from {@link CliDefaults}.
 */
final class Options {

  static final String BASE_URL = "--base-url";
  static final String TIMEOUT = "--timeout";
  static final String CA_FILE = "--ca-file";

  /**
   * The client id of a client that only sends a token ({@code info}, {@code revoke}): the library
   * requires one, and these calls never send it.
   */
  static final String NO_CLIENT_ID = "sunco-oauth-cli";

  private Options() {}

  /** {@code --base-url}: where the OAuth endpoints are. */
  static final class BaseUrl {
    @SuppressWarnings("NullAway.Init") // set by picocli (the value or its default) before call()
    @Option(
        names = BASE_URL,
        paramLabel = "URL",
        description = {
          "The OAuth base URL: https, or http on a loopback host such as an emulator.",
          "Default: ${DEFAULT-VALUE}."
        })
    private String value;

    String value() {
      return value;
    }

    /** {@code host:port} of the base URL, for messages; empty when it cannot be read. */
    Optional<String> endpoint() {
      try {
        URI uri = new URI(value);
        if (uri.getHost() == null) {
          return Optional.empty();
        }
        int port = uri.getPort();
        if (port < 0) {
          port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
        }
        return Optional.of(uri.getHost() + ":" + port);
      } catch (java.net.URISyntaxException e) {
        return Optional.empty();
      }
    }
  }

  /** {@code --timeout}: the overall deadline of a command that makes calls. */
  static final class Deadline {
    @SuppressWarnings("NullAway.Init") // set by picocli (the value or its default) before call()
    @Option(
        names = TIMEOUT,
        paramLabel = "DURATION",
        converter = Durations.class,
        description =
            "Overall deadline of the command, retries and waits included: 500ms, 3s, 1m or"
                + " ISO-8601 (PT30S). Default: ${DEFAULT-VALUE}.")
    private Duration value;

    Duration value() {
      return value;
    }
  }

  /** {@code --client-id}, required: the integration's client id. */
  static final class ClientId {
    @SuppressWarnings("NullAway.Init") // set by picocli before call(): the option is required
    @Option(
        names = "--client-id",
        paramLabel = "ID",
        required = true,
        description = "The integration's client id.")
    private String value;

    String value() {
      return value;
    }
  }

  /** {@code --client-secret-env}: the variable the integration's client secret is read from. */
  static final class SecretEnv {
    @Option(
        names = "--client-secret-env",
        paramLabel = "VAR",
        description = "Environment variable holding the client secret. Default: ${DEFAULT-VALUE}.")
    private String name = SuncoOAuthCli.DEFAULT_SECRET_ENV;

    /** The variable's name. */
    String name() {
      return name;
    }

    /**
     * The secret in the variable.
     *
     * @throws CliFailure a usage error when it is unset or blank (its value is not shown)
     */
    String secret(CliContext context) {
      return context.requireEnv(name, "the integration's client secret");
    }
  }

  /**
   * {@code --admin-secret-env}: the variable the emulator's admin secret is read from, by {@code
   * emulator} (which opens its admin endpoint with it) and {@code emulator-remove} (which calls
   * that endpoint): give both the same variable.
   */
  static final class AdminSecretEnv {
    @Option(
        names = "--admin-secret-env",
        paramLabel = "VAR",
        description =
            "Environment variable holding the emulator's admin secret, the same for `emulator`"
                + " and `emulator-remove`. Default: ${DEFAULT-VALUE}.")
    private String name = EmulatorCommand.DEFAULT_ADMIN_SECRET_ENV;

    /** The variable's name. */
    String name() {
      return name;
    }
  }

  /** {@code --json}: the outcome as one JSON object on the standard output. */
  static final class Json {
    @Option(
        names = "--json",
        description =
            "Print the outcome as one JSON object on stdout (a failure too, with \"ok\":false;"
                + " the error line still goes to stderr).")
    private boolean json;

    /** Whether {@code --json} was given. */
    boolean on() {
      return json;
    }
  }

  /**
   * {@code --ca-file}: the certificates that https calls trust instead of the JVM's trust store.
   * The JVM's trust store (the JDK's {@code cacerts}, or the file of {@code
   * -Djavax.net.ssl.trustStore}) is what they trust without it.
   */
  static final class CaFile {
    @Option(
        names = CA_FILE,
        paramLabel = "PEM",
        description = {
          "Trust the certificates in this PEM file for https (a private CA, or the certificate"
              + " `emulator --tls` wrote) instead of the JVM's trust store.",
          "Without it: the JDK's trust store, or the one of java -Djavax.net.ssl.trustStore=FILE"
              + " -Djavax.net.ssl.trustStorePassword=... -jar sunco-oauth-cli.jar ..."
        })
    private @Nullable Path file;

    private @Nullable SslContext context;

    /**
     * {@code http} with TLS that trusts the file's certificates only; {@code http} itself without
     * {@code --ca-file}. Reads the file once (blocking: main thread only).
     *
     * @throws CliFailure a usage error when the file cannot be read or holds no certificate
     */
    HttpClient secure(HttpClient http) {
      Path path = file;
      if (path == null) {
        return http;
      }
      SslContext trusting = context;
      if (trusting == null) {
        try {
          trusting = SslContextBuilder.forClient().trustManager(read(path)).build();
        } catch (SSLException e) {
          throw CliFailure.usage(
              "cannot use "
                  + CA_FILE
                  + " "
                  + path
                  + ": "
                  + UntrustedText.clean(String.valueOf(e.getMessage())));
        }
        context = trusting;
      }
      SslContext ready = trusting;
      return http.secure(tls -> tls.sslContext(ready));
    }

    /**
     * {@code builder} with, when {@code --ca-file} is given, a client without a pool (a command
     * makes a few calls, and nothing is left to dispose) that trusts the file's certificates.
     *
     * @throws CliFailure a usage error when the file cannot be read or holds no certificate
     */
    SunshineOAuthClient.Builder configure(SunshineOAuthClient.Builder builder) {
      return file == null
          ? builder
          : builder.httpClient(secure(HttpClient.create(ConnectionProvider.newConnection())));
    }

    private static X509Certificate[] read(Path path) {
      try (InputStream in = Files.newInputStream(path)) {
        X509Certificate[] certificates =
            CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                .map(X509Certificate.class::cast)
                .toArray(X509Certificate[]::new);
        if (certificates.length == 0) {
          throw CliFailure.usage(CA_FILE + " " + path + " holds no PEM certificate");
        }
        return certificates;
      } catch (IOException | CertificateException e) {
        throw CliFailure.usage(
            "cannot read "
                + CA_FILE
                + " "
                + path
                + ": "
                + UntrustedText.clean(e.getClass().getSimpleName() + " " + e.getMessage()));
      }
    }
  }

  /**
   * The library's client for a command: its whole-call deadline is {@code deadline}, and no shorter
   * deadline of the defaults is longer than it; https calls trust {@code caFile} when given.
   *
   * @throws CliFailure a usage error when the base URL, the client id or the CA file is not valid
   */
  static SunshineOAuthClient client(
      String baseUrl, String clientId, Optional<String> secret, Duration deadline, CaFile caFile) {
    return caFile.configure(clientBuilder(baseUrl, clientId, secret, deadline)).build();
  }

  /** The builder of {@link #client}, for a command that adds an {@code httpClient(..)}. */
  static SunshineOAuthClient.Builder clientBuilder(
      String baseUrl, String clientId, Optional<String> secret, Duration deadline) {
    Timeouts defaults = Timeouts.defaults();
    Timeouts timeouts;
    try {
      timeouts =
          defaults
              .withCall(deadline)
              .withAttempt(min(defaults.attempt(), deadline))
              .withConnect(min(defaults.connect(), deadline));
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("invalid " + TIMEOUT + ": " + e.getMessage());
    }
    SunshineOAuthClient.Builder builder =
        SunshineOAuthClient.builder()
            .timeouts(timeouts)
            .pool(
                PoolSettings.defaults()
                    .withAcquireTimeout(min(PoolSettings.DEFAULT_ACQUIRE_TIMEOUT, deadline)));
    try {
      builder.baseUrl(baseUrl);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("invalid " + BASE_URL + ": " + e.getMessage());
    }
    try {
      builder.clientId(clientId);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("invalid --client-id: " + e.getMessage());
    }
    secret.ifPresent(builder::clientSecret);
    return builder;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
