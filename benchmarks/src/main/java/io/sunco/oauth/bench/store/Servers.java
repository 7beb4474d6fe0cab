package io.sunco.oauth.bench.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the two server starters share: free ports, CPU pinning, running as nobody, clean-up. */
final class Servers {

  private Servers() {}

  /** A loopback port nothing listens on right now. */
  static int unusedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether this JVM runs as root: its {@code /proc/self} belongs to uid 0. */
  static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /**
   * The command, held to {@code cpus} ({@code taskset -c}) when given, and run as {@code nobody}
   * when {@code asNobody} ({@code setpriv} and {@code taskset} exec: the process keeps one pid).
   */
  static List<String> command(String cpus, boolean asNobody, String... command) {
    List<String> full = new ArrayList<>();
    if (!cpus.isEmpty()) {
      full.addAll(List.of("taskset", "-c", cpus));
    }
    if (asNobody) {
      full.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    }
    full.addAll(List.of(command));
    return full;
  }

  /**
   * Stops a process: {@code signal} (by {@code kill}, which works across users for root), then
   * SIGKILL after {@code seconds}; waits until it has exited.
   */
  static void stop(Process process, String signal, long seconds) {
    if (!process.isAlive()) {
      return;
    }
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(seconds, TimeUnit.SECONDS);
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(seconds, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Deletes a directory tree, quietly: it is in the temporary directory. */
  static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  // left behind in the temporary directory
                }
              });
    } catch (IOException | UncheckedIOException e) {
      // left behind in the temporary directory
    }
  }

  /** Sleeps a little between readiness checks. */
  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The last lines of a log, for an error message. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log at " + log + ")";
    }
  }
}
