package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code emulator --tls --cert-file}: a new file of ours, never someone else's, gone at stop. */
class EmulatorCertFileTest {

  private static final Map<String, String> ENV =
      Map.of("SUNCO_CLIENT_SECRET", "local-throwaway-secret-42");
  private static final Pattern BASE_URL =
      Pattern.compile("running at (https://127\\.0\\.0\\.1:\\d+)\\R");

  @TempDir Path dir;

  @Test
  void emulatorWhenCertFileIsNewThenWritesThePemNamesItAndDeletesItAtStop() throws Exception {
    Path file = dir.resolve("emulator.pem");
    CliRun run = new CliRun(ENV);
    CompletableFuture<Integer> exit =
        run.start("emulator", "--port", "0", "--tls", "--cert-file", file.toString());
    run.out.await(Pattern.compile("Press Ctrl-C to stop"));

    assertThat(Files.readString(file))
        .isEqualTo(run.emulators.get(0).certificatePem())
        .startsWith("-----BEGIN CERTIFICATE-----");
    assertThat(run.out.toString()).contains("certificate:   " + file.toAbsolutePath());
    run.cli.stop();

    assertThat(CliRun.exitCode(exit)).as(run.all()).isZero();
    assertThat(file).doesNotExist();
  }

  @Test
  void emulatorWhenCertFileExistsOrIsALinkThenExits2AndLeavesItAlone() throws Exception {
    Path existing = Files.writeString(dir.resolve("notes.txt"), "someone else's file");
    Path link = Files.createSymbolicLink(dir.resolve("link.pem"), existing);
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling.pem"), dir.resolve("nowhere"));

    for (Path file : new Path[] {existing, link, dangling}) {
      CliRun run = new CliRun(ENV);
      int exit = run.run("emulator", "--port", "0", "--tls", "--cert-file", file.toString());

      assertThat(exit).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
      assertThat(run.err.toString()).contains("exists").contains("never overwritten");
      assertThat(run.emulators).allSatisfy(emulator -> assertThat(emulator.isClosed()).isTrue());
    }
    assertThat(Files.readString(existing)).isEqualTo("someone else's file");
    assertThat(dir.resolve("nowhere")).doesNotExist();
  }

  @Test
  void emulatorWhenCertFileWithoutTlsThenExits2() {
    CliRun run = new CliRun(ENV);

    int exit = run.run("emulator", "--port", "0", "--cert-file", dir.resolve("a.pem").toString());

    assertThat(exit).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(run.err.toString()).contains("--cert-file needs --tls");
    assertThat(dir.resolve("a.pem")).doesNotExist();
  }

  @Test
  void emulatorWhenAClientRefusesTheCertificateThenPrintsOneLineForTheHandshake() {
    CliRun run = new CliRun(ENV);
    CompletableFuture<Integer> exit = run.start("emulator", "--port", "0", "--tls");
    String baseUrl = run.out.await(BASE_URL);

    // The JDK's default trust store does not know the emulator's self-signed certificate.
    assertThatThrownBy(
            () ->
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/v2/tokenInfo"))
                            .timeout(CliRun.WAIT)
                            .build(),
                        HttpResponse.BodyHandlers.discarding()))
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);

    run.out.await(Pattern.compile("  ! TLS handshake from /127\\.0\\.0\\.1:\\d+ failed: \\S+"));
    run.cli.stop();
    assertThat(CliRun.exitCode(exit)).isZero();
    assertThat(run.out.toString()).doesNotContain("observed an error").doesNotContain("\tat ");
  }
}
