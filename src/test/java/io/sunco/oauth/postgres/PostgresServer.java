package io.sunco.oauth.postgres;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.sunco.oauth.testing.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A real PostgreSQL server (Debian's binaries, the newest major under {@code /usr/lib/postgresql})
 * that the tests start once per test JVM ({@link #shared()}): {@code initdb} into a temporary data
 * directory (trust authentication for the superuser {@code postgres}, UTF-8, no locale), then
 * {@code postgres} on a free loopback port with its socket in the data directory, {@code fsync}
 * off. When the JVM runs as root (as CI does), both run as {@code nobody}, since {@code initdb}
 * refuses root. The server stops (SIGINT, PostgreSQL's fast shutdown) and its directory is deleted
 * when the JVM exits. Its log goes to {@code target/postgres/}. Blocking: test threads only.
 *
 * <p>{@link #require()} skips a test with a message when the binaries are missing, except under CI
 * (the {@code CI} variable set), where it fails: CI installs the package ({@code .ci/run}).
 */
public final class PostgresServer implements AutoCloseable {

  static final Path INSTALLS = Paths.get("/usr/lib/postgresql");

  /** The superuser that initdb creates, and the database every cluster has. */
  public static final String USER = "postgres";

  public static final String DATABASE = "postgres";

  /** Bounds for a loaded machine (hang guards, not expected times). */
  private static final Duration INITDB = Duration.ofSeconds(120);

  private static final Duration READY = Duration.ofSeconds(60);
  private static final Duration STOP = Duration.ofSeconds(20);

  private static final Path LOGS = Paths.get("target", "postgres");

  private static @Nullable PostgresServer shared;

  static {
    // java.util.logging sets up the root handlers on first use, under a lock. Should the first log
    // line of the JVM come from an event loop (the driver logs a connection reset by the server),
    // two loops can meet on that lock, BlockHound reports the park, and the error kills the loop
    // for every later connection of the JVM. Set up here, on the test thread, it never waits.
    Logger.getLogger("").getHandlers();
  }

  private final int port;
  private final Path dataDir;
  private final Path log;
  private final Process process;

  private PostgresServer(int port, Path dataDir, Path log, Process process) {
    this.port = port;
    this.dataDir = dataDir;
    this.log = log;
    this.process = process;
  }

  /** The {@code bin} directory of the newest PostgreSQL major installed, if any. */
  static Optional<Path> binaries() {
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

  /**
   * Skips (or, under CI, fails) the calling test when PostgreSQL's binaries are missing. Call it in
   * a {@code @BeforeEach}: a skip in {@code @BeforeAll} would go unreported.
   */
  public static void require() {
    if (binaries().isPresent()) {
      return;
    }
    String missing =
        "the PostgreSQL tests need Debian's PostgreSQL ("
            + INSTALLS
            + "/<major>/bin/initdb and postgres): apt-get install postgresql";
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank()) {
      Assertions.fail("CI is set and " + missing);
    }
    Assumptions.abort("Skipped: " + missing);
  }

  /**
   * The server of this test JVM, started on first use and stopped when the JVM exits. Call {@link
   * #require()} first.
   */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      PostgresServer started = start();
      Runtime.getRuntime().addShutdownHook(new Thread(started::close, "postgres-stop"));
      shared = started;
    }
    return shared;
  }

  /**
   * Starts a server of its own (tests that stop it use this one, never the shared one); tries three
   * ports should another process take the chosen one first.
   */
  static PostgresServer start() {
    Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL is missing"));
    IllegalStateException failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        return launch(bin, Ports.unused());
      } catch (IllegalStateException e) {
        failure = e;
      }
    }
    throw failure;
  }

  private static PostgresServer launch(Path bin, int port) {
    Path dataDir = null;
    try {
      Files.createDirectories(LOGS);
      Path log = LOGS.resolve(port + ".log").toAbsolutePath();
      dataDir = Files.createTempDirectory("sunco-postgres-");
      boolean root = isRoot();
      if (root) {
        giveToNobody(dataDir);
      }
      run(
          asServerUser(
              root,
              bin.resolve("initdb").toString(),
              "-D",
              dataDir.toString(),
              "-U",
              USER,
              "--auth=trust",
              "-E",
              "UTF8",
              "--no-locale"),
          dataDir,
          log);
      Process process =
          new ProcessBuilder(
                  asServerUser(
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
      PostgresServer server = new PostgresServer(port, dataDir, log, process);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      deleteQuietly(dataDir);
      throw new UncheckedIOException(e);
    } catch (IllegalStateException e) {
      deleteQuietly(dataDir);
      throw e;
    }
  }

  /** Whether this JVM runs as root: its {@code /proc/self} belongs to uid 0. */
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

  private static void run(List<String> command, Path dir, Path log) throws IOException {
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    try {
      if (!process.waitFor(INITDB.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "initdb did not finish within " + INITDB + "; its log ends with:\n" + tail(log));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "initdb exited with " + process.exitValue() + "; its log ends with:\n" + tail(log));
    }
  }

  /** Waits until the server answers {@code SELECT 1} over TCP, or fails with its log's tail. */
  private void awaitReady() {
    ConnectionFactory factory = connectionFactory();
    long deadline = System.nanoTime() + READY.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "postgres exited with " + process.exitValue() + "; its log ends with:\n" + tail(log));
      }
      if (answers(factory)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    close();
    throw new IllegalStateException(
        "postgres did not accept connections within "
            + READY
            + "; its log ends with:\n"
            + tail(log));
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
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  private static void deleteQuietly(@Nullable Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(PostgresServer::deleteOne);
    } catch (IOException | UncheckedIOException e) {
      // Left in the temporary directory: nothing else depends on it.
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The port the server listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** A new, unpooled connection factory for the {@code postgres} database as the superuser. */
  PostgresqlConnectionFactory connectionFactory() {
    return connectionFactory("sunco-oauth-tests");
  }

  /** The same, naming the application as {@code pg_stat_activity} shows it. */
  PostgresqlConnectionFactory connectionFactory(String applicationName) {
    return connectionFactory(port, applicationName);
  }

  /** An unpooled connection factory for whatever listens (or not) on a loopback port. */
  public static PostgresqlConnectionFactory connectionFactory(int port, String applicationName) {
    return new PostgresqlConnectionFactory(
        PostgresqlConnectionConfiguration.builder()
            .host("127.0.0.1")
            .port(port)
            .username(USER)
            .database(DATABASE)
            .applicationName(applicationName)
            .build());
  }

  /** Whether the server process runs. */
  boolean isRunning() {
    return process.isAlive();
  }

  /**
   * Stops the server with SIGINT (fast shutdown: open connections are ended), waits until it has
   * exited (SIGKILL after 20 s), and deletes its data directory. Idempotent.
   */
  @Override
  public synchronized void close() {
    try {
      if (process.isAlive()) {
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
        if (!process.waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(STOP.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      deleteQuietly(dataDir);
    }
  }

  @Override
  public String toString() {
    return "PostgresServer[127.0.0.1:" + port + (process.isAlive() ? "]" : ", stopped]");
  }
}
