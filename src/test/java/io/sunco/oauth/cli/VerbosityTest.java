package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --verbose} and {@code SUNCO_VERBOSE}, and the warnings hidden without them. */
class VerbosityTest {

  private static boolean verboseAfterParsing(Map<String, String> env, String... args) {
    CommandLine root = SuncoOAuthCli.commandLine(new CliRun(env).cli);
    List<CommandLine> parsed = root.parseArgs(args).asCommandLineList();
    return Verbosity.of(parsed.get(parsed.size() - 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "0", "false", "FALSE", "no", "No"})
  void onWhenTheVariableIsEmptyZeroFalseOrNoThenOff(String value) {
    assertThat(Verbosity.on(Optional.of(value))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"1", "true", "yes", "on"})
  void onWhenTheVariableHasAnyOtherValueThenOn(String value) {
    assertThat(Verbosity.on(Optional.of(value))).isTrue();
    assertThat(verboseAfterParsing(Map.of(Verbosity.ENV, value), "info")).isTrue();
  }

  @Test
  void ofWhenTheOptionIsParsedOnASubcommandThenOnAndOnlyThen() {
    assertThat(verboseAfterParsing(Map.of(), "info", "--verbose")).isTrue();
    assertThat(verboseAfterParsing(Map.of(), "--verbose", "info")).isTrue();
    assertThat(verboseAfterParsing(Map.of(), "info")).isFalse();
    assertThat(verboseAfterParsing(Map.of(Verbosity.ENV, "0"), "info")).isFalse();
  }

  @Test
  void hintWhenWarningsWereHiddenThenCountsThemInParentheses() {
    Verbosity.LibraryWarnings warnings = new Verbosity.LibraryWarnings();
    warnings.publish(new LogRecord(Level.INFO, "started"));
    warnings.publish(
        new LogRecord(Level.WARNING, "#3 failed with java.lang.IllegalStateException"));
    warnings.publish(new LogRecord(Level.SEVERE, "fatal error on an event loop"));

    assertThat(warnings.hint()).isEqualTo(" (2 library warnings hidden; --verbose shows them)");
    assertThat(new Verbosity.LibraryWarnings().hint()).as("none hidden").isEmpty();
  }

  @Test
  void hintWhenShownThenNothingIsHidden() {
    Verbosity.LibraryWarnings warnings = new Verbosity.LibraryWarnings();
    warnings.publish(new LogRecord(Level.WARNING, "before"));
    warnings.show();

    assertThat(warnings.shown()).isTrue();
    assertThat(warnings.hint()).isEmpty();
  }
}
