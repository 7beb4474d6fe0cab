package io.sunco.oauth.cli;

import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * One in-process run of the command line: its own environment, a recording browser and recording
 * shutdown hooks, and output buffers that a test can wait on. Background runs use a plain thread of
 * their own, never a Reactor one.
 */
final class CliRun {

  static final Duration WAIT = Duration.ofSeconds(20);

  final Buffer out = new Buffer();
  final Buffer err = new Buffer();
  final List<URI> opened = new CopyOnWriteArrayList<>();
  final List<Thread> hooks = new CopyOnWriteArrayList<>();
  final List<Thread> removedHooks = new CopyOnWriteArrayList<>();
  final List<SunshineOAuthEmulator> emulators = new CopyOnWriteArrayList<>();
  final SuncoOAuthCli cli;
  private final CommandLine commandLine;
  private volatile boolean browserWorks;
  private volatile Consumer<SunshineOAuthEmulator> onEmulatorStarted = emulator -> {};
  private volatile Consumer<SunshineOAuthEmulator> onEmulatorClosing = emulator -> {};

  CliRun(Map<String, String> environment) {
    CliContext context =
        new CliContext(
            environment::get,
            url -> {
              opened.add(url);
              return browserWorks;
            },
            new CliContext.ShutdownHooks() {
              @Override
              public void add(Thread hook) {
                hooks.add(hook);
              }

              @Override
              public void remove(Thread hook) {
                removedHooks.add(hook);
              }
            },
            emulator -> {
              emulators.add(emulator);
              onEmulatorStarted.accept(emulator);
            },
            emulator -> onEmulatorClosing.accept(emulator));
    this.cli = new SuncoOAuthCli(context);
    this.commandLine =
        SuncoOAuthCli.commandLine(cli)
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
  }

  /** Runs {@code setUp} on every emulator a command starts, before the command uses it. */
  CliRun whenEmulatorStarts(Consumer<SunshineOAuthEmulator> setUp) {
    this.onEmulatorStarted = setUp;
    return this;
  }

  /** Runs {@code check} on the demo's emulator after its last step, before it closes. */
  CliRun beforeEmulatorCloses(Consumer<SunshineOAuthEmulator> check) {
    this.onEmulatorClosing = check;
    return this;
  }

  CliRun browserWorks(boolean works) {
    this.browserWorks = works;
    return this;
  }

  /** Runs on the calling thread. */
  int run(String... args) {
    return commandLine.execute(args);
  }

  /** Runs on a new thread; the future completes with the exit code. */
  CompletableFuture<Integer> start(String... args) {
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                exit.complete(commandLine.execute(args));
              } catch (Throwable t) {
                exit.completeExceptionally(t);
              }
            },
            "cli-under-test");
    thread.setDaemon(true);
    thread.start();
    return exit;
  }

  static int exitCode(CompletableFuture<Integer> exit) {
    try {
      return exit.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the command did not end normally", e);
    }
  }

  /** Everything written, for tests that look at stdout and stderr together. */
  String all() {
    return out + "\n" + err;
  }

  /** A writer whose content a test thread can wait on; no polling, no sleeping. */
  static final class Buffer extends Writer {
    private final StringBuilder text = new StringBuilder();

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
      text.append(chars, offset, length);
      notifyAll();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    /** Waits until {@code pattern} is found; returns its first group (or the whole match). */
    synchronized String await(Pattern pattern) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (true) {
        Matcher matcher = pattern.matcher(text);
        if (matcher.find()) {
          return matcher.groupCount() > 0 ? matcher.group(1) : matcher.group();
        }
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
          throw new AssertionError("no " + pattern + " in:\n" + text);
        }
        try {
          wait(remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }

    @Override
    public synchronized String toString() {
      return text.toString();
    }
  }
}
