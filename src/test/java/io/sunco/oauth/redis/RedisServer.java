package io.sunco.oauth.redis;

import io.lettuce.core.RedisURI;
import io.sunco.oauth.testing.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real {@code redis-server} (Debian's package, named by path) that a test starts on a free
 * loopback port, without persistence ({@code --save ''}, {@code --appendonly no}), and stops
 * afterwards; it can be stopped and started again on the same port mid-test. Its log goes to {@code
 * target/redis-server/}. Blocking: test threads only.
 *
 * <p>{@link #require()} skips a test with a message when {@code redis-server} is missing, except
 * under CI (the {@code CI} variable set), where it fails: CI installs the package ({@code
 * .ci/run}).
 */
public final class RedisServer implements AutoCloseable {

  static final Path BINARY = Paths.get("/usr/bin/redis-server");

  private static final Duration READY = Duration.ofSeconds(10);
  private static final Path LOGS = Paths.get("target", "redis-server");

  private final int port;
  private final List<String> extraArguments;
  private Process process;

  private RedisServer(int port, List<String> extraArguments, Process process) {
    this.port = port;
    this.extraArguments = extraArguments;
    this.process = process;
  }

  /** Whether Debian's redis-server is installed. */
  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /**
   * Skips (or, under CI, fails) the calling test when redis-server is missing. Call it in a
   * {@code @BeforeEach}: a skip in {@code @BeforeAll} would go unreported.
   */
  public static void require() {
    if (available()) {
      return;
    }
    String missing =
        "the Redis tests need Debian's redis-server (" + BINARY + "): apt-get install redis-server";
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank()) {
      Assertions.fail("CI is set and " + missing);
    }
    Assumptions.abort("Skipped: " + missing);
  }

  /**
   * Starts a server on a free loopback port; tries three ports should another process take the
   * chosen one first.
   *
   * @param extraArguments more {@code --option value} arguments, for example {@code --requirepass}
   * @return the running server, answering PING (or, with a password, refusing it)
   */
  public static RedisServer start(String... extraArguments) {
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = Ports.unused();
      try {
        List<String> extra = List.of(extraArguments);
        return new RedisServer(port, extra, launch(port, extra));
      } catch (IllegalStateException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private static Process launch(int port, List<String> extraArguments) {
    try {
      Files.createDirectories(LOGS);
      Path dir = Files.createTempDirectory(LOGS, "data-");
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
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
              dir.toAbsolutePath().toString()));
      command.addAll(extraArguments);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(LOGS.resolve(port + ".log").toFile()))
              .start();
      awaitReady(port, process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void awaitReady(int port, Process process) {
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server exited; see " + LOGS.resolve(port + ".log"));
      }
      if (answersPing(port)) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("redis-server did not answer PING within " + READY);
  }

  private static boolean answersPing(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      // "+PONG", or "-NOAUTH ..." from a server that wants a password: either way it is up.
      int first = in.read();
      return first == '+' || first == '-';
    } catch (IOException e) {
      return false;
    }
  }

  /** The port the server listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:port}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The same, for Lettuce. */
  RedisURI redisUri() {
    return RedisURI.create(uri());
  }

  /** Whether the process runs. */
  boolean isRunning() {
    return process.isAlive();
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits until it has exited. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Kills the server (SIGKILL: no shutdown, as a crashed process) and waits until it has exited.
   */
  void kill() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Starts the server again on the same port, empty. */
  void restart() {
    if (process.isAlive()) {
      stop();
    }
    process = launch(port, extraArguments);
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "RedisServer[127.0.0.1:" + port + (process.isAlive() ? "]" : ", stopped]");
  }
}
