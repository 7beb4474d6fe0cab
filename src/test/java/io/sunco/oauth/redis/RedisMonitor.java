package io.sunco.oauth.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Redis's {@code MONITOR} on a plain socket: every command the server receives, one line each, with
 * its arguments quoted (binary bytes as {@code \xNN}), commands run by a Lua script marked {@code
 * [0 lua]}. Shows exactly what a client sent, which is also all Lettuce could ever log.
 */
final class RedisMonitor implements AutoCloseable {

  private final Socket socket;
  private final BufferedReader lines;

  RedisMonitor(int port) {
    try {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      lines =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String ok = lines.readLine();
      if (!"+OK".equals(ok)) {
        throw new IllegalStateException("MONITOR answered " + ok);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The command lines received from now on, up to and including the first that {@code last}
   * accepts, waiting at most {@code timeout} in all.
   */
  List<String> until(Predicate<String> last, Duration timeout) {
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        String line = lines.readLine();
        if (line == null) {
          break;
        }
        // "+<time> [<db> <client>] "CMD" "arg" ...": keep the client and the command.
        String command = line.substring(line.indexOf('[') + 1);
        seen.add(command);
        if (last.test(command)) {
          return seen;
        }
      }
    } catch (SocketTimeoutException e) {
      // Reported below with what was seen.
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("MONITOR did not show the expected command; saw " + seen);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
