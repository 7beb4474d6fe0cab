package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.SunshineOAuthClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
        .contains("demo")
        .contains("emulator")
        .contains("login")
        .contains("Exit codes:")
        .contains("3   no access granted");
  }

  @Test
  void versionWhenAskedThenPrintsTheProjectVersionAndExitsZero() {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run("--version")).isZero();

    assertThat(run.out.toString()).matches("sunco-oauth \\d+\\.\\d+\\.\\d+\\S*\\R");
  }

  @Test
  void subcommandHelpWhenAskedThenExitsZero() {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run("login", "--help")).isZero();

    assertThat(run.out.toString()).contains("--client-secret-env=VAR").contains("--print-token");
  }

  @Test
  void noCommandWhenRunThenUsageErrorWithUsage() {
    CliRun run = new CliRun(Map.of());

    assertThat(run.run()).isEqualTo(SuncoOAuthCli.EXIT_USAGE);

    assertThat(run.err.toString()).contains("Missing command").contains("Usage: sunco-oauth");
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
      })
  void commandWhenUsageIsWrongThenExits2WithAMessage(String line) {
    CliRun run = new CliRun(WITH_SECRET);

    int exit = run.run(line.split(" "));

    assertThat(exit).as(run.all()).isEqualTo(SuncoOAuthCli.EXIT_USAGE);
    assertThat(run.err.toString()).isNotBlank();
    assertThat(run.all()).doesNotContain("s3cret-value").doesNotContain("Exception");
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

  @Test
  void loginWhenDefaultBaseUrlThenItIsTheOAuthBridge() {
    CommandLine commandLine = new CommandLine(new SuncoOAuthCli());

    String defaultValue =
        commandLine
            .getSubcommands()
            .get("login")
            .getCommandSpec()
            .findOption("--base-url")
            .defaultValue();

    assertThat(defaultValue).isEqualTo(SunshineOAuthClient.OAUTH_BRIDGE.toString());
  }

  @Test
  void defaultsWhenReadThenEmulatorAndLoginWorkTogether() {
    assertThat(EmulatorCommand.DEFAULT_REDIRECT_URI)
        .isEqualTo("http://127.0.0.1:" + LoginCommand.DEFAULT_PORT + "/callback");
    assertThat(EmulatorCommand.DEFAULT_PORT).isEqualTo(8085);
    assertThat(SuncoOAuthCli.DEFAULT_SECRET_ENV).isEqualTo("SUNCO_CLIENT_SECRET");
  }
}
