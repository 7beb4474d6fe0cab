package io.sunco.oauth.postgres;

import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.Statement;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import io.sunco.oauth.internal.StoreDeadlines;
import io.sunco.oauth.store.ConnectionStatus;
import io.sunco.oauth.store.SealedRecord;
import io.sunco.oauth.store.SealedRecords;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@link SealedRecords} backend on PostgreSQL, through the application's R2DBC {@link
 * ConnectionFactory} (pooled or not; this class never closes it). Each call takes a connection from
 * the factory, runs one SQL statement on it and closes it, also when the call fails or is
 * cancelled. The table's schema ships in this jar ({@link #createSchema()}; see the package
 * documentation for the columns).
 *
 * <pre>{@code
 * PostgresSealedRecords records = PostgresSealedRecords.builder(connectionFactory).build();
 * records.createSchema().block(); // once, at start-up, or with your migration tool
 * }</pre>
 *
 * <p>Every publisher errors with {@link StoreUnavailableException} when the database cannot be
 * reached, reports an error, or does not answer within the call's deadline ({@link
 * Builder#timeout(Duration)}); its message names the operation, never a value. Writes are single
 * statements, so concurrent writers of one app (in one process or several) never leave a mix of two
 * records. Thread-safe; build one and share it.
 */
public final class PostgresSealedRecords implements SealedRecords {

  /** Default table: {@value}. */
  public static final String DEFAULT_TABLE = "sunco_connected_app";

  /** Default deadline of each call: 2 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** Rows fetched per round trip by {@link #list} and {@link #findByAttribute}. */
  static final int FETCH_SIZE = 100;

  /* The operations StoreUnavailableException names for this backend's reads and writes. */
  private static final Operation WRITE = Operation.WRITE_RECORD;
  private static final Operation READ = Operation.READ_RECORDS;

  private final ConnectionFactory connectionFactory;
  private final String table;
  private final Duration timeout;
  private final RecordSql sql;

  private PostgresSealedRecords(Builder builder) {
    this.connectionFactory = builder.connectionFactory;
    this.table = builder.table;
    this.timeout = builder.timeout;
    this.sql = new RecordSql(table);
  }

  /**
   * Starts a backend on the application's connection factory.
   *
   * @param connectionFactory where connections come from; never closed by this class
   * @return a builder with the default table ({@value #DEFAULT_TABLE}) and deadline (2 seconds)
   * @throws NullPointerException when {@code connectionFactory} is null
   */
  public static Builder builder(ConnectionFactory connectionFactory) {
    return new Builder(connectionFactory);
  }

  /**
   * Creates the table and its index when they do not exist, as the shipped {@code
   * io/sunco/oauth/postgres/schema.sql} says, under this backend's table name. Idempotent, and safe
   * when several instances run it at once (it takes a transaction-scoped advisory lock); it never
   * alters or drops an existing table.
   *
   * @return a {@code Mono} that completes empty once the schema is in place, or errors with {@link
   *     StoreUnavailableException} when the database cannot apply it (unreachable, no privilege,
   *     deadline passed)
   */
  public Mono<Void> createSchema() {
    return one(
        WRITE,
        connection ->
            Flux.from(connection.createStatement(sql.schema).execute())
                .concatMap(Result::getRowsUpdated)
                .then());
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code INSERT ... ON CONFLICT DO UPDATE} statement: the stored revision is 1 for a new
   * row, one more than the stored one otherwise.
   */
  @Override
  public Mono<SealedRecord> upsert(SealedRecord record) {
    Objects.requireNonNull(record, "record");
    return one(
            WRITE,
            connection ->
                revised(bindRecord(connection.createStatement(sql.upsert), record)).single())
        .map(record::withRevision);
  }

  /** {@inheritDoc} */
  @Override
  public Mono<SealedRecord> find(String clientId, String appId) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(appId, "appId");
    return one(
        READ,
        connection ->
            Flux.from(
                    connection.createStatement(sql.find).bind(0, clientId).bind(1, appId).execute())
                .concatMap(result -> result.map((row, metadata) -> read(row)))
                .singleOrEmpty());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Rows stream in batches of 100; each must arrive within the deadline of the one before it
   * (the first within the deadline of the subscription), so a subscriber that requests nothing for
   * longer than the deadline ends the stream with {@link StoreUnavailableException}.
   */
  @Override
  public Flux<SealedRecord> findByAttribute(String clientId, String name, String value) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return many(
        connection ->
            connection
                .createStatement(sql.findByAttribute)
                .bind(0, clientId)
                .bind(1, name)
                .bind(2, value));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Rows stream in batches of 100 through a cursor, as the subscriber requests them; each must
   * arrive within the deadline of the one before it (the first within the deadline of the
   * subscription), so a subscriber that requests nothing for longer than the deadline ends the
   * stream with {@link StoreUnavailableException}. The connection is held until the stream ends.
   */
  @Override
  public Flux<SealedRecord> list(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    return many(connection -> connection.createStatement(sql.list).bind(0, clientId));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One {@code UPDATE} whose {@code WHERE} names the seen revision, key id and sealed bytes:
   * among writers racing from one read, exactly one updates the row.
   */
  @Override
  public Mono<SealedRecord> replaceIfUnchanged(SealedRecord seen, SealedRecord replacement) {
    Objects.requireNonNull(seen, "seen");
    Objects.requireNonNull(replacement, "replacement");
    if (!seen.clientId().equals(replacement.clientId())
        || !seen.appId().equals(replacement.appId())) {
      throw new IllegalArgumentException("seen and replacement name different records");
    }
    return one(
            WRITE,
            connection ->
                revised(
                    bindRecord(connection.createStatement(sql.replaceIfUnchanged), replacement)
                        .bind(10, seen.revision())
                        .bind(11, seen.keyId())
                        .bind(12, seen.sealedToken())))
        .map(replacement::withRevision);
  }

  /** {@inheritDoc} */
  @Override
  public Mono<Boolean> delete(String clientId, String appId) {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(appId, "appId");
    return one(
        WRITE,
        connection ->
            deleted(connection.createStatement(sql.delete).bind(0, clientId).bind(1, appId)));
  }

  /** {@inheritDoc} */
  @Override
  public Mono<Boolean> deleteIfUnchanged(SealedRecord seen) {
    Objects.requireNonNull(seen, "seen");
    return one(
        WRITE,
        connection ->
            deleted(
                connection
                    .createStatement(sql.deleteIfUnchanged)
                    .bind(0, seen.clientId())
                    .bind(1, seen.appId())
                    .bind(2, seen.revision())
                    .bind(3, seen.keyId())
                    .bind(4, seen.sealedToken())));
  }

  /** Shows the table and the deadline. */
  @Override
  public String toString() {
    return "PostgresSealedRecords[table=" + table + ", timeout=" + timeout + "]";
  }

  /** Runs {@code work} on a connection of its own, closed however the call ends. */
  private <T> Mono<T> one(Operation operation, Function<Connection, Mono<T>> work) {
    Mono<Connection> connection = Mono.from(connectionFactory.create());
    return Mono.usingWhen(connection, work, Connection::close)
        .timeout(timeout, Schedulers.parallel())
        .onErrorMap(error -> unavailable(operation, error));
  }

  /** Streams the records a query selects, on a connection of its own held until the end. */
  private Flux<SealedRecord> many(Function<Connection, Statement> query) {
    Mono<Connection> connection = Mono.from(connectionFactory.create());
    return Flux.usingWhen(
            connection,
            opened ->
                Flux.from(query.apply(opened).fetchSize(FETCH_SIZE).execute())
                    .concatMap(result -> result.map((row, metadata) -> read(row))),
            Connection::close)
        .timeout(timeout, Schedulers.parallel())
        .onErrorMap(error -> unavailable(READ, error));
  }

  private StoreUnavailableException unavailable(Operation operation, Throwable error) {
    if (error instanceof StoreUnavailableException already) {
      return already;
    }
    return error instanceof TimeoutException
        ? StoreUnavailableException.timedOut(operation, timeout)
        : StoreUnavailableException.failed(operation, error);
  }

  private static Mono<Boolean> deleted(Statement statement) {
    return Flux.from(statement.execute())
        .concatMap(Result::getRowsUpdated)
        .reduce(0L, Long::sum)
        .map(rows -> rows > 0);
  }

  /** The revision in the one row the statement returns; empty when it returns none. */
  private static Mono<Long> revised(Statement statement) {
    return Flux.from(statement.execute())
        .concatMap(result -> result.map((row, metadata) -> revision(row)))
        .singleOrEmpty();
  }

  /** Binds {@code $1} to {@code $10}: the record's columns but the revision. */
  private static Statement bindRecord(Statement statement, SealedRecord record) {
    statement.bind(0, record.clientId()).bind(1, record.appId());
    bindText(statement, 2, record.subdomain().orElse(null));
    bindText(statement, 3, record.apiBaseUrl().map(URI::toString).orElse(null));
    statement.bind(4, record.keyId()).bind(5, record.sealedToken()).bind(6, record.connectedAt());
    Optional<Instant> lastVerifiedAt = record.lastVerifiedAt();
    if (lastVerifiedAt.isPresent()) {
      statement.bind(7, lastVerifiedAt.get());
    } else {
      statement.bindNull(7, Instant.class);
    }
    return statement
        .bind(8, record.status().name())
        .bind(9, Json.of(Attributes.encode(record.attributes())));
  }

  private static void bindText(Statement statement, int index, @Nullable String text) {
    if (text == null) {
      statement.bindNull(index, String.class);
    } else {
      statement.bind(index, text);
    }
  }

  private static long revision(Row row) {
    return required(row, "revision", Long.class);
  }

  private static SealedRecord read(Row row) {
    return new SealedRecord(
        required(row, "client_id", String.class),
        required(row, "app_id", String.class),
        Optional.ofNullable(row.get("subdomain", String.class)),
        Optional.ofNullable(row.get("api_base_url", String.class)).map(URI::create),
        required(row, "key_id", String.class),
        required(row, "sealed_token", byte[].class),
        required(row, "connected_at", Instant.class),
        Optional.ofNullable(row.get("last_verified_at", Instant.class)),
        ConnectionStatus.valueOf(required(row, "status", String.class)),
        Attributes.decode(required(row, "attributes", Json.class).asArray()),
        revision(row));
  }

  private static <T> T required(Row row, String column, Class<T> type) {
    T value = row.get(column, type);
    if (value == null) {
      throw new IllegalStateException("column " + column + " is null");
    }
    return value;
  }

  /**
   * Configures a {@link PostgresSealedRecords}: the table and the deadline of each call. Not
   * thread-safe, use once.
   */
  public static final class Builder {

    private final ConnectionFactory connectionFactory;
    private String table = DEFAULT_TABLE;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(ConnectionFactory connectionFactory) {
      this.connectionFactory = Objects.requireNonNull(connectionFactory, "connectionFactory");
    }

    /**
     * Sets the table; default {@value PostgresSealedRecords#DEFAULT_TABLE}. Instances that share
     * connected apps use the same table (and database). To use another schema, set it on the
     * connection (the driver's {@code schema} option, PostgreSQL's {@code search_path}).
     *
     * @param table 1 to 48 lower-case letters, digits or underscores, not starting with a digit
     * @return this builder
     * @throws NullPointerException when {@code table} is null
     * @throws IllegalArgumentException when the name has another shape
     */
    public Builder table(String table) {
      this.table = RecordSql.checkedTable(table);
      return this;
    }

    /**
     * Sets the deadline of each call; default 2 seconds. It spans taking a connection from the
     * factory, the statement and its answer (for a stream: the arrival of each row). A call that
     * has not answered by then is cancelled (its connection closed) and errors with {@link
     * StoreUnavailableException}.
     *
     * @param timeout the deadline
     * @return this builder
     * @throws NullPointerException when {@code timeout} is null
     * @throws IllegalArgumentException when not positive or longer than one minute
     */
    public Builder timeout(Duration timeout) {
      this.timeout = StoreDeadlines.checkedTimeout(timeout);
      return this;
    }

    /**
     * Builds the backend. Nothing is sent to the database until a call is subscribed.
     *
     * @return the backend
     */
    public PostgresSealedRecords build() {
      return new PostgresSealedRecords(this);
    }
  }
}
