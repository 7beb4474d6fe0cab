package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.Ports;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmulatorCommandTest {

  private static final String SECRET = "local-throwaway-secret-42";
  private static final Pattern BASE_URL =
      Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+)\\R");
  private static final Pattern AUTHORIZE_URL = LoginEmulator.AUTHORIZE_URL;

  @Test
  void emulatorWhenStoppedThenClosesRemovesItsHookAndExitsZero() {
    CliRun run = new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET));
    CompletableFuture<Integer> exit = run.start("emulator", "--port", "0");

    String baseUrl = run.out.await(BASE_URL);
    HttpResponse<String> consent =
        Http.get(baseUrl + "/oauth/authorize?client_id=demo-client&response_type=code&state=s1");
    assertThat(consent.statusCode()).isEqualTo(200);
    assertThat(consent.body()).contains("id=\"allow\"").contains("id=\"deny\"");
    assertThat(exit).isNotDone();
    run.cli.stop();

    assertThat(CliRun.exitCode(exit)).as(run.all()).isZero();
    SunshineOAuthEmulator emulator = run.emulators.get(0);
    assertThat(emulator.isClosed()).isTrue();
    assertThat(Http.listening(URI.create(baseUrl).getPort())).isFalse();
    assertThat(run.hooks).hasSize(1);
    assertThat(run.removedHooks).containsExactlyElementsOf(run.hooks);
    assertThat(run.out.toString())
        .contains("consent:       interactive")
        .contains("client id:     demo-client")
        .contains("client secret: from $SUNCO_CLIENT_SECRET (not shown)")
        .contains("redirect URIs: http://127.0.0.1:8090/callback")
        .contains("login --client-id demo-client --base-url " + baseUrl + "\n")
        .contains("Emulator stopped.");
    assertThat(run.all()).doesNotContain(SECRET);
  }

  @Test
  void emulatorWhenShutdownHookRunsThenClosesAndTheCommandReturns() throws InterruptedException {
    CliRun run = new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET));
    CompletableFuture<Integer> exit = run.start("emulator", "--port", "0");
    String baseUrl = run.out.await(BASE_URL);

    // What SIGTERM or Ctrl-C does: the JVM runs the hook.
    Thread hook = run.hooks.get(0);
    hook.start();
    hook.join(CliRun.WAIT.toMillis());

    assertThat(run.emulators.get(0).isClosed()).isTrue();
    assertThat(Http.listening(URI.create(baseUrl).getPort())).isFalse();
    assertThat(CliRun.exitCode(exit)).isZero();
    assertThat(run.out.toString()).containsOnlyOnce("Emulator stopped.");
  }

  @Test
  void emulatorWhenSecretVariableIsUnsetThenExits2AndExplains() {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run("emulator", "--port", "0")).isEqualTo(SuncoOAuthCli.EXIT_USAGE);

    assertThat(run.err.toString())
        .startsWith("sunco-oauth emulator: the environment variable SUNCO_CLIENT_SECRET is not set")
        .contains("export SUNCO_CLIENT_SECRET=")
        .hasLineCount(1);
    assertThat(run.emulators).isEmpty();
  }

  @Test
  void emulatorWhenOptionsGivenThenRegistersThemAndHintsTheLoginPort() {
    CliRun run = new CliRun(Map.of("OTHER_SECRET", SECRET));
    CompletableFuture<Integer> exit =
        run.start(
            "emulator",
            "--port",
            "0",
            "--client-id",
            "my-client",
            "--client-secret-env",
            "OTHER_SECRET",
            "--redirect-uri",
            "http://127.0.0.1:9999/callback",
            "--redirect-uri",
            "https://app.example.com/oauth/callback");

    String baseUrl = run.out.await(BASE_URL);
    String second =
        URLEncoder.encode("https://app.example.com/oauth/callback", StandardCharsets.UTF_8);
    HttpResponse<String> consent =
        Http.get(
            baseUrl
                + "/oauth/authorize?client_id=my-client&response_type=code&redirect_uri="
                + second);
    run.cli.stop();

    assertThat(CliRun.exitCode(exit)).isZero();
    assertThat(consent.statusCode()).isEqualTo(200);
    assertThat(run.out.toString())
        .contains(
            "redirect URIs: http://127.0.0.1:9999/callback, https://app.example.com/oauth/callback")
        .contains("client secret: from $OTHER_SECRET (not shown)")
        .contains("login --client-id my-client --base-url " + baseUrl + " --port 9999\n");
  }

  @Test
  void emulatorWhenPortIsTakenThenExits4() {
    CliRun first = new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET));
    CompletableFuture<Integer> running = first.start("emulator", "--port", "0");
    int port = URI.create(first.out.await(BASE_URL)).getPort();

    CliRun second = new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET));
    int exit = second.run("emulator", "--port", "" + port);
    first.cli.stop();

    assertThat(exit).isEqualTo(SuncoOAuthCli.EXIT_NETWORK);
    assertThat(second.err.toString())
        .startsWith("sunco-oauth emulator: cannot start the emulator on 127.0.0.1:" + port);
    assertThat(CliRun.exitCode(running)).isZero();
  }

  @Test
  void loginWhenAgainstTheEmulatorCommandAndCustomerClicksAllowThenSucceeds() {
    int loginPort = Ports.unused();
    String redirectUri = "http://127.0.0.1:" + loginPort + "/callback";
    CliRun emulatorRun = new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET));
    CompletableFuture<Integer> emulatorExit =
        emulatorRun.start("emulator", "--port", "0", "--redirect-uri", redirectUri);
    String baseUrl = emulatorRun.out.await(BASE_URL);

    CliRun loginRun = new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET));
    CompletableFuture<Integer> loginExit =
        loginRun.start(
            "login",
            "--client-id",
            "demo-client",
            "--base-url",
            baseUrl,
            "--port",
            "" + loginPort,
            "--no-browser",
            "--timeout",
            "30s");
    String authorizeUrl = loginRun.out.await(AUTHORIZE_URL);
    Map<String, String> query = Http.query(authorizeUrl);

    // The interactive consent page, then the customer's click on Allow.
    assertThat(Http.get(authorizeUrl).body()).contains("id=\"allow\"");
    HttpResponse<String> decision =
        Http.postForm(
            baseUrl + "/oauth/authorize/decision",
            "client_id=demo-client&decision=allow&redirect_uri="
                + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)
                + "&state="
                + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8));
    assertThat(decision.statusCode()).isEqualTo(302);
    HttpResponse<String> page = Http.get(decision.headers().firstValue("Location").orElseThrow());
    emulatorRun.cli.stop();

    assertThat(CliRun.exitCode(loginExit)).as(loginRun.all()).isZero();
    assertThat(page.body()).contains("Access granted").contains("Acme Demo");
    assertThat(loginRun.out.toString()).contains("subdomain:    acme");
    assertThat(CliRun.exitCode(emulatorExit)).isZero();
  }
}
