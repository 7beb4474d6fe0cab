package com.example.storeapp;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A real PostgreSQL for this project's tests: the approach of the library's own test harness
 * ({@code io.sunco.oauth.postgres.PostgresServer}, which this project cannot see), cut down to what
 * one test class needs. Debian's newest major under {@code /usr/lib/postgresql}: {@code initdb}
 * into a temporary directory (trust authentication for {@code postgres}), then {@code postgres} on
 * a loopback port with {@code fsync} off; as {@code nobody} when the JVM runs as root (CI does),
 * since {@code initdb} refuses root. {@link #close()} stops it and deletes its directory. Blocking:
 * test threads only.
 */
final class LocalPostgres implements AutoCloseable {

  private static final Path INSTALLS = Paths.get("/usr/lib/postgresql");

  /** Bounds for a loaded machine (hang guards, not expected times). */
  private static final Duration INITDB = Duration.ofSeconds(120);

  private static final Duration READY = Duration.ofSeconds(60);

  private final int port;
  private final Path dataDir;
  private final Process process;

  private LocalPostgres(int port, Path dataDir, Process process) {
    this.port = port;
    this.dataDir = dataDir;
    this.process = process;
  }

  private static Optional<Path> binaries() {
    if (!Files.isDirectory(INSTALLS)) {
      return Optional.empty();
    }
    try (Stream<Path> majors = Files.list(INSTALLS)) {
      return majors
          .filter(dir -> dir.getFileName().toString().matches("[0-9]+"))
          .filter(dir -> Files.isExecutable(dir.resolve("bin/initdb")))
          .filter(dir -> Files.isExecutable(dir.resolve("bin/postgres")))
          .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
          .map(dir -> dir.resolve("bin"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Skips the calling test when PostgreSQL is missing, except under CI, where it fails. */
  static void require() {
    if (binaries().isPresent()) {
      return;
    }
    String missing = "these tests need Debian's PostgreSQL: apt-get install postgresql";
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank()) {
      Assertions.fail("CI is set and " + missing);
    }
    Assumptions.abort("Skipped: " + missing);
  }

  /** Starts a server; call {@link #require()} first. */
  static LocalPostgres start() {
    Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL is missing"));
    Path dataDir = null;
    try {
      dataDir = Files.createTempDirectory("bootapp-postgres-");
      Path log = dataDir.resolve("server.log");
      boolean root = isRoot();
      if (root) {
        giveToNobody(dataDir);
      }
      run(
          asServerUser(
              root,
              bin.resolve("initdb").toString(),
              "-D",
              dataDir.resolve("data").toString(),
              "-U",
              "postgres",
              "--auth=trust",
              "-E",
              "UTF8",
              "--no-locale"),
          dataDir);
      int port = freePort();
      Process process =
          new ProcessBuilder(
                  asServerUser(
                      root,
                      bin.resolve("postgres").toString(),
                      "-D",
                      dataDir.resolve("data").toString(),
                      "-h",
                      "127.0.0.1",
                      "-p",
                      Integer.toString(port),
                      "-k",
                      dataDir.toString(),
                      "-c",
                      "fsync=off"))
              .directory(dataDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      LocalPostgres server = new LocalPostgres(port, dataDir, process);
      server.awaitReady(log);
      return server;
    } catch (IOException e) {
      deleteQuietly(dataDir);
      throw new UncheckedIOException(e);
    }
  }

  /** The R2DBC URL of the {@code postgres} database, as an application's configuration has it. */
  String r2dbcUrl() {
    return "r2dbc:postgresql://postgres@127.0.0.1:" + port + "/postgres";
  }

  /** A new, unpooled connection factory, for the test's own look at the tables. */
  ConnectionFactory connectionFactory() {
    return new PostgresqlConnectionFactory(
        PostgresqlConnectionConfiguration.builder()
            .host("127.0.0.1")
            .port(port)
            .username("postgres")
            .database("postgres")
            .build());
  }

  private static int freePort() throws IOException {
    // The server binds it at once; a port taken meanwhile fails the start with a clear log.
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean isRoot() throws IOException {
    return Integer.valueOf(0).equals(Files.getAttribute(Paths.get("/proc/self"), "unix:uid"));
  }

  private static void giveToNobody(Path dir) throws IOException {
    UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
    view.setOwner(users.lookupPrincipalByName("nobody"));
    view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
  }

  /** The command, run as {@code nobody} when this JVM is root (setpriv execs: same process). */
  private static List<String> asServerUser(boolean root, String... command) {
    List<String> full = new ArrayList<>();
    if (root) {
      full.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    }
    full.addAll(List.of(command));
    return full;
  }

  private static void run(List<String> command, Path dir) throws IOException {
    Path log = dir.resolve("initdb.log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      if (!process.waitFor(INITDB.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("initdb did not finish within " + INITDB + tail(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException("initdb exited with " + process.exitValue() + tail(log));
    }
  }

  private void awaitReady(Path log) {
    ConnectionFactory factory = connectionFactory();
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        deleteQuietly(dataDir);
        throw new IllegalStateException("postgres exited with " + process.exitValue() + tail(log));
      }
      if (answers(factory)) {
        return;
      }
      try {
        // Polling a starting server: a harness wait, not a test's timing.
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    close();
    throw new IllegalStateException("postgres did not accept connections within " + READY);
  }

  private static boolean answers(ConnectionFactory factory) {
    try {
      Long rows =
          Mono.usingWhen(
                  Mono.from(factory.create()),
                  connection ->
                      Flux.from(connection.createStatement("SELECT 1").execute())
                          .concatMap(Result::getRowsUpdated)
                          .next(),
                  Connection::close)
              .block(Duration.ofSeconds(5));
      return rows != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "; its log ends with:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /** Stops the server (SIGINT: fast shutdown), waits for it, deletes its directory. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (IOException e) {
        process.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    deleteQuietly(dataDir);
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Left in the temporary directory: nothing else depends on it.
    }
  }
}
