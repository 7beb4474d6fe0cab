package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.BlockingHttp;
import io.sunco.oauth.testing.Ports;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 26, item 6, CLI part: {@code emulator --remove-url} with an admin secret, and {@code
 * emulator-remove} playing the admin on it, in process.
 */
class EmulatorRemoveCommandTest {

  private static final String SECRET = "client-secret-for-the-removal-test";
  private static final String ADMIN = "admin-secret-never-printed-0123456789";
  private static final Pattern BANNER_END = Pattern.compile("Press Ctrl-C to stop\\.");

  private static final Pattern BASE_URL =
      Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+)\\R");

  private final MockWebServer integrationServer = Misbehaving.server();

  @AfterEach
  void stopIntegrationServer() {
    integrationServer.close();
  }

  /** An {@code emulator} command running in process, with the admin secret and a removeUrl. */
  private final class RunningEmulator implements AutoCloseable {
    final CliRun run;
    final CompletableFuture<Integer> exit;
    final String baseUrl;

    RunningEmulator(Map<String, String> env, String... more) {
      run = new CliRun(env);
      exit =
          run.start(
              Wire.append(
                  new String[] {
                    "emulator",
                    "--port",
                    "0",
                    "--remove-url",
                    Misbehaving.baseUrl(integrationServer) + "/sunco/removed?key=k1"
                  },
                  more));
      baseUrl = run.out.await(BASE_URL);
      // The banner's last line: the emulator answers from its first line on, and a test that
      // reads the banner must not race the lines after it (a loaded CI run saw only the first).
      run.out.await(BANNER_END);
    }

    SunshineOAuthEmulator emulator() {
      return run.emulators.get(0);
    }

    @Override
    public void close() {
      run.cli.stop();
      assertThat(CliRun.exitCode(exit)).as(run.all()).isZero();
    }
  }

  private static Map<String, String> both() {
    return Map.of("SUNCO_CLIENT_SECRET", SECRET, "SUNCO_EMULATOR_ADMIN_SECRET", ADMIN);
  }

  private static int tokenInfoStatus(String baseUrl, String token) {
    return BlockingHttp.send(
            HttpRequest.newBuilder(URI.create(baseUrl + SunshineOAuthEmulator.TOKEN_INFO_PATH))
                .header("Authorization", "Bearer " + token)
                .timeout(BlockingHttp.DEFAULT_TIMEOUT)
                .build())
        .statusCode();
  }

  @Test
  void emulatorRemoveWhenTheIntegrationHasAccessThenItsTokenDiesAndTheRemoveUrlIsPostedOnce()
      throws Exception {
    integrationServer.enqueue(new MockResponse.Builder().code(200).build());
    CliRun remove = new CliRun(Map.of("SUNCO_EMULATOR_ADMIN_SECRET", ADMIN));
    CliRun again = new CliRun(Map.of("SUNCO_EMULATOR_ADMIN_SECRET", ADMIN));
    String token;
    int first;
    int second;
    RunningEmulator running = new RunningEmulator(both());
    try (running) {
      token = running.emulator().issueAccessToken("demo-client", DemoCommand.APP.id());

      first = remove.run("emulator-remove", "--base-url", running.baseUrl);
      assertThat(tokenInfoStatus(running.baseUrl, token)).isEqualTo(401);
      second = again.run("emulator-remove", "--base-url", running.baseUrl);
      // The admin's calls are request lines like any other: method, path, status, duration.
      running.run.out.await(Pattern.compile("POST /emulator/admin/remove-integration 200 \\d+ms"));
    }

    assertThat(first).as(remove.all()).isZero();
    assertThat(remove.out.toString())
        .isEqualTo(
            "Removed integration demo-client from app "
                + DemoCommand.APP.id()
                + ": its tokens for it now answer HTTP 401.\n"
                + "removeUrl: POSTed, answered HTTP 200.\n");
    assertThat(second).as(again.all()).isZero();
    assertThat(again.out.toString())
        .startsWith("Nothing to remove: integration demo-client has no access to app ")
        .contains("nothing was posted");
    assertThat(integrationServer.getRequestCount()).isEqualTo(1);
    RecordedRequest notification = integrationServer.takeRequest(5, TimeUnit.SECONDS);
    assertThat(notification).isNotNull();
    assertThat(notification.getTarget()).isEqualTo("/sunco/removed?key=k1");
    JsonNode body = Misbehaving.parse(notification.getBody().utf8() + "\n");
    assertThat(body.path("integrationId").asText()).isEqualTo("demo-client");
    assertThat(body.path("appId").asText()).isEqualTo(DemoCommand.APP.id());
    assertThat(running.run.out.toString())
        .contains("  remove URL:    http://127.0.0.1:" + integrationServer.getPort())
        .contains("/sunco/removed (query not shown)")
        .contains(
            "  admin:         on, secret from $SUNCO_EMULATOR_ADMIN_SECRET (not shown):"
                + " emulator-remove may remove the integration")
        .contains("emulator-remove --base-url " + running.baseUrl + "\n")
        .doesNotContain("key=k1");
    assertThat(running.run.all() + remove.all() + again.all())
        .doesNotContain(ADMIN)
        .doesNotContain(SECRET)
        .doesNotContain(token);
  }

  @Test
  void emulatorRemoveWhenJsonThenOneObjectWithTheOutcome() {
    integrationServer.enqueue(new MockResponse.Builder().code(503).build());
    CliRun remove = new CliRun(Map.of("MY_ADMIN", ADMIN));
    int exit;
    try (RunningEmulator running =
        new RunningEmulator(
            Map.of("SUNCO_CLIENT_SECRET", SECRET, "MY_ADMIN", ADMIN),
            "--admin-secret-env",
            "MY_ADMIN")) {
      running.emulator().issueAccessToken("demo-client", DemoCommand.APP.id());
      exit =
          remove.run(
              "emulator-remove",
              "--base-url",
              running.baseUrl,
              "--admin-secret-env",
              "MY_ADMIN",
              "--app-id",
              DemoCommand.APP.id(),
              "--client-id",
              "demo-client",
              "--json");
    }

    assertThat(exit).as(remove.all()).isZero();
    JsonNode json = Misbehaving.parse(remove.out.toString());
    assertThat(json.path("ok").asBoolean()).isTrue();
    assertThat(json.path("clientId").asText()).isEqualTo("demo-client");
    assertThat(json.path("appId").asText()).isEqualTo(DemoCommand.APP.id());
    assertThat(json.path("accessEnded").asBoolean()).isTrue();
    assertThat(json.path("removeUrlCalled").asBoolean()).isTrue();
    assertThat(json.path("removeUrlStatus").asInt()).isEqualTo(503);
    assertThat(remove.err.toString()).isEmpty();
  }

  @Nested
  class Refused {

    @Test
    void emulatorRemoveWhenTheAdminSecretDiffersThenExits3AndTheTokenStillWorks() {
      CliRun remove = new CliRun(Map.of("SUNCO_EMULATOR_ADMIN_SECRET", "another-secret"));
      int exit;
      int status;
      try (RunningEmulator running = new RunningEmulator(both())) {
        String token = running.emulator().issueAccessToken("demo-client", DemoCommand.APP.id());
        exit = remove.run("emulator-remove", "--base-url", running.baseUrl);
        status = tokenInfoStatus(running.baseUrl, token);
      }

      assertThat(exit).as(remove.all()).isEqualTo(SuncoOAuthCli.EXIT_SERVER_ERROR);
      assertThat(status).isEqualTo(200);
      assertThat(remove.err.toString())
          .startsWith("sunco-oauth emulator-remove: the emulator at 127.0.0.1:")
          .contains("refused the removal: HTTP 401 [unauthorized: ")
          .contains("give both the same $SUNCO_EMULATOR_ADMIN_SECRET")
          .hasLineCount(1)
          .doesNotContain("another-secret");
      assertThat(integrationServer.getRequestCount()).isZero();
    }

    @Test
    void emulatorRemoveWhenTheEmulatorHasNoAdminSecretThenExits3SayingHowToStartIt() {
      CliRun remove = new CliRun(Map.of("SUNCO_EMULATOR_ADMIN_SECRET", ADMIN));
      int exit;
      String banner;
      try (RunningEmulator running = new RunningEmulator(Map.of("SUNCO_CLIENT_SECRET", SECRET))) {
        exit = remove.run("emulator-remove", "--base-url", running.baseUrl);
        banner = running.run.out.toString();
      }

      assertThat(exit).as(remove.all()).isEqualTo(SuncoOAuthCli.EXIT_SERVER_ERROR);
      assertThat(remove.err.toString())
          .contains("refused the removal: HTTP 404")
          .contains("it has no admin endpoint; start it with $SUNCO_EMULATOR_ADMIN_SECRET set")
          .hasLineCount(1);
      assertThat(banner)
          .contains(
              "  admin:         off (set $SUNCO_EMULATOR_ADMIN_SECRET to let emulator-remove"
                  + " remove the integration)");
    }

    @Test
    void emulatorRemoveWhenTheAppIsUnknownThenExits3WithTheEmulatorsReason() {
      CliRun remove = new CliRun(Map.of("SUNCO_EMULATOR_ADMIN_SECRET", ADMIN));
      int exit;
      try (RunningEmulator running = new RunningEmulator(both())) {
        exit = remove.run("emulator-remove", "--base-url", running.baseUrl, "--app-id", "nope");
      }

      assertThat(exit).as(remove.all()).isEqualTo(SuncoOAuthCli.EXIT_SERVER_ERROR);
      assertThat(remove.err.toString())
          .contains("refused the removal: HTTP 400 [invalid_request: No app has this appId]")
          .hasLineCount(1);
    }

    @Test
    void emulatorRemoveWhenNothingListensThenExits4NamingHostAndPort() {
      int port = Ports.unused();
      CliRun remove = new CliRun(Map.of("SUNCO_EMULATOR_ADMIN_SECRET", ADMIN));

      int exit = remove.run("emulator-remove", "--base-url", "http://127.0.0.1:" + port, "--json");

      assertThat(exit).as(remove.all()).isEqualTo(SuncoOAuthCli.EXIT_NETWORK);
      assertThat(remove.err.toString())
          .startsWith("sunco-oauth emulator-remove: cannot reach the emulator at 127.0.0.1:" + port)
          .hasLineCount(1);
      JsonNode json = Misbehaving.parse(remove.out.toString());
      assertThat(json.path("ok").asBoolean(true)).isFalse();
      assertThat(json.path("exitCode").asInt()).isEqualTo(SuncoOAuthCli.EXIT_NETWORK);
    }

    @Test
    void emulatorRemoveWhenTheSecretIsUnsetOrTheUrlIsNotLoopbackThenExits2() {
      CliRun unset = new CliRun(Map.of());
      CliRun remote = new CliRun(Map.of("SUNCO_EMULATOR_ADMIN_SECRET", ADMIN));
      CliRun blank = new CliRun(Map.of("SUNCO_EMULATOR_ADMIN_SECRET", ADMIN));

      assertThat(unset.run("emulator-remove")).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
      assertThat(remote.run("emulator-remove", "--base-url", "https://emulator.example.com"))
          .isEqualTo(SuncoOAuthCli.EXIT_USAGE);
      assertThat(blank.run("emulator-remove", "--app-id", " ")).isEqualTo(SuncoOAuthCli.EXIT_USAGE);

      assertThat(unset.err.toString())
          .startsWith(
              "sunco-oauth emulator-remove: the environment variable SUNCO_EMULATOR_ADMIN_SECRET"
                  + " is not set")
          .hasLineCount(1);
      assertThat(remote.err.toString())
          .contains("the emulator listens on a loopback address only")
          .hasLineCount(1);
      assertThat(blank.err.toString()).contains("must not be blank").hasLineCount(1);
      assertThat(remote.all()).doesNotContain(ADMIN);
    }

    @Test
    void emulatorWhenTheRemoveUrlOrAdminSecretIsNotUsableThenExits2WithoutShowingThem() {
      CliRun remoteHttp = new CliRun(Map.of("SUNCO_CLIENT_SECRET", SECRET));
      CliRun badSecret =
          new CliRun(
              Map.of("SUNCO_CLIENT_SECRET", SECRET, "SUNCO_EMULATOR_ADMIN_SECRET", "two words"));

      assertThat(
              remoteHttp.run(
                  "emulator", "--port", "0", "--remove-url", "http://example.com/removed?key=k9"))
          .isEqualTo(SuncoOAuthCli.EXIT_USAGE);
      assertThat(badSecret.run("emulator", "--port", "0")).isEqualTo(SuncoOAuthCli.EXIT_USAGE);

      assertThat(remoteHttp.err.toString())
          .startsWith("sunco-oauth emulator: invalid --remove-url: ")
          .contains("https")
          .doesNotContain("k9")
          .hasLineCount(1);
      assertThat(badSecret.err.toString())
          .startsWith(
              "sunco-oauth emulator: the environment variable SUNCO_EMULATOR_ADMIN_SECRET does not"
                  + " hold a usable admin secret")
          .doesNotContain("two words")
          .hasLineCount(1);
      assertThat(remoteHttp.emulators).isEmpty();
      assertThat(badSecret.emulators).isEmpty();
    }
  }
}
