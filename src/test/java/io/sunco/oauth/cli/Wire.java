package io.sunco.oauth.cli;

import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.BlockingHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * How a process test reaches its server: plain {@code http}, or {@code https} as the service speaks
 * it, with a private certificate that the CLI trusts through {@code --ca-file} only. The process
 * tests run once per wire ({@code @ParameterizedClass @EnumSource(Wire.class)}).
 */
enum Wire {
  HTTP,
  HTTPS;

  /** The certificate of every https MockWebServer of this JVM, self-signed for 127.0.0.1. */
  private static final HeldCertificate MOCK_CERTIFICATE =
      new HeldCertificate.Builder()
          .commonName("sunco-oauth test server")
          .addSubjectAlternativeName("127.0.0.1")
          .build();

  /** An emulator builder for this wire: {@code tls()} for https. */
  SunshineOAuthEmulator.Builder emulator(SunshineOAuthEmulator.Builder builder) {
    return this == HTTPS ? builder.tls() : builder;
  }

  /** A started MockWebServer on 127.0.0.1 speaking this wire. */
  MockWebServer server() {
    MockWebServer server = new MockWebServer();
    if (this == HTTPS) {
      server.useHttps(
          new HandshakeCertificates.Builder()
              .heldCertificate(MOCK_CERTIFICATE)
              .build()
              .sslSocketFactory());
    }
    return Misbehaving.start(server);
  }

  /** The base URL of {@code server}. */
  String baseUrl(MockWebServer server) {
    return (this == HTTPS ? "https" : "http") + "://127.0.0.1:" + server.getPort();
  }

  /** {@code args} and, over https, {@code --ca-file} with the emulator's certificate. */
  String[] trusting(SunshineOAuthEmulator emulator, String... args) {
    return emulator.isTls()
        ? append(args, Options.CA_FILE, pemFile(emulator.certificatePem()))
        : args;
  }

  /** {@code args} and, over https, {@code --ca-file} with the MockWebServer's certificate. */
  String[] trustingServer(String... args) {
    return this == HTTPS
        ? append(args, Options.CA_FILE, pemFile(MOCK_CERTIFICATE.certificatePem()))
        : args;
  }

  /** The PEM text of the test servers' certificate, for tests that trust it another way. */
  static String serverCertificatePem() {
    return MOCK_CERTIFICATE.certificatePem();
  }

  /**
   * A browser's GET of {@code url}, trusting {@code emulator} over https; redirects not followed.
   */
  static HttpResponse<String> browse(SunshineOAuthEmulator emulator, String url) {
    return browse(emulator.isTls() ? emulator.certificatePem() : "", url);
  }

  /** A browser's GET of {@code url}, trusting the PEM {@code certificate} over https. */
  static HttpResponse<String> browse(String certificate, String url) {
    return url.startsWith("https:")
        ? BlockingHttp.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(),
            certificate)
        : Http.get(url);
  }

  /** {@code pem} in a temporary file, deleted when the JVM ends. */
  static String pemFile(String pem) {
    try {
      Path file = Files.createTempFile("sunco-oauth-it-", ".pem");
      file.toFile().deleteOnExit();
      Files.writeString(file, pem);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String[] append(String[] args, String... more) {
    String[] all = Arrays.copyOf(args, args.length + more.length);
    System.arraycopy(more, 0, all, args.length, more.length);
    return all;
  }
}
