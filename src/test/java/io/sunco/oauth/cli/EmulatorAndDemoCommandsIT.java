package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code sunco-oauth emulator} and {@code demo}, the built jar as processes, over http and (with
 * {@code --tls}) https: {@code login --port 0} against the {@code emulator} command, trusting the
 * certificate it wrote through {@code --ca-file}, its request lines, and the demo's whole flow.
 */
@ParameterizedClass
@EnumSource(Wire.class)
class EmulatorAndDemoCommandsIT {

  private static final String SECRET = "emulator-it-secret-0123456789";
  private static final Pattern BASE_URL =
      Pattern.compile("running at (https?://127\\.0\\.0\\.1:\\d+)\\R");
  private static final Pattern AUTHORIZE_URL = LoginCommandIT.AUTHORIZE_URL;
  private static final Pattern CERTIFICATE =
      Pattern.compile("(?m)^  certificate:   (\\S+\\.pem) \\(self-signed for 127\\.0\\.0\\.1");

  @Parameter Wire wire;

  /** Where an https emulator writes its certificate: never the shared temporary directory. */
  @TempDir Path certificates;

  private int emulators;

  /** {@code args}, and over https {@code --tls} (an emulator's with a new {@code --cert-file}). */
  private String[] tls(String... args) {
    if (wire == Wire.HTTP) {
      return args;
    }
    return args[0].equals("emulator")
        ? Wire.append(
            args,
            "--tls",
            "--cert-file",
            certificates.resolve("emulator-" + emulators++ + ".pem").toString())
        : Wire.append(args, "--tls");
  }

  @Test
  void loginWithPort0WhenAgainstTheEmulatorCommandThenSucceedsAndTheEmulatorLogsEachRequest() {
    Map<String, String> env = Map.of("SUNCO_CLIENT_SECRET", SECRET);
    try (CliProcess emulator =
        CliProcess.start(env, tls("emulator", "--port", "0", "--consent", "auto"))) {
      String baseUrl = emulator.out.await(BASE_URL);
      String[] trust = {};
      String certificate = "";
      if (wire == Wire.HTTPS) {
        assertThat(baseUrl).startsWith("https://");
        String file = emulator.out.await(CERTIFICATE);
        trust = new String[] {"--ca-file", file};
        certificate = readString(Path.of(file));
      }
      CliProcess.Result login;
      String code;
      try (CliProcess running =
          CliProcess.start(
              env,
              Wire.append(
                  new String[] {
                    "login",
                    "--client-id",
                    "demo-client",
                    "--base-url",
                    baseUrl,
                    "--no-browser",
                    "--port",
                    "0",
                    "--json",
                    "--show-token"
                  },
                  trust))) {
        String authorizeUrl = running.err.await(AUTHORIZE_URL);
        int loginPort = URI.create(Http.query(authorizeUrl).get("redirect_uri")).getPort();
        assertThat(loginPort).isPositive().isNotEqualTo(LoginCommand.DEFAULT_PORT);
        // The browser: the consent (automatic) redirects to the login's own port.
        HttpResponse<String> consent = Wire.browse(certificate, authorizeUrl);
        assertThat(consent.statusCode()).isEqualTo(302);
        String location = consent.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("http://127.0.0.1:" + loginPort + "/callback?code=");
        code = Http.query(location).get("code");
        assertThat(Http.get(location).body()).contains("Access granted");
        login = running.awaitExit();
      }
      emulator.out.await(Pattern.compile("DELETE|GET /v2/tokenInfo 200 \\d+ms"));
      CliProcess.Result stopped = emulator.terminate();
      if (wire == Wire.HTTPS) {
        assertThat(Path.of(emulator.out.await(CERTIFICATE))).as("deleted at stop").doesNotExist();
      }

      assertThat(login.exitCode()).as(login.toString()).isZero();
      JsonNode json = Misbehaving.parse(login.out());
      assertThat(json.get("appId").asText()).isEqualTo(DemoCommand.APP.id());
      assertThat(json.get("subdomain").asText()).isEqualTo("acme");
      String token = json.get("accessToken").asText();
      assertThat(token).hasSizeGreaterThan(40);
      String log = stopped.out();
      assertThat(log)
          .as(stopped.toString())
          .contains("consent:       auto (allowed at once)")
          .contains("(any port on 127.0.0.1 and [::1])")
          .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  GET /oauth/authorize 302 \\d+ms$")
          .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  POST /oauth/token 200 \\d+ms$")
          .containsPattern("(?m)^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  GET /v2/tokenInfo 200 \\d+ms$")
          .contains("Emulator stopped.");
      assertThat(stopped.all())
          .doesNotContain(SECRET)
          .doesNotContain(code)
          .doesNotContain(token)
          .doesNotContain("state=");
      assertThat(login.all()).doesNotContain(SECRET).doesNotContain(code);
    }
  }

  @Test
  void emulatorWhenMisconfiguredThenExits2Or4WithOneLine() {
    CliProcess.Result noSecret = CliProcess.run(Map.of(), tls("emulator", "--port", "0"));
    CliProcess.Result badConsent =
        CliProcess.run(
            Map.of("SUNCO_CLIENT_SECRET", SECRET),
            tls("emulator", "--port", "0", "--consent", "maybe"));
    CliProcess.Result portTaken;
    try (CliProcess first =
        CliProcess.start(Map.of("SUNCO_CLIENT_SECRET", SECRET), tls("emulator", "--port", "0"))) {
      int port = URI.create(first.out.await(BASE_URL)).getPort();
      portTaken =
          CliProcess.run(
              Map.of("SUNCO_CLIENT_SECRET", SECRET), tls("emulator", "--port", "" + port));
    }

    assertThat(noSecret.exitCode()).as(noSecret.toString()).isEqualTo(2);
    assertThat(noSecret.err())
        .startsWith("sunco-oauth emulator: the environment variable SUNCO_CLIENT_SECRET is not set")
        .hasLineCount(1);
    assertThat(badConsent.exitCode()).as(badConsent.toString()).isEqualTo(2);
    assertThat(badConsent.err()).contains("use auto, interactive or deny").hasLineCount(1);
    assertThat(portTaken.exitCode()).as(portTaken.toString()).isEqualTo(4);
    assertThat(portTaken.err())
        .startsWith("sunco-oauth emulator: cannot start the emulator on 127.0.0.1:")
        .hasLineCount(1);
  }

  private static String readString(Path file) {
    try {
      return java.nio.file.Files.readString(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void demoWhenRunThenEveryStepSucceedsAndNothingSecretIsPrinted() {
    CliProcess.Result run = CliProcess.run(Map.of(), tls("demo"));

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .contains("[1] start emulator")
        .contains((wire == Wire.HTTPS ? "https" : "http") + "://127.0.0.1:")
        .contains("[5] getToken, getTokenInfo")
        .contains("[6] revokeAccess")
        .contains("refused as expected: HTTP 401")
        .containsPattern("Done in \\d+ ms");
    assertThat(run.out()).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}");
  }
}
