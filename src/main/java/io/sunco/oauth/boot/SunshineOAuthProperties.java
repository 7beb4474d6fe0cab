package io.sunco.oauth.boot;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sunco.oauth.*} properties of the Spring Boot auto-configuration. Every default is the
 * library's own (for example {@link io.sunco.oauth.policy.Timeouts#DEFAULT_CONNECT}); the
 * configuration metadata lists them with a description for the IDE. Mutable, as Boot binds it;
 * {@link #toString()} never shows the client secret or the Redis URI.
 */
@ConfigurationProperties(prefix = SunshineOAuthProperties.PREFIX)
public class SunshineOAuthProperties {

  /** The prefix of every property: {@value}. */
  public static final String PREFIX = "sunco.oauth";

  /** Whether to auto-configure the client, the state store and the routes. */
  private boolean enabled = true;

  /** The integration's client id. Required. */
  private @Nullable String clientId;

  /**
   * The integration's client secret; required by the routes (the token exchange). Never logged and
   * masked in /actuator output.
   */
  private @Nullable String clientSecret;

  /**
   * The OAuth host: oauth-bridge, legacy-us, legacy-eu, or a base URL (https, or http on a loopback
   * host).
   */
  private String baseUrl = "oauth-bridge";

  /** Headers sent on every call, such as X-Zendesk-Marketplace-Bot-Id. */
  private Map<String, String> defaultHeaders = new LinkedHashMap<>();

  /** The limit on a response body, in bytes (1024 to 16777216). */
  private int maxResponseBytes = 65536;

  private final TimeoutSettings timeouts = new TimeoutSettings();
  private final RetrySettings retry = new RetrySettings();
  private final PoolLimits pool = new PoolLimits();
  private final RouteSettings routes = new RouteSettings();
  private final StateSettings state = new StateSettings();

  /** Creates the properties with the library's defaults; Boot binds the configured values. */
  public SunshineOAuthProperties() {}

  /**
   * Whether the auto-configuration is on; {@code sunco.oauth.enabled}, default {@code true}.
   *
   * @return whether it is on
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Turns the auto-configuration on or off.
   *
   * @param enabled whether it is on
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The client id; {@code sunco.oauth.client-id}.
   *
   * @return the client id, or null when not set
   */
  public @Nullable String getClientId() {
    return clientId;
  }

  /**
   * Sets the client id.
   *
   * @param clientId the client id
   */
  public void setClientId(@Nullable String clientId) {
    this.clientId = clientId;
  }

  /**
   * The client secret; {@code sunco.oauth.client-secret}.
   *
   * @return the secret, or null when not set
   */
  public @Nullable String getClientSecret() {
    return clientSecret;
  }

  /**
   * Sets the client secret.
   *
   * @param clientSecret the secret
   */
  public void setClientSecret(@Nullable String clientSecret) {
    this.clientSecret = clientSecret;
  }

  /**
   * The OAuth host; {@code sunco.oauth.base-url}, default {@code oauth-bridge}.
   *
   * @return a host name of {@link NamedHost} or a URL
   */
  public String getBaseUrl() {
    return baseUrl;
  }

  /**
   * Sets the OAuth host.
   *
   * @param baseUrl {@code oauth-bridge}, {@code legacy-us}, {@code legacy-eu} or a URL
   */
  public void setBaseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /**
   * The headers sent on every call; {@code sunco.oauth.default-headers.*}.
   *
   * @return the headers, by name
   */
  public Map<String, String> getDefaultHeaders() {
    return defaultHeaders;
  }

  /**
   * Sets the headers sent on every call.
   *
   * @param defaultHeaders the headers, by name
   */
  public void setDefaultHeaders(Map<String, String> defaultHeaders) {
    this.defaultHeaders = defaultHeaders;
  }

  /**
   * The limit on a response body; {@code sunco.oauth.max-response-bytes}, default 65536.
   *
   * @return the limit in bytes
   */
  public int getMaxResponseBytes() {
    return maxResponseBytes;
  }

  /**
   * Sets the limit on a response body.
   *
   * @param maxResponseBytes the limit in bytes
   */
  public void setMaxResponseBytes(int maxResponseBytes) {
    this.maxResponseBytes = maxResponseBytes;
  }

  /**
   * The deadlines; {@code sunco.oauth.timeouts.*}.
   *
   * @return the deadlines
   */
  public TimeoutSettings getTimeouts() {
    return timeouts;
  }

  /**
   * The retry policy and budget; {@code sunco.oauth.retry.*}.
   *
   * @return the retry settings
   */
  public RetrySettings getRetry() {
    return retry;
  }

  /**
   * The connection pool; {@code sunco.oauth.pool.*}.
   *
   * @return the pool limits
   */
  public PoolLimits getPool() {
    return pool;
  }

  /**
   * The WebFlux routes; {@code sunco.oauth.routes.*}.
   *
   * @return the route settings
   */
  public RouteSettings getRoutes() {
    return routes;
  }

  /**
   * The state store; {@code sunco.oauth.state.*}.
   *
   * @return the state settings
   */
  public StateSettings getState() {
    return state;
  }

  /** Shows the settings; the client secret and the Redis URI only as set or not. */
  @Override
  public String toString() {
    return "SunshineOAuthProperties[enabled="
        + enabled
        + ", clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret == null ? "(not set)" : "****")
        + ", baseUrl="
        + baseUrl
        + ", defaultHeaders="
        + defaultHeaders.keySet()
        + ", maxResponseBytes="
        + maxResponseBytes
        + ", "
        + timeouts
        + ", "
        + retry
        + ", "
        + pool
        + ", "
        + routes
        + ", "
        + state
        + "]";
  }

  /** The named OAuth hosts {@code sunco.oauth.base-url} accepts besides a URL. */
  public enum NamedHost {
    /** {@code oauth-bridge}: {@code https://oauth-bridge.zendesk.com/sc}, the default. */
    OAUTH_BRIDGE,
    /** {@code legacy-us}: {@code https://api.smooch.io}. */
    LEGACY_US,
    /** {@code legacy-eu}: {@code https://api.eu-1.smooch.io}. */
    LEGACY_EU;

    /**
     * The property value that names this host.
     *
     * @return for example {@code oauth-bridge}
     */
    public String propertyValue() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** {@code sunco.oauth.timeouts.*}: the deadlines of every call. */
  public static class TimeoutSettings {

    /** Making one TCP connection, TLS handshake included. */
    private Duration connect = Duration.ofSeconds(5);

    /** One attempt, from asking for a connection to the last byte of the answer. */
    private Duration attempt = Duration.ofSeconds(10);

    /** The whole call: all attempts and the waits between them. */
    private Duration call = Duration.ofSeconds(30);

    /** Creates the settings with the library's defaults. */
    public TimeoutSettings() {}

    /**
     * The connect timeout; default 5 s.
     *
     * @return the timeout
     */
    public Duration getConnect() {
      return connect;
    }

    /**
     * Sets the connect timeout.
     *
     * @param connect the timeout
     */
    public void setConnect(Duration connect) {
      this.connect = connect;
    }

    /**
     * The per-attempt deadline; default 10 s.
     *
     * @return the deadline
     */
    public Duration getAttempt() {
      return attempt;
    }

    /**
     * Sets the per-attempt deadline.
     *
     * @param attempt the deadline
     */
    public void setAttempt(Duration attempt) {
      this.attempt = attempt;
    }

    /**
     * The deadline of a whole call; default 30 s.
     *
     * @return the deadline
     */
    public Duration getCall() {
      return call;
    }

    /**
     * Sets the deadline of a whole call.
     *
     * @param call the deadline
     */
    public void setCall(Duration call) {
      this.call = call;
    }

    @Override
    public String toString() {
      return "timeouts[connect=" + connect + ", attempt=" + attempt + ", call=" + call + "]";
    }
  }

  /** {@code sunco.oauth.retry.*}: how failed calls are retried. */
  public static class RetrySettings {

    /** Retries after the first attempt (0 to 10): 2 means at most 3 attempts. */
    private int maxRetries = 2;

    /** The cap of the first backoff; later caps double up to max-backoff (full jitter). */
    private Duration initialBackoff = Duration.ofMillis(100);

    /** The cap of every backoff. */
    private Duration maxBackoff = Duration.ofSeconds(2);

    private final BudgetSettings budget = new BudgetSettings();

    /** Creates the settings with the library's defaults. */
    public RetrySettings() {}

    /**
     * The number of retries; default 2.
     *
     * @return 0 to 10
     */
    public int getMaxRetries() {
      return maxRetries;
    }

    /**
     * Sets the number of retries.
     *
     * @param maxRetries 0 to 10
     */
    public void setMaxRetries(int maxRetries) {
      this.maxRetries = maxRetries;
    }

    /**
     * The cap of the first backoff; default 100 ms.
     *
     * @return the cap
     */
    public Duration getInitialBackoff() {
      return initialBackoff;
    }

    /**
     * Sets the cap of the first backoff.
     *
     * @param initialBackoff the cap
     */
    public void setInitialBackoff(Duration initialBackoff) {
      this.initialBackoff = initialBackoff;
    }

    /**
     * The cap of every backoff; default 2 s.
     *
     * @return the cap
     */
    public Duration getMaxBackoff() {
      return maxBackoff;
    }

    /**
     * Sets the cap of every backoff.
     *
     * @param maxBackoff the cap
     */
    public void setMaxBackoff(Duration maxBackoff) {
      this.maxBackoff = maxBackoff;
    }

    /**
     * The retry budget shared by all calls; {@code sunco.oauth.retry.budget.*}.
     *
     * @return the budget settings
     */
    public BudgetSettings getBudget() {
      return budget;
    }

    @Override
    public String toString() {
      return "retry[maxRetries="
          + maxRetries
          + ", initialBackoff="
          + initialBackoff
          + ", maxBackoff="
          + maxBackoff
          + ", "
          + budget
          + "]";
    }
  }

  /** {@code sunco.oauth.retry.budget.*}: how many retries all calls may make together. */
  public static class BudgetSettings {

    /** The size of the token bucket; a retry is made only while more than half is left. */
    private int maxTokens = 10;

    /** The share of a token a successful call puts back, in (0, 1]. */
    private double tokenRatio = 0.1;

    /** Creates the settings with the library's defaults. */
    public BudgetSettings() {}

    /**
     * The size of the bucket; default 10.
     *
     * @return the number of tokens
     */
    public int getMaxTokens() {
      return maxTokens;
    }

    /**
     * Sets the size of the bucket.
     *
     * @param maxTokens the number of tokens
     */
    public void setMaxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
    }

    /**
     * The share of a token a success puts back; default 0.1.
     *
     * @return the ratio
     */
    public double getTokenRatio() {
      return tokenRatio;
    }

    /**
     * Sets the share of a token a success puts back.
     *
     * @param tokenRatio the ratio
     */
    public void setTokenRatio(double tokenRatio) {
      this.tokenRatio = tokenRatio;
    }

    @Override
    public String toString() {
      return "budget[maxTokens=" + maxTokens + ", tokenRatio=" + tokenRatio + "]";
    }
  }

  /** {@code sunco.oauth.pool.*}: the connection pool the client creates. */
  public static class PoolLimits {

    /** Connections open at once. */
    private int maxConnections = 64;

    /** Calls that may wait for a connection; one more fails at once. */
    private int maxPendingAcquires = 1024;

    /** How long a call waits for a pooled connection. */
    private Duration acquireTimeout = Duration.ofSeconds(10);

    /** How long a connection may stay idle before it is closed. */
    private Duration maxIdleTime = Duration.ofSeconds(20);

    /** Creates the settings with the library's defaults. */
    public PoolLimits() {}

    /**
     * The number of connections; default 64.
     *
     * @return at least 1
     */
    public int getMaxConnections() {
      return maxConnections;
    }

    /**
     * Sets the number of connections.
     *
     * @param maxConnections at least 1
     */
    public void setMaxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
    }

    /**
     * The number of calls that may wait; default 1024.
     *
     * @return at least 1
     */
    public int getMaxPendingAcquires() {
      return maxPendingAcquires;
    }

    /**
     * Sets the number of calls that may wait.
     *
     * @param maxPendingAcquires at least 1
     */
    public void setMaxPendingAcquires(int maxPendingAcquires) {
      this.maxPendingAcquires = maxPendingAcquires;
    }

    /**
     * The wait for a pooled connection; default 10 s.
     *
     * @return the wait
     */
    public Duration getAcquireTimeout() {
      return acquireTimeout;
    }

    /**
     * Sets the wait for a pooled connection.
     *
     * @param acquireTimeout the wait
     */
    public void setAcquireTimeout(Duration acquireTimeout) {
      this.acquireTimeout = acquireTimeout;
    }

    /**
     * The idle time before a connection is closed; default 20 s.
     *
     * @return the idle time
     */
    public Duration getMaxIdleTime() {
      return maxIdleTime;
    }

    /**
     * Sets the idle time before a connection is closed.
     *
     * @param maxIdleTime the idle time
     */
    public void setMaxIdleTime(Duration maxIdleTime) {
      this.maxIdleTime = maxIdleTime;
    }

    @Override
    public String toString() {
      return "pool[maxConnections="
          + maxConnections
          + ", maxPendingAcquires="
          + maxPendingAcquires
          + ", acquireTimeout="
          + acquireTimeout
          + ", maxIdleTime="
          + maxIdleTime
          + "]";
    }
  }

  /**
   * {@code sunco.oauth.routes.*}: the WebFlux routes, made when the application has a {@code
   * TokenSink} bean.
   */
  public static class RouteSettings {

    /** Whether to make the routes when the application has a TokenSink bean. */
    private boolean enabled = true;

    /**
     * The redirect URI sent with every authorize request, registered for the integration; its path
     * ends with {prefix}/callback. Required when the routes are made.
     */
    private @Nullable String redirectUri;

    /** The path prefix of the start and callback routes. */
    private String prefix = "/oauth/sunshine";

    /** Where the browser goes after a successful authorization: a path or an http(s) URL. */
    private String successUrl = "/";

    /** Where the browser goes when access was denied; when not set, a 403 page is shown. */
    private @Nullable String denialUrl;

    /**
     * The name of the browser nonce cookie, without a prefix: with an https redirect URI it is sent
     * as __Host-{name} (Secure, Path=/, no Domain), so that no sibling subdomain can plant it.
     */
    private String cookieName = "sunco_oauth_nonce";

    /** The Max-Age of the nonce cookie (1 s to 1 day); when not set, sunco.oauth.state.ttl. */
    private @Nullable Duration cookieMaxAge;

    /** Creates the settings with the library's defaults. */
    public RouteSettings() {}

    /**
     * Whether the routes are made; default {@code true}.
     *
     * @return whether they are made
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns the routes on or off.
     *
     * @param enabled whether they are made
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /**
     * The redirect URI.
     *
     * @return the redirect URI, or null when not set
     */
    public @Nullable String getRedirectUri() {
      return redirectUri;
    }

    /**
     * Sets the redirect URI.
     *
     * @param redirectUri the redirect URI
     */
    public void setRedirectUri(@Nullable String redirectUri) {
      this.redirectUri = redirectUri;
    }

    /**
     * The path prefix; default {@code /oauth/sunshine}.
     *
     * @return the prefix
     */
    public String getPrefix() {
      return prefix;
    }

    /**
     * Sets the path prefix.
     *
     * @param prefix the prefix
     */
    public void setPrefix(String prefix) {
      this.prefix = prefix;
    }

    /**
     * The success URL; default {@code /}.
     *
     * @return the success URL
     */
    public String getSuccessUrl() {
      return successUrl;
    }

    /**
     * Sets the success URL.
     *
     * @param successUrl the success URL
     */
    public void setSuccessUrl(String successUrl) {
      this.successUrl = successUrl;
    }

    /**
     * The denial URL.
     *
     * @return the denial URL, or null for the 403 page
     */
    public @Nullable String getDenialUrl() {
      return denialUrl;
    }

    /**
     * Sets the denial URL.
     *
     * @param denialUrl the denial URL
     */
    public void setDenialUrl(@Nullable String denialUrl) {
      this.denialUrl = denialUrl;
    }

    /**
     * The cookie name; default {@code sunco_oauth_nonce}, sent as {@code __Host-sunco_oauth_nonce}
     * with an https redirect URI; a name carrying {@code __Host-} or {@code __Secure-} is refused.
     *
     * @return the cookie name
     */
    public String getCookieName() {
      return cookieName;
    }

    /**
     * Sets the cookie name.
     *
     * @param cookieName the cookie name
     */
    public void setCookieName(String cookieName) {
      this.cookieName = cookieName;
    }

    /**
     * The cookie's Max-Age.
     *
     * @return the Max-Age, or null to follow {@code sunco.oauth.state.ttl}
     */
    public @Nullable Duration getCookieMaxAge() {
      return cookieMaxAge;
    }

    /**
     * Sets the cookie's Max-Age.
     *
     * @param cookieMaxAge the Max-Age
     */
    public void setCookieMaxAge(@Nullable Duration cookieMaxAge) {
      this.cookieMaxAge = cookieMaxAge;
    }

    @Override
    public String toString() {
      return "routes[enabled="
          + enabled
          + ", redirectUri="
          + redirectUri
          + ", prefix="
          + prefix
          + ", successUrl="
          + successUrl
          + ", denialUrl="
          + denialUrl
          + ", cookieName="
          + cookieName
          + ", cookieMaxAge="
          + cookieMaxAge
          + "]";
    }
  }

  /** Where the pending states live between the start and the callback route. */
  public enum StoreType {
    /** In this JVM's memory: one node, or sticky sessions. */
    MEMORY,
    /** In Redis, shared by every node. */
    REDIS
  }

  /** {@code sunco.oauth.state.*}: the store of pending states. */
  public static class StateSettings {

    /** Where the states live: memory (one node, or sticky sessions) or redis (shared). */
    private StoreType store = StoreType.MEMORY;

    /** How long a state stays valid after the start route saved it. */
    private Duration ttl = Duration.ofMinutes(10);

    /** The most states the in-memory store keeps at once; one more fails the start route. */
    private int maxEntries = 10000;

    private final RedisSettings redis = new RedisSettings();

    /** Creates the settings with the library's defaults. */
    public StateSettings() {}

    /**
     * The store; default {@code memory}.
     *
     * @return the store type
     */
    public StoreType getStore() {
      return store;
    }

    /**
     * Sets the store.
     *
     * @param store the store type
     */
    public void setStore(StoreType store) {
      this.store = store;
    }

    /**
     * The lifetime of a state; default 10 minutes.
     *
     * @return the lifetime
     */
    public Duration getTtl() {
      return ttl;
    }

    /**
     * Sets the lifetime of a state.
     *
     * @param ttl the lifetime
     */
    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    /**
     * The capacity of the in-memory store; default 10000.
     *
     * @return the capacity
     */
    public int getMaxEntries() {
      return maxEntries;
    }

    /**
     * Sets the capacity of the in-memory store.
     *
     * @param maxEntries the capacity
     */
    public void setMaxEntries(int maxEntries) {
      this.maxEntries = maxEntries;
    }

    /**
     * The Redis store; {@code sunco.oauth.state.redis.*}.
     *
     * @return the Redis settings
     */
    public RedisSettings getRedis() {
      return redis;
    }

    @Override
    public String toString() {
      return "state[store="
          + store
          + ", ttl="
          + ttl
          + ", maxEntries="
          + maxEntries
          + ", "
          + redis
          + "]";
    }
  }

  /** {@code sunco.oauth.state.redis.*}: the Redis store of pending states. */
  public static class RedisSettings {

    /**
     * The Redis URI, such as redis://host:6379/0; when not set, the application's Lettuce
     * connection bean is used. Masked in /actuator output (it may hold a password).
     */
    private @Nullable String uri;

    /** The prefix of every key the store writes. */
    private String keyPrefix = "sunco-oauth:state:";

    /** The deadline of each Redis command; past it the start or callback route answers 503. */
    private Duration timeout = Duration.ofSeconds(2);

    /** Creates the settings with the library's defaults. */
    public RedisSettings() {}

    /**
     * The key prefix; default {@code sunco-oauth:state:}.
     *
     * @return the prefix
     */
    public String getKeyPrefix() {
      return keyPrefix;
    }

    /**
     * Sets the key prefix.
     *
     * @param keyPrefix the prefix
     */
    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    /**
     * The deadline of each Redis command; default 2 s.
     *
     * @return the deadline
     */
    public Duration getTimeout() {
      return timeout;
    }

    /**
     * Sets the deadline of each Redis command.
     *
     * @param timeout the deadline
     */
    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    /**
     * The Redis URI.
     *
     * @return the URI, or null when not set
     */
    public @Nullable String getUri() {
      return uri;
    }

    /**
     * Sets the Redis URI.
     *
     * @param uri the URI
     */
    public void setUri(@Nullable String uri) {
      this.uri = uri;
    }

    @Override
    public String toString() {
      return "redis[uri="
          + (uri == null ? "(not set)" : "****")
          + ", keyPrefix="
          + keyPrefix
          + ", timeout="
          + timeout
          + "]";
    }
  }
}
