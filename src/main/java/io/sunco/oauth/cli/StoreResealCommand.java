package io.sunco.oauth.cli;

import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.internal.UntrustedText;
import io.sunco.oauth.postgres.PostgresSealedRecords;
import io.sunco.oauth.redis.RedisSealedRecords;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.KeyFile;
import io.sunco.oauth.store.KeyRing;
import io.sunco.oauth.store.ResealReport;
import io.sunco.oauth.store.SealedTokenException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.Exceptions;

/**
 * {@code sunco-oauth store-reseal}: {@link ConnectedAppStore#reseal()} on a PostgreSQL or Redis
 * store, the middle step of a key rotation. Safe to stop at any moment and to run again: every
 * record opens under its old key or the new one throughout, and a second run continues where the
 * records stand.
 */
@Command(
    name = "store-reseal",
    description = {
      "Seal every stored token of one integration under the key file's primary key: the step of a"
          + " key rotation between making a new key the primary (on every instance) and removing"
          + " the old key from the file.",
      "Safe to interrupt and to run again: each record is rewritten only if nobody wrote it since"
          + " it was read, and opens under its old key or the new one at every moment. A record"
          + " whose key is not in the file stops the run (exit 2) and stays as it is.",
      "The password comes from $"
          + StoreUrl.POSTGRES_PASSWORD_ENV
          + " (PostgreSQL) or $"
          + StoreUrl.REDIS_PASSWORD_ENV
          + " (Redis), never from the URL."
    })
final class StoreResealCommand extends CliCommand {

  /** The most records resealed at once: each holds a store connection of its own. */
  static final int MAX_CONCURRENCY = 32;

  /**
   * The backends' default deadline of a call, written here rather than read from them: every
   * command is built when the CLI starts, and this must not load a driver's classes.
   */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  @SuppressWarnings("NullAway.Init") // set by picocli before call(): the option is required
  @Option(
      names = "--store",
      required = true,
      paramLabel = "URL",
      description = {
        "The store: postgresql://USER@HOST[:PORT]/DATABASE[?sslmode=disable|require|verify-full]"
            + " or redis://[USER@]HOST[:PORT][/DB] (rediss:// for TLS)."
      })
  private String store;

  @SuppressWarnings("NullAway.Init") // set by picocli before call(): the option is required
  @Option(
      names = "--key-file",
      required = true,
      paramLabel = "FILE",
      description =
          "The key file (chmod 600): its primary key seals, every key it lists opens. See the"
              + " connected-apps guide for its format.")
  private Path keyFile;

  @Mixin private final Options.ClientId clientId = new Options.ClientId();

  @Option(
      names = "--table",
      paramLabel = "NAME",
      description = "PostgreSQL: the table. Default: " + PostgresSealedRecords.DEFAULT_TABLE + ".")
  private @Nullable String table;

  @Option(
      names = "--prefix",
      paramLabel = "PREFIX",
      description = "Redis: the key prefix. Default: " + RedisSealedRecords.DEFAULT_PREFIX + ".")
  private @Nullable String prefix;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      description =
          "How many records are resealed at once, 1 to "
              + MAX_CONCURRENCY
              + " (each holds a connection of its own: PostgreSQL's default max_connections is"
              + " 100). Default: ${DEFAULT-VALUE}.")
  private int concurrency = ConnectedAppStore.DEFAULT_RESEAL_CONCURRENCY;

  @Option(
      names = Options.TIMEOUT,
      paramLabel = "DURATION",
      converter = Durations.class,
      description =
          "The deadline of each call to the store (a connection, a page of records, a write):"
              + " 500ms, 3s, 1m or ISO-8601 (PT30S). Default: 2s.")
  private Duration timeout = DEFAULT_TIMEOUT;

  @Mixin private final Options.Json jsonOption = new Options.Json();

  private @Nullable StoreUrl url;

  @Override
  public boolean json() {
    return jsonOption.on();
  }

  @Override
  public Optional<String> endpoint() {
    return Optional.ofNullable(url).map(StoreUrl::hostPort);
  }

  @Override
  public Integer call() {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw CliFailure.usage("--concurrency must be 1 to " + MAX_CONCURRENCY);
    }
    if (clientId.value().isBlank()) {
      throw CliFailure.usage("--client-id must not be blank");
    }
    StoreUrl parsed = StoreUrl.parse(store);
    url = parsed;
    KeyRing ring = keyRing();
    ResealReport report;
    try (StoreUrl.Opened opened = open(parsed)) {
      ConnectedAppStore connected =
          ConnectedAppStore.builder()
              .records(opened.records())
              .keyRing(ring)
              .clientId(clientId.value())
              .resealConcurrency(concurrency)
              .build();
      report = Objects.requireNonNull(connected.reseal().block(), "reseal emits its report");
    } catch (RuntimeException e) {
      throw explained(Exceptions.unwrap(e), parsed);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json()) {
      out.println(
          new JsonLine()
              .put("ok", true)
              .put("clientId", clientId.value())
              .put("primaryKeyId", ring.primaryKeyId())
              .put("examined", report.examined())
              .put("resealed", report.resealed())
              .put("alreadyCurrent", report.alreadyCurrent())
              .put("changedMeanwhile", report.changedMeanwhile()));
    } else {
      out.println(
          "Resealed "
              + report.resealed()
              + " of "
              + report.examined()
              + " records of "
              + UntrustedText.clean(clientId.value())
              + " under key "
              + ring.primaryKeyId()
              + " ("
              + report.alreadyCurrent()
              + " were under it already, "
              + report.changedMeanwhile()
              + " were written by someone else meanwhile).");
    }
    out.flush();
    return SuncoOAuthCli.EXIT_OK;
  }

  /** The store; a driver missing from the class path (the CLI run in-process) is named. */
  private StoreUrl.Opened open(StoreUrl parsed) {
    try {
      return parsed.open(root.context(), table, prefix, timeout);
    } catch (NoClassDefFoundError e) {
      throw CliFailure.usage(
          "store-reseal needs "
              + (parsed.postgres() ? "r2dbc-postgresql" : "Lettuce (lettuce-core)")
              + " on the class path, as the CLI jar has it (missing: "
              + e.getMessage()
              + ")");
    }
  }

  /** The key file's ring; a file that cannot be read or is not a key file is a usage error. */
  private KeyRing keyRing() {
    try {
      return Objects.requireNonNull(
          KeyFile.at(keyFile).keyRing().block(), "keyRing emits a ring or errors");
    } catch (IllegalArgumentException e) {
      // The message names the file and the line, never a key.
      throw CliFailure.usage("invalid --key-file: " + e.getMessage());
    } catch (UncheckedIOException e) {
      Throwable cause = e.getCause();
      throw CliFailure.usage(
          "invalid --key-file: cannot read "
              + UntrustedText.clean(keyFile.toString())
              + " ["
              + (cause == null ? e : cause).getClass().getSimpleName()
              + "]");
    }
  }

  /** A failure of the run in the contract's terms: what stands, and what to do. */
  private static RuntimeException explained(Throwable e, StoreUrl url) {
    if (e instanceof CliFailure known) {
      return known;
    }
    if (e instanceof SealedTokenException sealed) {
      // Names the key id and the app id, never a token or a key.
      return new CliFailure(
          SuncoOAuthCli.EXIT_USAGE,
          sealed.getMessage()
              + "; the records resealed before it stay resealed and it stays as it is: "
              + (sealed.reason() == SealedTokenException.Reason.UNKNOWN_KEY
                  ? "add its key to --key-file and run again"
                  : "the key file holds another key under that id, or the record was altered or"
                      + " copied; find the key that sealed it before running again"),
          sealed);
    }
    if (e instanceof StoreUnavailableException unavailable) {
      if (StoreUrl.refusedByTheStore(unavailable)) {
        // A wrong password, a missing table: running again changes nothing.
        return new CliFailure(
            SuncoOAuthCli.EXIT_SERVER_ERROR,
            unavailable.getMessage() + " [" + url.hostPort() + "]: the store refused",
            unavailable);
      }
      return new CliFailure(
          SuncoOAuthCli.EXIT_NETWORK,
          unavailable.getMessage()
              + " ["
              + url.hostPort()
              + "]; the records resealed before stay resealed: run again",
          unavailable);
    }
    return e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
  }
}
