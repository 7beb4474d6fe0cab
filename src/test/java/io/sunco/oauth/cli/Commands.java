package io.sunco.oauth.cli;

import java.util.List;
import java.util.stream.Stream;

/** The jar's commands, in the order its help lists them: the tests that go through each use it. */
final class Commands {

  static final List<String> ALL =
      List.of(
          "authorize-url",
          "token",
          "info",
          "revoke",
          "login",
          "demo",
          "emulator",
          "emulator-remove",
          "store-reseal");

  private Commands() {}

  /** {@link #ALL}, for {@code @MethodSource("io.sunco.oauth.cli.Commands#all")}. */
  static Stream<String> all() {
    return ALL.stream();
  }
}
