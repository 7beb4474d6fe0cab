package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every command of the built jar keeps, run as a process: help per command, the exit
 * codes, one-line usage errors, no secret accepted as an argument. What the jar carries, and that
 * it works over TLS, is {@link CliTlsIT}'s.
 */
class CliContractIT {

  private static final List<String> EXIT_CODES =
      List.of(
          "0   success",
          "2   usage error or invalid input",
          "3   the server answered with an error",
          "4   network failure or timeout",
          "5   the server's answer broke the protocol");

  @Nested
  class Help {

    @Test
    void helpWhenAskedThenListsEveryCommandTheExitCodesAndTheVariables() {
      CliProcess.Result run = CliProcess.run(Map.of(), "--help");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(run.out()).startsWith("Usage: sunco-oauth ");
      Commands.ALL.forEach(command -> assertThat(run.out()).contains("  " + command + " "));
      EXIT_CODES.forEach(line -> assertThat(run.out()).contains(line));
      assertThat(run.out())
          .contains("SUNCO_CLIENT_SECRET")
          .contains("SUNCO_ACCESS_TOKEN")
          .contains("PGPASSWORD / REDISCLI_AUTH");
    }

    @ParameterizedTest
    @MethodSource("io.sunco.oauth.cli.Commands#all")
    void commandHelpWhenAskedThenPrintsThatCommandsOwnHelpWithTheExitCodes(String command) {
      CliProcess.Result run = CliProcess.run(Map.of(), command, "--help");

      assertThat(run.exitCode()).as(run.toString()).isZero();
      assertThat(run.err()).isEmpty();
      assertThat(run.out()).startsWith("Usage: sunco-oauth " + command + " ");
      EXIT_CODES.forEach(line -> assertThat(run.out()).contains(line));
      if (List.of("authorize-url", "token", "info", "revoke", "login").contains(command)) {
        assertThat(run.out()).contains("Default: https://oauth-bridge.zendesk.com/sc.");
      }
      if (List.of("token", "info", "revoke").contains(command)) {
        assertThat(run.out()).contains("--timeout=DURATION").contains("Default: 30s.");
        assertThat(run.out()).contains("--json");
      }
    }

    @Test
    void versionWhenAskedThenPrintsTheVersion() {
      CliProcess.Result run = CliProcess.run(Map.of(), "--version");

      assertThat(run.exitCode()).isZero();
      assertThat(run.out()).matches("sunco-oauth \\d+\\.\\d+\\.\\d+\\S*\\R");
    }
  }

  @Nested
  class UsageErrors {

    @Test
    void unknownCommandWhenGivenEvenWithHelpThenExits2AndSaysSo() {
      CliProcess.Result run = CliProcess.run(Map.of(), "tokn", "--help");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err())
          .isEqualTo(
              "sunco-oauth: unknown command 'tokn'; the commands are authorize-url, token, info,"
                  + " revoke, login, demo, emulator, emulator-remove, store-reseal (see 'sunco-oauth --help')\n");
    }

    @Test
    void noCommandWhenRunThenExits2() {
      CliProcess.Result run = CliProcess.run(Map.of());

      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.err()).startsWith("sunco-oauth: missing command").hasLineCount(1);
    }

    @Test
    void secretWhenGivenAsAnArgumentThenRefusedWithoutEchoingIt() {
      String secret = "s3cret-given-on-the-command-line";

      CliProcess.Result spaced =
          CliProcess.run(
              Map.of(), "token", "--client-id", "c", "--code", "x", "--client-secret", secret);
      CliProcess.Result joined =
          CliProcess.run(Map.of(), "info", "--token=" + secret, "--access-token", secret);

      assertThat(spaced.exitCode()).as(spaced.toString()).isEqualTo(2);
      assertThat(spaced.err())
          .isEqualTo(
              "sunco-oauth token: unknown option '--client-secret' and 1 unexpected argument(s),"
                  + " not shown (see 'sunco-oauth token --help')\n");
      assertThat(joined.exitCode()).as(joined.toString()).isEqualTo(2);
      assertThat(joined.err()).contains("'--token'").contains("'--access-token'").hasLineCount(1);
      assertThat(spaced.all() + joined.all()).doesNotContain(secret);
    }

    @Test
    void badValueWhenGivenThenExits2WithOneLine() {
      CliProcess.Result run = CliProcess.run(Map.of(), "info", "--timeout", "banana");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.out()).isEmpty();
      assertThat(run.err())
          .startsWith("sunco-oauth info: Invalid value for option '--timeout'")
          .hasLineCount(1);
    }
  }
}
