package io.sunco.oauth.bench.store;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Debian's PostgreSQL (the newest major under {@code /usr/lib/postgresql}), started for one
 * benchmark run, as the tests' {@code PostgresServer} does (the benchmarks cannot see test
 * classes): {@code initdb} into a temporary data directory (trust authentication for {@code
 * postgres}, UTF-8, no locale), then {@code postgres} on a free port of 127.0.0.1 only, {@code
 * fsync} off (Redis runs without persistence too). As {@code nobody} when this JVM is root ({@code
 * initdb} refuses root). {@link #close()} stops it (SIGINT, the fast shutdown) and deletes the
 * directory. Blocking: the benchmark's main thread only.
 */
final class PostgresProcess implements AutoCloseable {

  static final Path INSTALLS = Path.of("/usr/lib/postgresql");
  static final String USER = "postgres";
  static final String DATABASE = "postgres";

  private static final long INITDB_SECONDS = 120;
  private static final Duration READY = Duration.ofSeconds(60);

  private final int port;
  private final Path dataDir;
  private final Path log;
  private final Process process;

  private PostgresProcess(int port, Path dataDir, Path log, Process process) {
    this.port = port;
    this.dataDir = dataDir;
    this.log = log;
    this.process = process;
  }

  /** The {@code bin} directory of the newest major installed. */
  static Path binaries() {
    if (!Files.isDirectory(INSTALLS)) {
      throw new IllegalStateException(
          "The store benchmark needs Debian's PostgreSQL under "
              + INSTALLS
              + " (apt-get install"
              + " postgresql), or --backends without postgres");
    }
    try (Stream<Path> majors = Files.list(INSTALLS)) {
      return majors
          .filter(dir -> dir.getFileName().toString().matches("[0-9]+"))
          .filter(dir -> Files.isExecutable(dir.resolve("bin/initdb")))
          .filter(dir -> Files.isExecutable(dir.resolve("bin/postgres")))
          .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
          .map(dir -> dir.resolve("bin"))
          .orElseThrow(() -> new IllegalStateException("No initdb and postgres under " + INSTALLS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a server, its log at {@code log}, held to {@code cpus} when not empty; tries three ports
   * should another process take the chosen one first.
   */
  static PostgresProcess start(Path log, String cpus) {
    Path bin = binaries();
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return launch(bin, Servers.unusedPort(), log, cpus);
      } catch (IllegalStateException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private static PostgresProcess launch(Path bin, int port, Path log, String cpus) {
    Path dataDir = null;
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      dataDir = Files.createTempDirectory("sunco-bench-postgres-");
      boolean root = Servers.isRoot();
      if (root) {
        UserPrincipalLookupService users = dataDir.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view =
            Files.getFileAttributeView(dataDir, PosixFileAttributeView.class);
        view.setOwner(users.lookupPrincipalByName("nobody"));
        view.setGroup(users.lookupPrincipalByGroupName("nogroup"));
      }
      Process initdb =
          new ProcessBuilder(
                  Servers.command(
                      "",
                      root,
                      bin.resolve("initdb").toString(),
                      "-D",
                      dataDir.toString(),
                      "-U",
                      USER,
                      "--auth=trust",
                      "-E",
                      "UTF8",
                      "--no-locale"))
              .directory(dataDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      if (!initdb.waitFor(INITDB_SECONDS, TimeUnit.SECONDS)) {
        initdb.destroyForcibly();
        throw new IllegalStateException("initdb did not finish:\n" + Servers.tail(log));
      }
      if (initdb.exitValue() != 0) {
        throw new IllegalStateException(
            "initdb exited with " + initdb.exitValue() + ":\n" + Servers.tail(log));
      }
      Process process =
          new ProcessBuilder(
                  Servers.command(
                      cpus,
                      root,
                      bin.resolve("postgres").toString(),
                      "-D",
                      dataDir.toString(),
                      "-h",
                      "127.0.0.1",
                      "-p",
                      Integer.toString(port),
                      "-k",
                      dataDir.toString(),
                      "-c",
                      "fsync=off",
                      "-c",
                      "max_connections=200"))
              .directory(dataDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      PostgresProcess server = new PostgresProcess(port, dataDir, log, process);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      Servers.deleteQuietly(dataDir);
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Servers.deleteQuietly(dataDir);
      throw new IllegalStateException(e);
    } catch (IllegalStateException e) {
      Servers.deleteQuietly(dataDir);
      throw e;
    }
  }

  private void awaitReady() {
    ConnectionFactory factory = connectionFactory("sunco-bench-ready");
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "postgres exited with " + process.exitValue() + ":\n" + Servers.tail(log));
      }
      if (answers(factory)) {
        return;
      }
      Servers.pause(50);
    }
    close();
    throw new IllegalStateException(
        "postgres did not accept connections within " + READY + ":\n" + Servers.tail(log));
  }

  private static boolean answers(ConnectionFactory factory) {
    try {
      return Mono.usingWhen(
                  Mono.from(factory.create()),
                  connection ->
                      Flux.from(connection.createStatement("SELECT 1").execute())
                          .concatMap(Result::getRowsUpdated)
                          .next(),
                  Connection::close)
              .block(Duration.ofSeconds(5))
          != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** A new, unpooled connection factory for database {@code postgres} as the superuser. */
  PostgresqlConnectionFactory connectionFactory(String applicationName) {
    return new PostgresqlConnectionFactory(
        PostgresqlConnectionConfiguration.builder()
            .host("127.0.0.1")
            .port(port)
            .username(USER)
            .database(DATABASE)
            .applicationName(applicationName)
            .build());
  }

  /** The server's process id (the postmaster). */
  long pid() {
    return process.pid();
  }

  /** Stops the server (SIGINT, SIGKILL after 20 s) and deletes its data directory. Idempotent. */
  @Override
  public synchronized void close() {
    try {
      Servers.stop(process, "INT", 20);
    } finally {
      Servers.deleteQuietly(dataDir);
    }
  }

  @Override
  public String toString() {
    return "postgres on 127.0.0.1:" + port;
  }
}
