package io.sunco.oauth.cli;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import io.r2dbc.spi.R2dbcNonTransientException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.sunco.oauth.internal.Hosts;
import io.sunco.oauth.postgres.PostgresSealedRecords;
import io.sunco.oauth.redis.RedisSealedRecords;
import io.sunco.oauth.redis.RedisStoreConnection;
import io.sunco.oauth.store.SealedRecords;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The connected-app store named by {@code --store}: {@code postgresql://USER@HOST[:PORT]/DATABASE}
 * (optionally {@code ?sslmode=} one of libpq's modes; without it, {@code require} for a host other
 * than a loopback address, so that the password never crosses a network in clear, and {@code
 * disable} on loopback) or {@code redis://HOST[:PORT][/DB]} ({@code rediss://} over TLS, {@code
 * redis://USER@HOST} for an ACL user). A password never comes from the URL, which {@code ps} and
 * the shell's history show, but from the variable its own client reads: {@value
 * #POSTGRES_PASSWORD_ENV} for PostgreSQL, {@value #REDIS_PASSWORD_ENV} for Redis. The only class of
 * the CLI that touches the R2DBC driver or Lettuce ({@code PackageBoundariesTest} holds it to
 * that).
 */
final class StoreUrl {

  /** The variable PostgreSQL's own clients ({@code psql}, libpq) read the password from. */
  static final String POSTGRES_PASSWORD_ENV = "PGPASSWORD";

  /** The variable {@code redis-cli} reads the password from. */
  static final String REDIS_PASSWORD_ENV = "REDISCLI_AUTH";

  static final int POSTGRES_PORT = 5432;
  static final int REDIS_PORT = 6379;

  /** A host name, an IPv4 address or a bracketed IPv6 literal, as a URL holds it. */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|[0-9A-Fa-f:.]+");

  /** libpq's {@code sslmode} values. */
  private static final Map<String, SSLMode> SSL_MODES =
      Map.of(
          "disable",
          SSLMode.DISABLE,
          "allow",
          SSLMode.ALLOW,
          "prefer",
          SSLMode.PREFER,
          "require",
          SSLMode.REQUIRE,
          "verify-ca",
          SSLMode.VERIFY_CA,
          "verify-full",
          SSLMode.VERIFY_FULL);

  /** The {@code application_name} of the PostgreSQL sessions, as {@code pg_stat_activity} shows. */
  static final String APPLICATION_NAME = "sunco-oauth store-reseal";

  /** A store opened for one command; closing it closes its connection. */
  record Opened(SealedRecords records, Runnable closer) implements AutoCloseable {
    @Override
    public void close() {
      closer.run();
    }
  }

  private final URI uri;
  private final boolean postgres;
  private final String host;
  private final int port;
  private final @Nullable String user;

  private StoreUrl(URI uri, boolean postgres, String host, int port, @Nullable String user) {
    this.uri = uri;
    this.postgres = postgres;
    this.host = host;
    this.port = port;
    this.user = user;
  }

  /**
   * Reads {@code --store}.
   *
   * @throws CliFailure a usage error naming the rule broken; never echoes a password
   */
  static StoreUrl parse(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw usage("not a URL (expected postgresql://USER@HOST/DATABASE or redis://HOST)");
    }
    String scheme = Optional.ofNullable(uri.getScheme()).orElse("").toLowerCase(Locale.ROOT);
    boolean postgres = scheme.equals("postgresql") || scheme.equals("postgres");
    if (!postgres && !scheme.equals("redis") && !scheme.equals("rediss")) {
      throw usage("the scheme must be postgresql, redis or rediss");
    }
    // The authority is read here rather than by java.net.URI, which takes a host name with '_'
    // (common in Docker Compose) for a registry authority and then gives no host, user or port.
    String authority = Optional.ofNullable(uri.getRawAuthority()).orElse("");
    int at = authority.lastIndexOf('@');
    String rawUser = at < 0 ? null : authority.substring(0, at);
    if (rawUser != null && rawUser.contains(":")) {
      throw usage(
          "a password does not go into the URL (ps and the shell's history show it): put it in $"
              + (postgres ? POSTGRES_PASSWORD_ENV : REDIS_PASSWORD_ENV));
    }
    String hostPort = authority.substring(at + 1);
    String host;
    String portText;
    if (hostPort.startsWith("[") && hostPort.contains("]")) {
      int close = hostPort.indexOf(']');
      host = hostPort.substring(1, close); // an IPv6 literal, as the drivers take it
      String rest = hostPort.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        throw usage("the URL names no host");
      }
      portText = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = hostPort.lastIndexOf(':');
      host = colon < 0 ? hostPort : hostPort.substring(0, colon);
      portText = colon < 0 ? null : hostPort.substring(colon + 1);
    }
    if (host.isEmpty() || !HOST.matcher(host).matches()) {
      throw usage("the URL names no host");
    }
    int port = portText == null ? (postgres ? POSTGRES_PORT : REDIS_PORT) : port(portText);
    String user =
        rawUser == null
            ? null
            : URLDecoder.decode(rawUser.replace("+", "%2B"), StandardCharsets.UTF_8);
    StoreUrl url = new StoreUrl(uri, postgres, host, port, user);
    if (postgres) {
      url.user();
      url.database();
      url.sslMode();
    } else {
      url.redisDatabase();
      if (uri.getRawQuery() != null) {
        throw usage("a redis URL takes no query");
      }
    }
    return url;
  }

  /** {@code host:port}, for failure messages. */
  String hostPort() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** Whether this is a PostgreSQL store (else Redis). */
  boolean postgres() {
    return postgres;
  }

  /**
   * Connects: PostgreSQL lazily (each call of the backend opens its connection), Redis at once.
   *
   * @param context where the password variable is read
   * @param table the PostgreSQL table, or null for the backend's default
   * @param prefix the Redis key prefix, or null for the backend's default
   * @throws io.sunco.oauth.callback.StoreUnavailableException when Redis cannot be reached
   */
  Opened open(
      CliContext context, @Nullable String table, @Nullable String prefix, Duration timeout) {
    if (postgres) {
      if (prefix != null) {
        throw usage("--prefix is for a Redis store; a PostgreSQL store takes --table");
      }
      PostgresqlConnectionConfiguration.Builder configuration =
          PostgresqlConnectionConfiguration.builder()
              .host(host)
              .port(port)
              .username(user())
              .database(database())
              .applicationName(APPLICATION_NAME)
              .connectTimeout(timeout)
              .sslMode(sslMode());
      context.env(POSTGRES_PASSWORD_ENV).ifPresent(configuration::password);
      PostgresSealedRecords.Builder records =
          PostgresSealedRecords.builder(new PostgresqlConnectionFactory(configuration.build()))
              .timeout(timeout);
      if (table != null) {
        checked("--table", () -> records.table(table));
      }
      return new Opened(records.build(), () -> {});
    }
    if (table != null) {
      throw usage("--table is for a PostgreSQL store; a Redis store takes --prefix");
    }
    RedisURI.Builder redis =
        RedisURI.Builder.redis(host, port)
            .withSsl(uri.getScheme().equalsIgnoreCase("rediss"))
            .withDatabase(redisDatabase());
    Optional<String> password = context.env(REDIS_PASSWORD_ENV);
    if (user != null) {
      redis.withAuthentication(
          user, password.orElseThrow(() -> usage("a user needs $" + REDIS_PASSWORD_ENV)));
    } else {
      password.ifPresent(p -> redis.withPassword(p.toCharArray()));
    }
    RedisStoreConnection connection =
        RedisStoreConnection.connect(redis.withTimeout(timeout).build());
    try {
      RedisSealedRecords.Builder records =
          RedisSealedRecords.builder(connection.commands()).timeout(timeout);
      if (prefix != null) {
        checked("--prefix", () -> records.prefix(prefix));
      }
      return new Opened(records.build(), connection::close);
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  private static int port(String text) {
    try {
      int port = Integer.parseInt(text);
      if (port > 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // the usage error below
    }
    throw usage("the port must be a number from 1 to 65535");
  }

  private String user() {
    if (user == null || user.isBlank()) {
      throw usage("a postgresql URL names its user: postgresql://USER@HOST/DATABASE");
    }
    return user;
  }

  private String database() {
    String path = Optional.ofNullable(uri.getPath()).orElse("");
    String database = path.startsWith("/") ? path.substring(1) : path;
    if (database.isBlank() || database.contains("/")) {
      throw usage("a postgresql URL names its database: postgresql://USER@HOST/DATABASE");
    }
    return database;
  }

  /** {@code ?sslmode=}; without it, {@code require} off loopback and {@code disable} on it. */
  SSLMode sslMode() {
    String query = uri.getQuery();
    if (query == null || query.isEmpty()) {
      return Hosts.isLoopback(host) ? SSLMode.DISABLE : SSLMode.REQUIRE;
    }
    if (!query.startsWith("sslmode=") || query.contains("&")) {
      throw usage("a postgresql URL takes one query parameter, sslmode");
    }
    SSLMode mode = SSL_MODES.get(query.substring("sslmode=".length()));
    if (mode == null) {
      throw usage("sslmode must be disable, allow, prefer, require, verify-ca or verify-full");
    }
    return mode;
  }

  private int redisDatabase() {
    String path = Optional.ofNullable(uri.getPath()).orElse("");
    if (path.isEmpty() || path.equals("/")) {
      return 0;
    }
    try {
      int database = Integer.parseInt(path.substring(1));
      if (database >= 0) {
        return database;
      }
    } catch (NumberFormatException e) {
      // the usage error below
    }
    throw usage("the path of a redis URL is a database number: redis://HOST:PORT/0");
  }

  /**
   * Whether a failure is the store refusing (a wrong password, a missing table, a command it
   * rejects), which running again will not change, rather than a network failure or a timeout.
   */
  static boolean refusedByTheStore(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      // R2DBC counts a connection that cannot be made as a non-transient *resource* failure:
      // that one is the network's, not the store's answer.
      if ((e instanceof R2dbcNonTransientException
              && !(e instanceof R2dbcNonTransientResourceException))
          || e instanceof RedisCommandExecutionException) {
        return true;
      }
      if (e.getCause() == e) {
        break;
      }
    }
    return false;
  }

  /** Runs a builder's check of an option's value; its refusal is a usage error. */
  private static void checked(String option, Runnable check) {
    try {
      check.run();
    } catch (IllegalArgumentException e) {
      // The backends' messages name the rule, never the value.
      throw CliFailure.usage("invalid " + option + ": " + e.getMessage());
    }
  }

  private static CliFailure usage(String rule) {
    return CliFailure.usage("invalid --store: " + rule);
  }

  @Override
  public String toString() {
    return (postgres ? "postgresql://" : uri.getScheme() + "://") + hostPort();
  }
}
