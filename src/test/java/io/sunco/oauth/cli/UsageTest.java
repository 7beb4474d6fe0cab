package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.SunshineOAuthClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class UsageTest {

  private static final Map<String, String> WITH_SECRET =
      Map.of("SUNCO_CLIENT_SECRET", "s3cret-value");

  @Test
  void helpWhenAskedThenListsCommandsAndExitCodesAndExitsZero() {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run("--help")).isZero();

    assertThat(run.out.toString())
        .contains("Usage: sunco-oauth")
        .contains("authorize-url")
        .contains("token")
        .contains("info")
        .contains("revoke")
        .contains("demo")
        .contains("emulator")
        .contains("emulator-remove")
        .contains("store-reseal")
        .contains("login")
        .contains("Exit codes:")
        .contains("0   success")
        .contains("2   usage error or invalid input")
        .contains("3   the server answered with an error")
        .contains("4   network failure or timeout")
        .contains("5   the server's answer broke the protocol")
        .contains("SUNCO_CLIENT_SECRET")
        .contains("SUNCO_ACCESS_TOKEN")
        .contains("SUNCO_EMULATOR_ADMIN_SECRET")
        .contains("PGPASSWORD / REDISCLI_AUTH");
  }

  @Test
  void versionWhenAskedThenPrintsTheProjectVersionAndExitsZero() {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run("--version")).isZero();

    assertThat(run.out.toString()).matches("sunco-oauth \\d+\\.\\d+\\.\\d+\\S*\\R");
  }

  @ParameterizedTest
  @MethodSource("io.sunco.oauth.cli.Commands#all")
  void versionWhenAskedOfASubcommandThenPrintsTheSameVersionLine(String command) {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run(command, "--version")).isZero();

    assertThat(run.out.toString()).matches("sunco-oauth \\d+\\.\\d+\\.\\d+\\S*\\R");
  }

  @Test
  void subcommandHelpWhenAskedThenExitsZero() {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run("login", "--help")).isZero();

    assertThat(run.out.toString())
        .startsWith("Usage: sunco-oauth login")
        .contains("--client-secret-env=VAR")
        .contains("--show-token")
        .contains("Default: https://oauth-bridge.zendesk.com/sc.")
        .contains("Default: 5m.")
        .contains("5   the server's answer broke the protocol");
  }

  @Test
  void noCommandWhenRunThenUsageErrorWithUsage() {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run()).isEqualTo(SuncoOAuthCli.EXIT_USAGE);

    assertThat(run.err.toString())
        .isEqualTo(
            "sunco-oauth: missing command: authorize-url, token, info, revoke, login, demo,"
                + " emulator, emulator-remove, store-reseal (see 'sunco-oauth --help')\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "unknown-command",
        "demo --unknown-option",
        "login",
        "login --client-id",
        "login --client-id c --timeout banana",
        "login --client-id c --timeout 0s",
        "login --client-id c --timeout -PT5M",
        "login --client-id c --port x",
        "login --client-id c --port 70000",
        "login --client-id c --port -1",
        "login --client-id c --base-url http://example.com/sc",
        "login --client-id c --base-url not-a-url",
        "login --client-id bad\tid",
        "emulator --port 65536",
        "emulator --redirect-uri not-a-uri",
        "emulator --remove-url not-a-url",
        "emulator-remove --base-url not-a-url",
        "emulator-remove --base-url http://example.com",
        "emulator-remove --timeout banana",
      })
  void commandWhenUsageIsWrongThenExits2WithAMessage(String line) {
    CliRun run = new CliRun(WITH_SECRET);

    int exit = run.run(line.split(" "));

    assertThat(exit).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(run.err.toString()).isNotBlank();
    assertThat(run.all()).doesNotContain("s3cret-value").doesNotContain("Exception");
  }

  @Test
  void tokenWhenTheCodeBreaksTheLibrarysRuleThenExits2NamingTheRuleNotTheCode() {
    String withControl = "code-with\u0007bell";
    String tooLong = "c".repeat(4097);

    CliRun blank = new CliRun(WITH_SECRET);
    CliRun control = new CliRun(WITH_SECRET);
    CliRun longCode = new CliRun(WITH_SECRET);

    assertThat(
            blank.run(
                "token", "--client-id", "c", "--code", " ", "--base-url", "http://127.0.0.1:9"))
        .isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(
            control.run(
                "token",
                "--client-id",
                "c",
                "--code",
                withControl,
                "--base-url",
                "http://127.0.0.1:9"))
        .isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(
            longCode.run(
                "token", "--client-id", "c", "--code", tooLong, "--base-url", "http://127.0.0.1:9"))
        .isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(blank.err.toString())
        .isEqualTo("sunco-oauth token: invalid --code: code must not be blank\n");
    assertThat(control.err.toString())
        .isEqualTo("sunco-oauth token: invalid --code: code must not hold control characters\n");
    assertThat(longCode.err.toString())
        .isEqualTo(
            "sunco-oauth token: invalid --code: code must not be longer than 4096 characters\n");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-starts-with-a-hyphen",
        "--two-hyphens",
        "-c",
        "-hAbc_9",
        "-VqWe",
        "--code",
        "--json"
      })
  void tokenWhenTheCodeStartsWithAHyphenThenItIsTheCodeNotAnOption(String code) {
    // A base64url code starts with '-' once in 64: it must reach the server like any other.
    CliRun run = new CliRun(WITH_SECRET);

    int exit =
        run.run("token", "--client-id", "c", "--code", code, "--base-url", "http://127.0.0.1:9");

    assertThat(exit).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_NETWORK);
    assertThat(run.err.toString()).contains("the connection could not be made (127.0.0.1:9)");
    assertThat(run.all()).doesNotContain(code);
  }

  @Test
  void authorizeUrlWhenTheStateStartsWithAHyphenThenItIsSent() {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run("authorize-url", "--client-id", "c", "--state", "-hV")).isZero();
    assertThat(run.out.toString()).contains("&state=-hV").hasLineCount(1);
  }

  @Test
  void tokenWhenCodeOptionHasNoValueThenExits2() {
    CliRun run = new CliRun(WITH_SECRET);

    assertThat(run.run("token", "--client-id", "c", "--code")).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(run.err.toString()).contains("Missing required parameter for option 'CODE'");
  }

  @Test
  void loginWhenSecretVariableIsUnsetThenExits2NamingIt() {
    CliRun run = new CliRun(Map.of("SUNCO_CLIENT_SECRET", "  "));

    assertThat(run.run("login", "--client-id", "c")).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(run.err.toString()).contains("SUNCO_CLIENT_SECRET is not set");

    CliRun other = new CliRun(WITH_SECRET);
    assertThat(other.run("login", "--client-id", "c", "--client-secret-env", "MY_SECRET"))
        .isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(other.err.toString()).contains("MY_SECRET is not set");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "authorize-url --client-id c",
        "token --client-id c --code x",
        "info",
        "revoke",
        "login --client-id c"
      })
  void commandWhenBaseUrlIsLeftOutThenItIsTheLibrarysOAuthBridge(String line) {
    CommandLine commandLine = SuncoOAuthCli.commandLine(new SuncoOAuthCli());

    CommandLine.ParseResult parsed = commandLine.parseArgs(line.split(" "));

    Object value = parsed.subcommand().commandSpec().findOption("--base-url").getValue();
    assertThat(value).isEqualTo(SunshineOAuthClient.OAUTH_BRIDGE.toString());
  }

  @Test
  void emulatorRemoveHelpWhenAskedThenShowsItsDefaultsAndTheVariable() {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run("emulator-remove", "--help")).isZero();

    assertThat(run.out.toString())
        .startsWith("Usage: sunco-oauth emulator-remove")
        .contains("--admin-secret-env=VAR")
        .contains("SUNCO_EMULATOR_ADMIN_SECRET")
        .contains("Default: http://127.0.0.1:8085.")
        .contains("demo-client")
        .contains(DemoCommand.APP.id())
        .contains("--ca-file")
        .contains("--json")
        .contains("5   the server's answer broke the protocol");
  }

  @Test
  void defaultsWhenReadThenEmulatorAndLoginWorkTogether() {
    assertThat(EmulatorCommand.DEFAULT_REDIRECT_URI)
        .isEqualTo("http://127.0.0.1:" + LoginCommand.DEFAULT_PORT + "/callback");
    assertThat(EmulatorCommand.DEFAULT_PORT).isEqualTo(8085);
    assertThat(SuncoOAuthCli.DEFAULT_SECRET_ENV).isEqualTo("SUNCO_CLIENT_SECRET");
  }
}
