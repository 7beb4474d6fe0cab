package io.sunco.oauth.cli;

import io.lettuce.core.RedisURI;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.postgresql.client.SSLMode;
import io.sunco.oauth.postgres.PostgresSealedRecords;
import io.sunco.oauth.redis.RedisSealedRecords;
import io.sunco.oauth.redis.RedisStoreConnection;
import io.sunco.oauth.store.SealedRecords;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The connected-app store named by {@code --store}: {@code postgresql://USER@HOST[:PORT]/DATABASE}
 * (optionally {@code ?sslmode=disable|require|verify-full}) or {@code redis://HOST[:PORT][/DB]}
 * ({@code rediss://} over TLS, {@code redis://USER@HOST} for an ACL user). A password never comes
 * from the URL, which {@code ps} and the shell's history show, but from the variable its own client
 * reads: {@value #POSTGRES_PASSWORD_ENV} for PostgreSQL, {@value #REDIS_PASSWORD_ENV} for Redis.
 * The only classes of the CLI that touch the R2DBC driver or Lettuce.
 */
final class StoreUrl {

  /** The variable PostgreSQL's own clients ({@code psql}, libpq) read the password from. */
  static final String POSTGRES_PASSWORD_ENV = "PGPASSWORD";

  /** The variable {@code redis-cli} reads the password from. */
  static final String REDIS_PASSWORD_ENV = "REDISCLI_AUTH";

  static final int POSTGRES_PORT = 5432;
  static final int REDIS_PORT = 6379;

  /** How long opening a PostgreSQL connection may take. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final Map<String, SSLMode> SSL_MODES =
      Map.of(
          "disable",
          SSLMode.DISABLE,
          "require",
          SSLMode.REQUIRE,
          "verify-full",
          SSLMode.VERIFY_FULL);

  /** A store opened for one command; closing it closes its connection. */
  record Opened(SealedRecords records, AutoCloseable connection) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      connection.close();
    }
  }

  private final URI uri;
  private final boolean postgres;
  private final String host;
  private final int port;

  private StoreUrl(URI uri, boolean postgres, String host, int port) {
    this.uri = uri;
    this.postgres = postgres;
    this.host = host;
    this.port = port;
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
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && userInfo.contains(":")) {
      throw usage(
          "a password does not go into the URL (ps and the shell's history show it): put it in $"
              + (postgres ? POSTGRES_PASSWORD_ENV : REDIS_PASSWORD_ENV));
    }
    if (uri.getHost() == null) {
      throw usage("the URL names no host");
    }
    int port = uri.getPort() == -1 ? (postgres ? POSTGRES_PORT : REDIS_PORT) : uri.getPort();
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // an IPv6 literal, as the drivers take it
    }
    StoreUrl url = new StoreUrl(uri, postgres, host, port);
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
  Opened open(CliContext context, @Nullable String table, @Nullable String prefix) {
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
              .applicationName("sunco-oauth store-reseal")
              .connectTimeout(CONNECT_TIMEOUT)
              .sslMode(sslMode());
      context.env(POSTGRES_PASSWORD_ENV).ifPresent(configuration::password);
      PostgresSealedRecords.Builder records =
          PostgresSealedRecords.builder(new PostgresqlConnectionFactory(configuration.build()));
      if (table != null) {
        records.table(table);
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
    String user = uri.getUserInfo();
    if (user != null) {
      redis.withAuthentication(
          user, password.orElseThrow(() -> usage("a user needs $" + REDIS_PASSWORD_ENV)));
    } else {
      password.ifPresent(p -> redis.withPassword(p.toCharArray()));
    }
    RedisStoreConnection connection = RedisStoreConnection.connect(redis.build());
    RedisSealedRecords.Builder records = RedisSealedRecords.builder(connection.commands());
    if (prefix != null) {
      records.prefix(prefix);
    }
    return new Opened(records.build(), connection);
  }

  private String user() {
    String user = uri.getUserInfo();
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

  private SSLMode sslMode() {
    String query = uri.getQuery();
    if (query == null || query.isEmpty()) {
      return SSLMode.DISABLE;
    }
    if (!query.startsWith("sslmode=") || query.contains("&")) {
      throw usage("a postgresql URL takes one query parameter, sslmode");
    }
    SSLMode mode = SSL_MODES.get(query.substring("sslmode=".length()));
    if (mode == null) {
      throw usage("sslmode must be disable, require or verify-full");
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

  private static CliFailure usage(String rule) {
    return CliFailure.usage("invalid --store: " + rule);
  }

  @Override
  public String toString() {
    return (postgres ? "postgresql://" : uri.getScheme() + "://") + hostPort();
  }
}
