package io.sunco.oauth.cli;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A command failed for a reason it knows and has put in words: a denied consent, a login that timed
 * out, an authorize endpoint that is not there. Its message is one secret-free line; {@link
 * #exitCode()} is one of the contract's.
 */
final class CliFailure extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  /** The library's error this one explains further; its details go into {@code --json}. */
  private final @Nullable Throwable detail;

  CliFailure(int exitCode, String message) {
    this(exitCode, message, null);
  }

  CliFailure(int exitCode, String message, @Nullable Throwable detail) {
    super(message, null, false, false);
    this.exitCode = exitCode;
    this.detail = detail;
  }

  /** A usage error or invalid input: exit {@value SuncoOAuthCli#EXIT_USAGE}. */
  static CliFailure usage(String message) {
    return new CliFailure(SuncoOAuthCli.EXIT_USAGE, message);
  }

  int exitCode() {
    return exitCode;
  }

  Optional<Throwable> detail() {
    return Optional.ofNullable(detail);
  }
}
