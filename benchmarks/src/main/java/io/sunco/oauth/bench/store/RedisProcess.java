package io.sunco.oauth.bench.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's {@code redis-server}, started for one benchmark run on a free port of 127.0.0.1 only,
 * without persistence ({@code --save ''}, {@code --appendonly no}), as the tests' {@code
 * RedisServer} does. {@link #close()} stops it (SIGTERM, SIGKILL after 10 s) and deletes its
 * working directory. Blocking: the benchmark's main thread only.
 */
final class RedisProcess implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/redis-server");

  private static final Duration READY = Duration.ofSeconds(20);

  private final int port;
  private final Path dir;
  private final Process process;

  private RedisProcess(int port, Path dir, Process process) {
    this.port = port;
    this.dir = dir;
    this.process = process;
  }

  /**
   * Starts a server, its log at {@code log}, held to {@code cpus} when not empty; tries three ports
   * should another process take the chosen one first.
   */
  static RedisProcess start(Path log, String cpus) {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          "The store benchmark needs Debian's redis-server ("
              + BINARY
              + "; apt-get install redis-server), or --backends without redis");
    }
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return launch(Servers.unusedPort(), log, cpus);
      } catch (IllegalStateException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private static RedisProcess launch(int port, Path log, String cpus) {
    Path dir = null;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      dir = Files.createTempDirectory("sunco-bench-redis-");
      Process process =
          new ProcessBuilder(
                  Servers.command(
                      cpus,
                      false,
                      BINARY.toString(),
                      "--port",
                      Integer.toString(port),
                      "--bind",
                      "127.0.0.1",
                      "--save",
                      "",
                      "--appendonly",
                      "no",
                      "--daemonize",
                      "no",
                      "--dir",
                      dir.toString()))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      RedisProcess server = new RedisProcess(port, dir, process);
      long deadline = System.nanoTime() + READY.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("redis-server exited:\n" + Servers.tail(log));
        }
        if (answersPing(port)) {
          return server;
        }
        Servers.pause(20);
      }
      server.close();
      throw new IllegalStateException("redis-server did not answer PING within " + READY);
    } catch (IOException e) {
      Servers.deleteQuietly(dir);
      throw new UncheckedIOException(e);
    } catch (IllegalStateException e) {
      Servers.deleteQuietly(dir);
      throw e;
    }
  }

  private static boolean answersPing(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return in.read() == '+';
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code redis://127.0.0.1:port}. */
  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The server's process id. */
  long pid() {
    return process.pid();
  }

  /** Stops the server and deletes its directory. Idempotent. */
  @Override
  public synchronized void close() {
    try {
      Servers.stop(process, "TERM", 10);
    } finally {
      Servers.deleteQuietly(dir);
    }
  }

  @Override
  public String toString() {
    return "redis-server on 127.0.0.1:" + port;
  }
}
