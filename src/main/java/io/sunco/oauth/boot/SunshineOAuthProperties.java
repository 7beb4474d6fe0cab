package io.sunco.oauth.boot;

import io.sunco.oauth.store.TokenCheck;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code sunco.oauth.*} properties of the Spring Boot auto-configuration, bound through the
 * constructor: immutable, one record per group. Every default is the library's own (for example
 * {@link io.sunco.oauth.policy.Timeouts#DEFAULT_CONNECT}); the configuration metadata lists them
 * with a description for the IDE. The values are checked when the client, the store and the routes
 * are made, and a rejected one fails the start-up naming the property. {@link #toString()} never
 * shows the client secret or the Redis URI. No component is null but those marked so: Boot binds
 * every group, with its defaults when none is set.
 *
 * @param enabled Whether to auto-configure the client, the state store and the routes.
 * @param clientId The integration's client id. Required.
 * @param clientSecret The integration's client secret; required by the routes (the token exchange).
 *     Never logged and masked in /actuator output.
 * @param baseUrl The OAuth host: oauth-bridge, legacy-us, legacy-eu, or a base URL (https, or http
 *     on a loopback host).
 * @param defaultHeaders Headers sent on every call, such as X-Zendesk-Marketplace-Bot-Id.
 * @param maxResponseBytes The limit on a response body, in bytes (1024 to 16777216).
 * @param timeouts The deadlines of every call.
 * @param retry How failed calls are retried.
 * @param pool The connection pool the client creates.
 * @param routes The WebFlux routes, made when the application has a TokenSink bean.
 * @param state The store of pending states.
 * @param store Where the connected apps (their tokens sealed) are kept: memory (one instance only),
 *     postgres (the application's R2DBC ConnectionFactory) or redis. When not set, or empty, no
 *     store is made.
 * @param keys The key ring that seals the stored tokens. Masked in /actuator output.
 * @param connectedApps The store's backends and its disconnect and removal routes.
 * @param tokenCheck The scheduled check of stored tokens
 *     (ConnectedAppStore.checkTokensPeriodically).
 */
@ConfigurationProperties(prefix = SunshineOAuthProperties.PREFIX)
public record SunshineOAuthProperties(
    @DefaultValue("true") boolean enabled,
    @Nullable String clientId,
    @Nullable String clientSecret,
    @DefaultValue("oauth-bridge") String baseUrl,
    @DefaultValue Map<String, String> defaultHeaders,
    @DefaultValue("65536") int maxResponseBytes,
    @DefaultValue TimeoutSettings timeouts,
    @DefaultValue RetrySettings retry,
    @DefaultValue PoolLimits pool,
    @DefaultValue RouteSettings routes,
    @DefaultValue StateSettings state,
    @Nullable AppStoreType store,
    @DefaultValue KeySettings keys,
    @DefaultValue ConnectedAppSettings connectedApps,
    @DefaultValue TokenCheckSettings tokenCheck) {

  /** The prefix of every property: {@value}. */
  public static final String PREFIX = "sunco.oauth";

  /**
   * Keeps an unmodifiable copy of the headers, in their order, so that a later change to the
   * caller's map changes nothing here. The other values are checked when the client, the store and
   * the routes are made.
   *
   * @param enabled see {@link #enabled()}
   * @param clientId see {@link #clientId()}
   * @param clientSecret see {@link #clientSecret()}
   * @param baseUrl see {@link #baseUrl()}
   * @param defaultHeaders see {@link #defaultHeaders()}
   * @param maxResponseBytes see {@link #maxResponseBytes()}
   * @param timeouts see {@link #timeouts()}
   * @param retry see {@link #retry()}
   * @param pool see {@link #pool()}
   * @param routes see {@link #routes()}
   * @param state see {@link #state()}
   * @param store see {@link #store()}
   * @param keys see {@link #keys()}
   * @param connectedApps see {@link #connectedApps()}
   * @param tokenCheck see {@link #tokenCheck()}
   * @throws NullPointerException if {@code defaultHeaders} is null
   */
  public SunshineOAuthProperties {
    defaultHeaders =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(
                Objects.requireNonNull(defaultHeaders, PREFIX + ".default-headers")));
  }

  /**
   * The headers sent on every call, in the order they were bound.
   *
   * @return the headers by name, unmodifiable
   */
  @Override
  public Map<String, String> defaultHeaders() {
    return defaultHeaders;
  }

  /** Shows the settings; the client secret only as set or not, the headers by name only. */
  @Override
  public String toString() {
    return ("SunshineOAuthProperties[enabled=%s, clientId=%s, clientSecret=%s, baseUrl=%s,"
            + " defaultHeaders=%s, maxResponseBytes=%s, timeouts=%s, retry=%s, pool=%s, routes=%s,"
            + " state=%s, store=%s, keys=%s, connectedApps=%s, tokenCheck=%s]")
        .formatted(
            enabled,
            clientId,
            clientSecret == null ? "(not set)" : "****",
            baseUrl,
            defaultHeaders.keySet(),
            maxResponseBytes,
            timeouts,
            retry,
            pool,
            routes,
            state,
            store == null ? "(not set)" : store,
            keys,
            connectedApps,
            tokenCheck);
  }

  /**
   * {@code sunco.oauth.timeouts.*}: the deadlines of every call.
   *
   * @param connect Making one TCP connection, TLS handshake included.
   * @param attempt One attempt, from asking for a connection to the last byte of the answer.
   * @param call The whole call: all attempts and the waits between them.
   */
  public record TimeoutSettings(
      @DefaultValue("5s") Duration connect,
      @DefaultValue("10s") Duration attempt,
      @DefaultValue("30s") Duration call) {}

  /**
   * {@code sunco.oauth.retry.*}: how failed calls are retried.
   *
   * @param maxRetries Retries after the first attempt (0 to 10): 2 means at most 3 attempts.
   * @param initialBackoff The cap of the first backoff; later caps double up to max-backoff (full
   *     jitter).
   * @param maxBackoff The cap of every backoff.
   * @param budget The retry budget shared by all calls.
   */
  public record RetrySettings(
      @DefaultValue("2") int maxRetries,
      @DefaultValue("100ms") Duration initialBackoff,
      @DefaultValue("2s") Duration maxBackoff,
      @DefaultValue BudgetSettings budget) {}

  /**
   * {@code sunco.oauth.retry.budget.*}: how many retries all calls may make together.
   *
   * @param maxTokens The size of the token bucket; a retry is made only while more than half is
   *     left.
   * @param tokenRatio The share of a token a successful call puts back, in (0, 1].
   */
  public record BudgetSettings(
      @DefaultValue("10") int maxTokens, @DefaultValue("0.1") double tokenRatio) {}

  /**
   * {@code sunco.oauth.pool.*}: the connection pool the client creates.
   *
   * @param maxConnections Connections open at once.
   * @param maxPendingAcquires Calls that may wait for a connection; one more fails at once.
   * @param acquireTimeout How long a call waits for a pooled connection.
   * @param maxIdleTime How long a connection may stay idle before it is closed.
   */
  public record PoolLimits(
      @DefaultValue("64") int maxConnections,
      @DefaultValue("1024") int maxPendingAcquires,
      @DefaultValue("10s") Duration acquireTimeout,
      @DefaultValue("20s") Duration maxIdleTime) {}

  /**
   * {@code sunco.oauth.routes.*}: the WebFlux routes, made when the application has a {@code
   * TokenSink} bean.
   *
   * @param enabled Whether to make the routes when the application has a TokenSink bean.
   * @param redirectUri The redirect URI sent with every authorize request, registered for the
   *     integration; its path ends with {prefix}/callback. Required when the routes are made.
   * @param prefix The path prefix of the start and callback routes.
   * @param successUrl Where the browser goes after a successful authorization: a path or an http(s)
   *     URL.
   * @param denialUrl Where the browser goes when access was denied; when not set, a 403 page is
   *     shown.
   * @param cookieName The name of the browser nonce cookie, without a prefix: with an https
   *     redirect URI it is sent as __Host-{name} (Secure, Path=/, no Domain), so that no sibling
   *     subdomain can plant it; the default name then gets the routes' path appended unless they
   *     are at /oauth/sunshine.
   * @param cookieMaxAge The Max-Age of the nonce cookie (1 s to 1 day); when not set,
   *     sunco.oauth.state.ttl.
   */
  public record RouteSettings(
      @DefaultValue("true") boolean enabled,
      @Nullable String redirectUri,
      @DefaultValue("/oauth/sunshine") String prefix,
      @DefaultValue("/") String successUrl,
      @Nullable String denialUrl,
      @DefaultValue("sunco_oauth_nonce") String cookieName,
      @Nullable Duration cookieMaxAge) {}

  /** Where the pending states live between the start and the callback route. */
  public enum StoreType {
    /** In this JVM's memory: one node, or sticky sessions. */
    MEMORY,
    /** In Redis, shared by every node. */
    REDIS
  }

  /**
   * {@code sunco.oauth.state.*}: the store of pending states.
   *
   * @param store Where the states live: memory (one node, or sticky sessions) or redis (shared).
   * @param ttl How long a state stays valid after the start route saved it.
   * @param maxEntries The most states the in-memory store keeps at once; one more fails the start
   *     route.
   * @param redis The Redis store of pending states.
   */
  public record StateSettings(
      @DefaultValue("memory") StoreType store,
      @DefaultValue("10m") Duration ttl,
      @DefaultValue("10000") int maxEntries,
      @DefaultValue RedisSettings redis) {}

  /**
   * {@code sunco.oauth.state.redis.*}: the Redis store of pending states.
   *
   * @param uri The Redis URI, such as redis://host:6379/0; when not set, the application's Lettuce
   *     connection bean is used. Masked in /actuator output (it may hold a password).
   * @param keyPrefix The prefix of every key the store writes.
   * @param timeout The deadline of each Redis command; past it the start or callback route answers
   *     503.
   */
  public record RedisSettings(
      @Nullable String uri,
      @DefaultValue("sunco-oauth:state:") String keyPrefix,
      @DefaultValue("2s") Duration timeout) {

    /** Shows the settings; the URI (which may hold a password) only as set or not. */
    @Override
    public String toString() {
      return "RedisSettings[uri=%s, keyPrefix=%s, timeout=%s]"
          .formatted(uri == null ? "(not set)" : "****", keyPrefix, timeout);
    }
  }

  /** Where the connected apps are kept ({@code sunco.oauth.store}). */
  public enum AppStoreType {
    /** In this JVM's memory: one instance only, and lost at restart (a WARN says so). */
    MEMORY,
    /** In PostgreSQL, through the application's R2DBC {@code ConnectionFactory} bean. */
    POSTGRES,
    /** In Redis, on the connection of the state store or the application's Lettuce bean. */
    REDIS
  }

  /**
   * {@code sunco.oauth.keys.*}: the key ring that seals the stored tokens. The application's own
   * {@code KeyProvider} bean, when it has one, wins over the file.
   *
   * @param file The key file (KeyFile: "primary = id" and "key.id = base64" lines, readable by its
   *     owner only); required with sunco.oauth.store unless the application has a KeyProvider bean.
   *     Masked in /actuator output.
   * @param timeout How long the start-up waits for the key ring (the file, or the application's
   *     KeyProvider).
   */
  public record KeySettings(@Nullable String file, @DefaultValue("30s") Duration timeout) {

    /** Shows the settings; the file only as set or not. */
    @Override
    public String toString() {
      return "KeySettings[file=%s, timeout=%s]"
          .formatted(file == null ? "(not set)" : "****", timeout);
    }
  }

  /**
   * {@code sunco.oauth.connected-apps.*}: the store's backends and routes.
   *
   * @param postgres The PostgreSQL backend (sunco.oauth.store=postgres).
   * @param redis The Redis backend (sunco.oauth.store=redis).
   * @param routes The disconnect and removal routes.
   */
  public record ConnectedAppSettings(
      @DefaultValue PostgresStoreSettings postgres,
      @DefaultValue RedisStoreSettings redis,
      @DefaultValue AppRouteSettings routes) {}

  /**
   * {@code sunco.oauth.connected-apps.postgres.*}: the PostgreSQL backend.
   *
   * @param table The table of the connected apps; every instance that shares the apps uses the
   *     same.
   * @param timeout The deadline of each database call.
   * @param createSchema Whether to create the table (if it does not exist) at start-up, from the
   *     schema shipped in the jar; off by default: use your migration tool.
   */
  public record PostgresStoreSettings(
      @DefaultValue("sunco_connected_app") String table,
      @DefaultValue("2s") Duration timeout,
      @DefaultValue("false") boolean createSchema) {}

  /**
   * {@code sunco.oauth.connected-apps.redis.*}: the Redis backend.
   *
   * @param keyPrefix The prefix of every key the backend writes (no brace); every instance that
   *     shares the apps uses the same.
   * @param timeout The deadline of each Redis command.
   */
  public record RedisStoreSettings(
      @DefaultValue("sunco-oauth:app:") String keyPrefix, @DefaultValue("2s") Duration timeout) {}

  /**
   * {@code sunco.oauth.connected-apps.routes.*}: the disconnect and removal routes, made in a
   * reactive web application when sunco.oauth.store is set.
   *
   * @param enabled Whether to make the disconnect and removal routes.
   * @param disconnectPath The path of the disconnect route (POST); it needs a ConnectedAppOfRequest
   *     bean, without which it refuses every request (403).
   * @param removalPath The path of the removal route (POST), the integration's removeUrl.
   * @param removalsPerMinute The removal calls admitted per minute, by each instance on its own;
   *     the others get 429.
   */
  public record AppRouteSettings(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("/oauth/sunshine/disconnect") String disconnectPath,
      @DefaultValue("/oauth/sunshine/removed") String removalPath,
      @DefaultValue("60") int removalsPerMinute) {}

  /**
   * {@code sunco.oauth.token-check.*}: the scheduled check of stored tokens, subscribed when the
   * application has started and disposed when it stops.
   *
   * @param enabled Whether to check the stored tokens on a schedule (needs sunco.oauth.store),
   *     retrying the failed disconnects at its start and after each run; on one instance only, as
   *     each checks every token.
   * @param concurrency Tokens checked at once (1 to 64).
   * @param jitter The longest random pause before each token's check.
   * @param period The time between the end of one run and the start of the next (plus up to
   *     period-jitter).
   * @param periodJitter The longest random addition to each period, and the longest wait before the
   *     first run.
   * @param whenRefused What to do with a token the service refuses (401): mark (TOKEN_REFUSED) or
   *     delete the record.
   */
  public record TokenCheckSettings(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("4") int concurrency,
      @DefaultValue("1s") Duration jitter,
      @DefaultValue("24h") Duration period,
      @DefaultValue("1h") Duration periodJitter,
      @DefaultValue("mark") TokenCheck.WhenRefused whenRefused) {}
}
