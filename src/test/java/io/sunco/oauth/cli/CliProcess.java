package io.sunco.oauth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built {@code target/sunco-oauth-cli.jar} run as a process, the way a user runs it: {@code
 * java -jar}, an environment of exactly the given variables, stdout and stderr captured apart.
 * Failsafe runs the tests that use it after {@code package}; the jar's path comes from the system
 * property {@code sunco.cli.jar}.
 */
final class CliProcess implements AutoCloseable {

  /** The jar under test. */
  static final Path JAR =
      Path.of(System.getProperty("sunco.cli.jar", "target/sunco-oauth-cli.jar"));

  /** The longest any run may take before the test fails. */
  static final Duration LIMIT = Duration.ofSeconds(60);

  /** Flags that start a short-lived JVM faster; they change nothing the CLI does. */
  private static final List<String> JVM_FLAGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto");

  /** How a failure's line ends when its libraries logged warnings that were not shown. */
  private static final Pattern HIDDEN_WARNINGS =
      Pattern.compile(
          " \\((\\d+) library warnings? hidden; --verbose shows them\\)$", Pattern.MULTILINE);

  /**
   * How a finished run ended. {@link #err()} is everything the command said on stderr; a failure's
   * one line may end with " (N library warnings hidden; --verbose shows them)" when Reactor or
   * Netty logged warnings that were not shown ({@link #hiddenWarnings()}).
   */
  record Result(int exitCode, String out, String stderr, Duration took) {
    /** Everything printed on stderr, as the user sees it. */
    String err() {
      return stderr;
    }

    /** How many library warnings the failure's line says were hidden, if it says so. */
    Optional<Integer> hiddenWarnings() {
      Matcher matcher = HIDDEN_WARNINGS.matcher(stderr);
      return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    /** Everything printed, for assertions that nothing secret was. */
    String all() {
      return out + "\n" + stderr;
    }

    @Override
    public String toString() {
      return "exit "
          + exitCode
          + " after "
          + took.toMillis()
          + " ms\n--- stdout\n"
          + out
          + "--- stderr\n"
          + stderr;
    }
  }

  final CliRun.Buffer out = new CliRun.Buffer();
  final CliRun.Buffer err = new CliRun.Buffer();
  private final Process process;
  private final long started = System.nanoTime();
  private final List<Thread> pumps = new ArrayList<>();

  private CliProcess(List<String> launch, Map<String, String> environment, String... args) {
    assertThat(JAR).as("the CLI jar; run the tests with mvn verify").isRegularFile();
    List<String> command = new ArrayList<>();
    // As from a terminal: SIGINT (Ctrl-C) at its default. A test runner started in the background
    // of a non-interactive shell passes SIGINT on as ignored, and a JVM that starts with SIGINT
    // ignored never runs its shutdown hooks on it; env(1) resets it before it runs java.
    command.addAll(List.of("/usr/bin/env", "--default-signal=INT"));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.addAll(launch);
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    try {
      process = builder.start();
      process.getOutputStream().close(); // no input: the CLI never reads stdin
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    pumps.add(pump(process.getInputStream(), out, "stdout"));
    pumps.add(pump(process.getErrorStream(), err, "stderr"));
  }

  /** Starts the jar with {@code args}; the test waits on its output and ends it. */
  static CliProcess start(Map<String, String> environment, String... args) {
    return new CliProcess(List.of("-jar", JAR.toString()), environment, args);
  }

  /** Runs the jar with {@code args} to its end. */
  static Result run(Map<String, String> environment, String... args) {
    return run(List.of("-jar", JAR.toString()), environment, args);
  }

  /**
   * Runs {@code java JVM_FLAGS launch... args...} to its end: {@code launch} is {@code -jar JAR}
   * with any system properties before it, or a class path and the main class.
   */
  static Result run(List<String> launch, Map<String, String> environment, String... args) {
    try (CliProcess running = new CliProcess(launch, environment, args)) {
      return running.awaitExit();
    }
  }

  /** Waits for the process to end by itself, then for all its output. */
  Result awaitExit() {
    try {
      if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the CLI did not end within " + LIMIT + ":\n" + out + "\n" + err);
      }
      for (Thread pump : pumps) {
        pump.join(LIMIT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    return new Result(
        process.exitValue(),
        out.toString(),
        err.toString(),
        Duration.ofNanos(System.nanoTime() - started));
  }

  /** Sends SIGTERM, as a service manager (or Ctrl-C's SIGINT) would, and waits for the end. */
  Result terminate() {
    // Not Process.destroy(): it also closes our end of the pipes, so that what the process prints
    // while its shutdown hooks run would be lost.
    process.toHandle().destroy();
    return awaitExit();
  }

  /**
   * Sends SIGKILL, as a crash, an OOM killer or {@code kill -9} would: no shutdown hook runs,
   * nothing is flushed. Waits for the end.
   */
  Result kill() {
    // Through the handle: Process.destroyForcibly() also closes our ends of its pipes, and what
    // the process wrote before would be lost.
    process.toHandle().destroyForcibly();
    return awaitExit();
  }

  /** Whether the process still runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Ends a process still running the way a user does, with SIGTERM, so that its shutdown hooks run
   * (the emulator deletes its certificate file there); SIGKILL only when it does not end within the
   * limit.
   */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.toHandle().destroy();
    try {
      if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static Thread pump(InputStream stream, CliRun.Buffer buffer, String name) {
    Thread thread =
        new Thread(
            () -> {
              char[] chunk = new char[4096];
              try (Reader reader = new InputStreamReader(stream, UTF_8)) {
                int n;
                while ((n = reader.read(chunk)) >= 0) {
                  buffer.write(chunk, 0, n);
                }
              } catch (IOException e) {
                // The process ended.
              }
            },
            "cli-process-" + name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}
