package io.sunco.oauth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for tests that need a port number before anything listens on it: a server that a
 * child process starts (redis-server, PostgreSQL, the CLI's loopback listener), or a port the test
 * expects to refuse connections.
 *
 * <p>A port taken from {@code new ServerSocket(0)} and closed again is a poor choice for that: the
 * kernel hands out the same range to every other process's {@code bind(0)} and to every outgoing
 * connection, so on a busy machine another process can be given the port between the check and the
 * use (a loaded CI run failed that way). The ports here are drawn at random next to the kernel's
 * ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range}), where only a process that asks
 * for that exact number can get it, and are checked free on 127.0.0.1 before they are returned.
 */
public final class Ports {

  /** Where the kernel says which ports it hands out by itself. */
  static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  /** Linux's default when the file cannot be read. */
  static final int[] DEFAULT_EPHEMERAL_RANGE = {32768, 60999};

  /** How many ports next to the ephemeral range are drawn from. */
  static final int SPAN = 10_000;

  private static final int FIRST_USER_PORT = 1025;

  private Ports() {}

  /**
   * A loopback port outside the kernel's ephemeral range that nothing listened on a moment ago:
   * nothing else is given it unless it asks for this very number. (Should the range leave no port
   * outside it, the kernel's choice, as before.)
   *
   * @return the port
   * @throws IllegalStateException if 100 draws found no free port
   */
  public static int unused() {
    int[] draw = drawRange(ephemeralRange());
    if (draw[0] > draw[1]) {
      return kernelChosen(); // the ephemeral range leaves no port outside it
    }
    for (int i = 0; i < 100; i++) {
      int port = ThreadLocalRandom.current().nextInt(draw[0], draw[1] + 1);
      if (bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free loopback port in " + draw[0] + "-" + draw[1] + " after 100 draws");
  }

  /**
   * The kernel's ephemeral range, first and last port included.
   *
   * @return two ports
   */
  static int[] ephemeralRange() {
    try {
      String[] parts =
          Files.readString(EPHEMERAL_RANGE, StandardCharsets.US_ASCII).trim().split("\\s+");
      return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    } catch (IOException | RuntimeException e) {
      return DEFAULT_EPHEMERAL_RANGE.clone();
    }
  }

  /**
   * The ports to draw from for an ephemeral range: up to {@link #SPAN} ports on its wider side
   * (below it by default), first and last included.
   *
   * @param ephemeral the first and last ephemeral port
   * @return two ports
   */
  static int[] drawRange(int[] ephemeral) {
    int below = ephemeral[0] - FIRST_USER_PORT;
    int above = 65535 - ephemeral[1];
    if (below >= above) {
      return new int[] {Math.max(FIRST_USER_PORT, ephemeral[0] - SPAN), ephemeral[0] - 1};
    }
    return new int[] {ephemeral[1] + 1, Math.min(65535, ephemeral[1] + SPAN)};
  }

  private static int kernelChosen() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort() == port;
    } catch (IOException e) {
      return false;
    }
  }
}
