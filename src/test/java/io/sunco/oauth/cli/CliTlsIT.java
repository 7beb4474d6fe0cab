package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.TrustStores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar over TLS, as a process: what it carries for the TLS path and that the path works;
 * how it trusts a private certificate ({@code --ca-file}, the JVM's trust store) and what it says
 * when it does not; and one line for every failure, a dependency's error included.
 */
class CliTlsIT {

  private static final String TOKEN = "tok-" + "t".repeat(40);
  private static final Map<String, String> TOKEN_ENV = Map.of("SUNCO_ACCESS_TOKEN", TOKEN);

  @TempDir Path dir;

  private MockWebServer server;

  @BeforeEach
  void start() {
    server = Wire.HTTPS.server();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String baseUrl() {
    return Wire.HTTPS.baseUrl(server);
  }

  @Nested
  class JarContents {

    @Test
    void cliJarWhenCallingAnHttpsServerThenCompletesTheHandshakeAndTheCall() throws Exception {
      server.enqueue(Misbehaving.json(200, "{\"app\":{\"id\":\"app-1\",\"subdomain\":\"acme\"}}"));

      CliProcess.Result run =
          CliProcess.run(TOKEN_ENV, Wire.HTTPS.trustingServer("info", "--base-url", baseUrl()));

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(run.out()).startsWith("app id:       app-1\n");
      RecordedRequest request = server.takeRequest();
      assertThat(request.getHandshake()).as("the request came over TLS").isNotNull();
      assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void cliJarWhenBuiltThenCarriesTheQuicClassesButNotTheirNativeLibrariesNorSpringOrMicrometer()
        throws IOException {
      List<String> names;
      try (ZipFile jar = new ZipFile(CliProcess.JAR.toFile())) {
        names = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
      }

      assertThat(names)
          .contains("io/sunco/oauth/cli/SuncoOAuthCli.class")
          .contains("picocli/CommandLine.class")
          .contains("reactor/netty/http/client/HttpClient.class")
          // Reactor Netty's HttpClientSecure calls Quic.isAvailable() in its static initialiser.
          .contains("io/netty/handler/codec/quic/Quic.class")
          // store-reseal opens a PostgreSQL or a Redis store.
          .contains("io/sunco/oauth/postgres/PostgresSealedRecords.class")
          .contains("io/r2dbc/postgresql/PostgresqlConnectionFactory.class")
          .contains("io/sunco/oauth/redis/RedisSealedRecords.class")
          .contains("io/lettuce/core/RedisClient.class");
      assertThat(names)
          .noneMatch(name -> name.startsWith("META-INF/native/") && name.contains("quic"))
          .noneMatch(name -> name.startsWith("org/springframework/"))
          .noneMatch(name -> name.startsWith("io/micrometer/"))
          .noneMatch(name -> name.startsWith("io/sunco/oauth/webflux/"))
          .noneMatch(name -> name.startsWith("org/apache/commons/logging/"));
    }
  }

  @Nested
  class Trust {

    @Test
    void infoAndTokenWhenTheCertificateIsNotTrustedThenExit4WithOneLineNamingHostPortAndTls() {
      CliProcess.Result info = CliProcess.run(TOKEN_ENV, "info", "--base-url", baseUrl());
      CliProcess.Result token =
          CliProcess.run(
              Map.of("SUNCO_CLIENT_SECRET", "s3cret-s3cret"),
              "token",
              "--base-url",
              baseUrl(),
              "--client-id",
              "c",
              "--code",
              "code-1",
              "--json");

      assertThat(info.exitCode()).as(info.toString()).isEqualTo(4);
      assertThat(info.err())
          .startsWith(
              "sunco-oauth info: getTokenInfo failed: the TLS handshake failed (127.0.0.1:"
                  + server.getPort()
                  + ") [SSLHandshakeException")
          .contains("trust it with --ca-file PEM or the JVM's trust store")
          .hasLineCount(1);
      // Reactor Netty's warning about the refused handshake is not shown, but not lost either: the
      // one line says so at its end.
      assertThat(info.hiddenWarnings()).hasValueSatisfying(n -> assertThat(n).isPositive());
      assertThat(info.err()).endsWith(" hidden; --verbose shows them)\n");
      assertThat(token.exitCode()).as(token.toString()).isEqualTo(4);
      assertThat(token.err()).contains("the TLS handshake failed").hasLineCount(1);
      assertThat(Misbehaving.parse(token.out()).get("reason").asText()).isEqualTo("TLS_FAILED");
      assertThat(server.getRequestCount()).isZero();
      assertThat(info.all() + token.all()).doesNotContain(TOKEN).doesNotContain("s3cret-s3cret");
    }

    @Test
    void loginWhenTheEmulatorsCertificateIsNotTrustedThenExits4AtThePreflightInOneLine() {
      try (SunshineOAuthEmulator emulator =
          EmulatorChecks.emulator("c", "s", "http://127.0.0.1:8090/callback", EmulatorChecks.ACME)
              .tls()
              .start()) {
        CliProcess.Result run =
            CliProcess.run(
                Map.of("SUNCO_CLIENT_SECRET", "s"),
                "login",
                "--client-id",
                "c",
                "--base-url",
                emulator.baseUrl(),
                "--no-browser",
                "--port",
                "0");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(4);
        // One line; the libraries' hidden warnings, if any, are counted at its end.
        assertThat(run.err())
            .startsWith(
                "sunco-oauth login: the TLS handshake with the authorize endpoint at 127.0.0.1:"
                    + emulator.port()
                    + " failed (SSLHandshakeException); "
                    + Failures.TLS_HINT)
            .hasLineCount(1);
        assertThat(emulator.requestCount()).isZero();
      }
    }

    @Test
    void infoWhenTheJvmTrustStoreHoldsTheCertificateThenSucceedsWithoutCaFile() throws Exception {
      Path store =
          TrustStores.pkcs12(
              Wire.serverCertificatePem(), dir.resolve("trust.p12"), "changeit".toCharArray());
      server.enqueue(Misbehaving.json(200, "{\"app\":{\"id\":\"app-1\"}}"));

      CliProcess.Result run =
          CliProcess.run(
              List.of(
                  "-Djavax.net.ssl.trustStore=" + store,
                  "-Djavax.net.ssl.trustStorePassword=changeit",
                  "-jar",
                  CliProcess.JAR.toString()),
              TOKEN_ENV,
              "info",
              "--base-url",
              baseUrl());

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.out()).startsWith("app id:       app-1\n");
      assertThat(server.takeRequest().getHandshake()).isNotNull();
    }

    @Test
    void caFileWhenMissingOrWithoutACertificateThenExits2NamingItAndCallsNothing()
        throws IOException {
      Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

      CliProcess.Result missing =
          CliProcess.run(
              TOKEN_ENV, "revoke", "--base-url", baseUrl(), "--ca-file", dir + "/missing.pem");
      CliProcess.Result notPem =
          CliProcess.run(TOKEN_ENV, "info", "--base-url", baseUrl(), "--ca-file", empty.toString());

      assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
      assertThat(missing.err())
          .startsWith("sunco-oauth revoke: cannot read --ca-file " + dir + "/missing.pem")
          .hasLineCount(1);
      assertThat(notPem.exitCode()).as(notPem.toString()).isEqualTo(2);
      assertThat(notPem.err()).contains("--ca-file " + empty).hasLineCount(1);
      assertThat(server.getRequestCount()).isZero();
    }
  }

  @Nested
  class OneLine {

    /**
     * The jar without Netty's QUIC classes, as it was shaded before: Reactor Netty's TLS path then
     * throws a {@code NoClassDefFoundError}, an error of a dependency that no handler expects.
     */
    private Path jarWithoutQuic() throws IOException {
      Path stripped = dir.resolve("without-quic.jar");
      try (ZipInputStream in = new ZipInputStream(Files.newInputStream(CliProcess.JAR));
          ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(stripped))) {
        ZipEntry entry;
        while ((entry = in.getNextEntry()) != null) {
          if (!entry.getName().startsWith("io/netty/handler/codec/quic/")) {
            out.putNextEntry(new ZipEntry(entry.getName()));
            in.transferTo(out);
            out.closeEntry();
          }
        }
      }
      return stripped;
    }

    private CliProcess.Result infoWithoutQuic(Map<String, String> env, String... more)
        throws IOException {
      return CliProcess.run(
          List.of("-cp", jarWithoutQuic().toString(), SuncoOAuthCli.class.getName()),
          env,
          Wire.append(Wire.HTTPS.trustingServer("info", "--base-url", baseUrl()), more));
    }

    @Test
    void infoWhenADependencyThrowsAnErrorThenOneLineNamesItsTypeAsksForAReportAndExits1()
        throws IOException {
      CliProcess.Result run = infoWithoutQuic(TOKEN_ENV);

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err())
          .isEqualTo(
              "sunco-oauth info: unexpected error java.lang.NoClassDefFoundError: this is a bug of"
                  + " sunco-oauth, please report it with what --verbose prints\n");
    }

    @Test
    void infoWhenVerboseOrItsVariableIsSetThenTheLineIsFollowedByTheStackTrace()
        throws IOException {
      CliProcess.Result option = infoWithoutQuic(TOKEN_ENV, "--verbose");
      CliProcess.Result variable =
          infoWithoutQuic(Map.of("SUNCO_ACCESS_TOKEN", TOKEN, "SUNCO_VERBOSE", "1"));

      for (CliProcess.Result run : List.of(option, variable)) {
        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.err())
            .startsWith("sunco-oauth info: unexpected error java.lang.NoClassDefFoundError: ")
            .contains("\n\tat ")
            .contains("io/netty/handler/codec/quic/Quic");
        assertThat(run.all()).doesNotContain(TOKEN);
      }
    }
  }
}
