package io.sunco.oauth;

import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpMethod;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineResponseException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.internal.CallObserver;
import io.sunco.oauth.internal.CallRunner;
import io.sunco.oauth.internal.Hosts;
import io.sunco.oauth.internal.HttpTransport;
import io.sunco.oauth.internal.Json;
import io.sunco.oauth.internal.MicrometerCallObserver;
import io.sunco.oauth.internal.PercentEncoding;
import io.sunco.oauth.internal.RawResponse;
import io.sunco.oauth.internal.RetryThrottle;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The reactive client for the Sunshine Conversations OAuth flow: builds the consent URL, turns the
 * returned authorization code into an access token, finds out which app a token belongs to, and
 * revokes access.
 *
 * <p>Build one with {@link #builder()}, share it, and {@link #close()} it when the application
 * stops. It is immutable and thread-safe; every call runs on Reactor Netty's event loops and none
 * blocks. The I/O methods do nothing until subscribed; their argument errors ({@link
 * NullPointerException}, {@link IllegalArgumentException}, {@link IllegalStateException}) are
 * thrown at call time. Every failure afterwards is a {@link SunshineOAuthException}. Redirects are
 * never followed: a 3xx is a {@link SunshineApiException}, because following one could carry the
 * client secret to another host.
 *
 * <pre>{@code
 * SunshineOAuthClient client = SunshineOAuthClient.builder()
 *     .clientId("5e4af71a81966cfff3ef6550")
 *     .clientSecret(secretFromVault)
 *     .build();
 * Mono<URI> consent = client.authorize(AuthorizeRequest.of(redirectUri, state));
 * Mono<AccessToken> token = client.getToken(code);
 * }</pre>
 */
public final class SunshineOAuthClient implements AutoCloseable {

  /** The OAuth host of today, and the default: {@code https://oauth-bridge.zendesk.com/sc}. */
  public static final URI OAUTH_BRIDGE = URI.create("https://oauth-bridge.zendesk.com/sc");

  /** The legacy Sunshine Conversations host in the US: {@code https://api.smooch.io}. */
  public static final URI LEGACY_US = URI.create("https://api.smooch.io");

  /** The legacy Sunshine Conversations host in the EU: {@code https://api.eu-1.smooch.io}. */
  public static final URI LEGACY_EU = URI.create("https://api.eu-1.smooch.io");

  /** The default limit on a response body: 64 KiB. A longer body fails the call at once. */
  public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

  /** The default size of the connection pool the client creates for itself: 64 connections. */
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  /** The default number of calls that may wait for a pooled connection: 1024. */
  public static final int DEFAULT_MAX_PENDING_ACQUIRES = 1024;

  /** The {@code User-Agent} sent unless a default header replaces it. */
  public static final String USER_AGENT = "sunco-oauth-reactor/0.1";

  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "authorization",
          "content-type",
          "content-length",
          "host",
          "transfer-encoding",
          "connection",
          "upgrade",
          "te",
          "trailer",
          "expect");

  /**
   * The deadline of the revoke that {@link #completeAuthorization} sends when a step after the
   * token exchange fails: 5 seconds, retries included.
   */
  public static final Duration DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE = Duration.ofSeconds(5);

  /** How long a pooled connection may stay idle before it is closed: 20 seconds. */
  public static final Duration DEFAULT_MAX_IDLE_TIME = Duration.ofSeconds(20);

  private final String clientId;

  /** The client secret, or null when none was set: then only {@code getToken} refuses to run. */
  private final @Nullable String clientSecret;

  private final URI baseUrl;
  private final String authorizePrefix;
  // Parsed once: Reactor Netty reads a URI's fields, but parses a URL string with a regular
  // expression on every request.
  private final URI tokenUrl;
  private final URI tokenInfoUrl;
  private final URI revokeUrl;
  private final Set<String> defaultHeaderNames;
  private final int maxResponseBytes;
  private final Clock clock;

  /** The pool this client created, or null when the user passed in an HttpClient. */
  private final @Nullable ConnectionProvider ownedProvider;

  /** Shared by this client and every client derived from it; set by the root client only. */
  private final AtomicBoolean closed;

  private final boolean derived;
  private final HttpClient http;
  private final RetryThrottle throttle;
  private final Timeouts timeouts;
  private final RetryPolicy retryPolicy;
  private final HttpTransport transport;
  private final CallObserver observer;
  private final CallRunner runner;

  private SunshineOAuthClient(Builder builder) {
    this.clientId =
        Objects.requireNonNull(builder.clientId, "build() checks that a client id is set");
    this.clientSecret = builder.clientSecret;
    this.baseUrl = builder.baseUrl;
    String base = stripTrailingSlash(baseUrl.toString());
    this.authorizePrefix =
        PercentEncoding.append(
                new StringBuilder(base.length() + 64)
                    .append(base)
                    .append("/oauth/authorize?client_id="),
                clientId)
            .append("&response_type=code")
            .toString();
    this.tokenUrl = URI.create(base + "/oauth/token");
    this.tokenInfoUrl = URI.create(base + "/v2/tokenInfo");
    this.revokeUrl = URI.create(base + "/oauth/authorization");
    this.defaultHeaderNames = Set.copyOf(builder.defaultHeaders.keySet());
    this.maxResponseBytes = builder.maxResponseBytes;
    this.clock = builder.clock;
    this.closed = new AtomicBoolean();
    this.derived = false;
    this.throttle = new RetryThrottle(builder.retryBudget);
    this.timeouts = builder.timeouts;
    this.retryPolicy = builder.retryPolicy;

    HttpClient client;
    if (builder.httpClient != null) {
      this.ownedProvider = null;
      client = builder.httpClient;
    } else {
      this.ownedProvider =
          ConnectionProvider.builder("sunco-oauth")
              .maxConnections(builder.maxConnections)
              .pendingAcquireMaxCount(builder.maxPendingAcquires)
              .pendingAcquireTimeout(timeouts.poolAcquire())
              .maxIdleTime(DEFAULT_MAX_IDLE_TIME)
              .build();
      client = HttpClient.create(ownedProvider);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", USER_AGENT);
    headers.put("Accept", "application/json");
    builder.defaultHeaders.forEach(headers::put);
    this.http =
        client
            .followRedirect(false)
            // One retry layer only: Reactor Netty's silent retry would make attempts uncountable.
            .disableRetry(true)
            .headers(h -> headers.forEach(h::set));
    this.transport = transport(http, timeouts, maxResponseBytes);
    this.observer = builder.observer;
    this.runner = new CallRunner(timeouts, retryPolicy, throttle, observer);
  }

  /** A client derived from {@code parent}: the same pool, budget and settings, other policies. */
  private SunshineOAuthClient(
      SunshineOAuthClient parent, Timeouts timeouts, RetryPolicy retryPolicy) {
    this.clientId = parent.clientId;
    this.clientSecret = parent.clientSecret;
    this.baseUrl = parent.baseUrl;
    this.authorizePrefix = parent.authorizePrefix;
    this.tokenUrl = parent.tokenUrl;
    this.tokenInfoUrl = parent.tokenInfoUrl;
    this.revokeUrl = parent.revokeUrl;
    this.defaultHeaderNames = parent.defaultHeaderNames;
    this.maxResponseBytes = parent.maxResponseBytes;
    this.clock = parent.clock;
    this.ownedProvider = null;
    this.closed = parent.closed;
    this.derived = true;
    this.http = parent.http;
    this.throttle = parent.throttle;
    this.timeouts = timeouts;
    this.retryPolicy = retryPolicy;
    this.transport =
        timeouts.connect().equals(parent.timeouts.connect())
            ? parent.transport
            : transport(http, timeouts, maxResponseBytes);
    this.observer = parent.observer;
    this.runner = new CallRunner(timeouts, retryPolicy, throttle, observer);
  }

  private static HttpTransport transport(HttpClient http, Timeouts timeouts, int maxResponseBytes) {
    return new HttpTransport(
        http.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeouts.connect().toMillis()),
        maxResponseBytes,
        timeouts.connect(),
        timeouts.poolAcquire());
  }

  /**
   * A client that shares this one's connection pool, retry budget and settings, but runs its calls
   * under other deadlines; for calls that need a tighter or looser deadline. Cheap: make one per
   * use if needed. Closing it closes nothing; close the client it came from.
   *
   * @param timeouts the deadlines of the derived client; its pool acquire timeout is ignored, the
   *     pool keeps its own
   * @return the derived client
   * @throws NullPointerException if {@code timeouts} is null
   */
  public SunshineOAuthClient withTimeouts(Timeouts timeouts) {
    return new SunshineOAuthClient(this, Objects.requireNonNull(timeouts, "timeouts"), retryPolicy);
  }

  /**
   * A client that shares this one's connection pool, retry budget and settings, but retries under
   * another policy, for example {@link RetryPolicy#none()}. Closing it closes nothing; close the
   * client it came from.
   *
   * @param retryPolicy the retry policy of the derived client
   * @return the derived client
   * @throws NullPointerException if {@code retryPolicy} is null
   */
  public SunshineOAuthClient withRetryPolicy(RetryPolicy retryPolicy) {
    return new SunshineOAuthClient(
        this, timeouts, Objects.requireNonNull(retryPolicy, "retryPolicy"));
  }

  /**
   * The deadlines of this client's calls.
   *
   * @return the timeouts
   */
  public Timeouts timeouts() {
    return timeouts;
  }

  /**
   * The retry policy of this client's calls.
   *
   * @return the policy
   */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * A builder with the defaults: base URL {@link #OAUTH_BRIDGE}, body limit {@link
   * #DEFAULT_MAX_RESPONSE_BYTES}, a pool of {@link #DEFAULT_MAX_CONNECTIONS} connections.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds the consent URL to send the customer's browser to: {@code
   * {base}/oauth/authorize?client_id=..&response_type=code[&state=..][&redirect_uri=..]}, every
   * value percent-encoded. Does no I/O.
   *
   * @param request the redirect URI and state
   * @return a Mono that emits the URL; it never errors
   * @throws NullPointerException if {@code request} is null
   */
  public Mono<URI> authorize(AuthorizeRequest request) {
    return Mono.just(authorizeUri(request));
  }

  /**
   * The consent URL of {@link #authorize(AuthorizeRequest)}, built at once, for code that is not
   * reactive.
   *
   * @param request the redirect URI and state
   * @return the URL
   * @throws NullPointerException if {@code request} is null
   */
  public URI authorizeUri(AuthorizeRequest request) {
    return URI.create(authorizeUrl(request));
  }

  /**
   * The consent URL of {@link #authorize(AuthorizeRequest)} as a string: the same characters as
   * {@code authorizeUri(request).toString()}, plain ASCII with every value percent-encoded, ready
   * for a {@code Location} header. The fastest form: it skips the JDK's parse of the finished URL
   * into a {@link URI}, which costs more than building it.
   *
   * @param request the redirect URI and state
   * @return the URL
   * @throws NullPointerException if {@code request} is null
   */
  public String authorizeUrl(AuthorizeRequest request) {
    Objects.requireNonNull(request, "request");
    Optional<String> state = request.state();
    Optional<String> redirectUri = request.redirectUri();
    // One concatenation, sized exactly; a value that needs no escaping is not copied first.
    return authorizePrefix
        + (state.isPresent() ? "&state=" : "")
        + (state.isPresent() ? PercentEncoding.encode(state.get()) : "")
        + (redirectUri.isPresent() ? "&redirect_uri=" : "")
        + (redirectUri.isPresent() ? PercentEncoding.encode(redirectUri.get()) : "");
  }

  /**
   * Exchanges an authorization code for an access token: {@code POST {base}/oauth/token} with the
   * JSON body {@code {"code","grant_type":"authorization_code","client_id","client_secret"}}.
   *
   * <p>An authorization code is single use. When this call fails with an error whose {@link
   * SunshineOAuthException#requestMayHaveBeenProcessed()} is {@code true}, the code may be spent:
   * restart the authorization instead of repeating the call.
   *
   * @param code the {@code code} parameter of the redirect
   * @return a Mono that emits the access token, or errors with {@link SunshineApiException} (the
   *     server refused, for example {@code 400 invalid_grant}), {@link SunshineResponseException}
   *     (a 2xx that is not a Bearer token), {@link SunshineTransportException} or {@link
   *     SunshineTimeoutException}
   * @throws NullPointerException if {@code code} is null
   * @throws IllegalArgumentException if {@code code} is blank, longer than 4096 characters, or
   *     holds control characters
   * @throws IllegalStateException if the client was built without a client secret
   */
  public Mono<AccessToken> getToken(String code) {
    Values.requireNonBlank(code, "code");
    if (code.length() > 4096) {
      throw new IllegalArgumentException("code must not be longer than 4096 characters");
    }
    for (int i = 0; i < code.length(); i++) {
      if (Character.isISOControl(code.charAt(i))) {
        throw new IllegalArgumentException("code must not hold control characters");
      }
    }
    String secret = clientSecret;
    if (secret == null) {
      throw new IllegalStateException("getToken needs a client secret: set clientSecret(..)");
    }
    return Mono.defer(
        () ->
            call(
                Operation.GET_TOKEN,
                HttpMethod.POST,
                tokenUrl,
                null,
                Json.writeObject(
                    "code", code,
                    "grant_type", "authorization_code",
                    "client_id", clientId,
                    "client_secret", secret),
                Responses::accessToken));
  }

  /**
   * Finds out which app an access token belongs to: {@code GET {base}/v2/tokenInfo} with the token
   * as Bearer credentials. Also the way to check that a stored token still works.
   *
   * @param token the access token
   * @return a Mono that emits the token info, or errors with {@link SunshineApiException} ({@code
   *     401} when the token was revoked or never valid), {@link SunshineResponseException} (a 2xx
   *     without an {@code app} object carrying an {@code id}), {@link SunshineTransportException}
   *     or {@link SunshineTimeoutException}
   * @throws NullPointerException if {@code token} is null
   */
  public Mono<TokenInfo> getTokenInfo(AccessToken token) {
    Objects.requireNonNull(token, "token");
    return Mono.defer(
        () ->
            call(
                Operation.GET_TOKEN_INFO,
                HttpMethod.GET,
                tokenInfoUrl,
                token.authorizationHeader(),
                null,
                Responses::tokenInfo));
  }

  /**
   * Revokes the integration's access to an app: {@code DELETE {base}/oauth/authorization}. The
   * token stops working, the integration's webhooks on the app are deleted, and the integration's
   * {@code removeUrl} is notified. Repeating it is harmless.
   *
   * @param credentials the access token, or an integration-scoped API key ({@link
   *     Credentials#basic}, {@link Credentials#jwt})
   * @return a Mono that completes empty when access was revoked, or errors with {@link
   *     SunshineApiException} ({@code 401} when the token is already revoked), {@link
   *     SunshineResponseException}, {@link SunshineTransportException} or {@link
   *     SunshineTimeoutException}
   * @throws NullPointerException if {@code credentials} is null
   */
  public Mono<Void> revokeAccess(Credentials credentials) {
    String authorization = authorizationHeader(Objects.requireNonNull(credentials, "credentials"));
    return Mono.defer(
            () ->
                call(
                    Operation.REVOKE_ACCESS,
                    HttpMethod.DELETE,
                    revokeUrl,
                    authorization,
                    null,
                    response -> {
                      Responses.revoked(response);
                      return Boolean.TRUE;
                    }))
        .then();
  }

  /**
   * Completes an authorization without ever leaving a live grant behind: exchanges the code for a
   * token ({@link #getToken}), asks which app it is for ({@link #getTokenInfo}), and hands both to
   * {@code onConnected}, typically to store them. If any step after the exchange fails, or the
   * subscriber cancels, the token is revoked ({@link #revokeAccess}) before the failure is
   * reported; the token is kept only once the Mono returned by {@code onConnected} has completed.
   *
   * <p>The revoke is best effort, under its own deadline of {@link
   * #DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE} (or this client's call deadline, if shorter). It never
   * replaces the original error: when it fails too, it is logged at WARN (without the token) and
   * added to the original error as a suppressed exception. A cancellation does not cut the token
   * exchange off: a request that may already be on its way runs to its own deadline, and a token
   * that arrives after the subscriber left is revoked at once. Subscribe once per code: every
   * subscription runs the whole flow.
   *
   * @param code the {@code code} parameter of the redirect
   * @param onConnected called once with the token and its app, on a Reactor Netty event loop: it
   *     must not block; it returns a Mono that completes (with a value or empty) once the token is
   *     stored, or errors when it could not be
   * @param <T> what {@code onConnected} emits
   * @return a Mono that emits what {@code onConnected}'s Mono emits (or completes empty when it
   *     does), or errors with the first failure: the errors of {@link #getToken} (no token was
   *     issued, or, when {@link SunshineOAuthException#requestMayHaveBeenProcessed()} is {@code
   *     true}, one may have been issued that no one holds), those of {@link #getTokenInfo}, or
   *     {@code onConnected}'s own error (including a {@link NullPointerException} when it returns
   *     null); in the last two cases the token was revoked first
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code code} is not a possible code (see {@link #getToken})
   * @throws IllegalStateException if the client was built without a client secret
   */
  public <T> Mono<T> completeAuthorization(
      String code,
      BiFunction<? super AccessToken, ? super TokenInfo, ? extends Mono<T>> onConnected) {
    Objects.requireNonNull(onConnected, "onConnected");
    Mono<AccessToken> exchange = getToken(code);
    SunshineOAuthClient revoker =
        withTimeouts(
            timeouts
                .withCall(shorter(timeouts.call(), DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE))
                .withAttempt(shorter(timeouts.attempt(), DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE)));
    return GrantGuard.run(exchange, this::getTokenInfo, onConnected, revoker::revokeAccess);
  }

  private static Duration shorter(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * The base URL the client calls.
   *
   * @return the base URL, as configured
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * The client id the client sends.
   *
   * @return the client id
   */
  public String clientId() {
    return clientId;
  }

  /**
   * Releases the connection pool the client created for itself, waiting for it to close. A pool or
   * {@code HttpClient} the user passed in is left alone. Calls subscribed after this error with
   * {@link IllegalStateException}. Blocks: call it at shutdown, not on an event loop.
   */
  @Override
  public void close() {
    closeLater().block();
  }

  /**
   * Releases the connection pool the client created for itself, without blocking. A pool or {@code
   * HttpClient} the user passed in is left alone. Calls subscribed after this error with {@link
   * IllegalStateException}, on this client and on every client derived from it. On a derived client
   * ({@link #withTimeouts}, {@link #withRetryPolicy}) it does nothing.
   *
   * @return a Mono that completes empty when the pool is closed
   */
  public Mono<Void> closeLater() {
    if (derived) {
      return Mono.empty();
    }
    return Mono.defer(
        () -> {
          closed.set(true);
          return ownedProvider == null ? Mono.empty() : ownedProvider.disposeLater();
        });
  }

  /** Shows the configuration; the client secret is never shown. */
  @Override
  public String toString() {
    return "SunshineOAuthClient[baseUrl="
        + baseUrl
        + ", clientId="
        + clientId
        + ", clientSecret="
        + (clientSecret == null ? "(none)" : "****")
        + ", defaultHeaders="
        + defaultHeaderNames
        + ", "
        + timeouts
        + ", "
        + retryPolicy
        + ", maxResponseBytes="
        + maxResponseBytes
        + "]";
  }

  private <T> Mono<T> call(
      Operation operation,
      HttpMethod method,
      URI url,
      @Nullable String authorization,
      byte @Nullable [] body,
      Function<RawResponse, T> decoder) {
    if (closed.get()) {
      return Mono.error(
          new IllegalStateException(operation.methodName() + ": the client is closed"));
    }
    return runner.run(
        operation,
        tracker ->
            transport
                .exchange(operation, method, url, authorization, body, tracker)
                .map(
                    response -> {
                      tracker.recordStatus(response.status());
                      if (!response.isSuccess()) {
                        throw Responses.apiError(operation, response, clock.instant());
                      }
                      return decoder.apply(response);
                    }));
  }

  private static String authorizationHeader(Credentials credentials) {
    if (credentials instanceof AccessToken token) {
      return token.authorizationHeader();
    }
    if (credentials instanceof Credentials.Basic basic) {
      return basic.authorizationHeader();
    }
    return ((Credentials.Jwt) credentials).authorizationHeader();
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Builds a {@link SunshineOAuthClient}; each setter checks its argument at once. */
  public static final class Builder {
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private URI baseUrl = OAUTH_BRIDGE;
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
    private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private int maxPendingAcquires = DEFAULT_MAX_PENDING_ACQUIRES;
    private @Nullable HttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private Timeouts timeouts = Timeouts.defaults();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private RetryBudget retryBudget = RetryBudget.defaults();
    private CallObserver observer = CallObserver.NOOP;

    private Builder() {}

    /**
     * Sets the integration's client id. Required.
     *
     * @param clientId the client id, visible ASCII
     * @return this builder
     * @throws NullPointerException if {@code clientId} is null
     * @throws IllegalArgumentException if it is blank or holds other characters
     */
    public Builder clientId(String clientId) {
      this.clientId = Values.requireHeaderSafe(clientId, "clientId");
      return this;
    }

    /**
     * Sets the integration's client secret. Needed only by {@code getToken}; never logged, never
     * shown by {@code toString()}.
     *
     * @param clientSecret the secret
     * @return this builder
     * @throws NullPointerException if {@code clientSecret} is null
     * @throws IllegalArgumentException if it is blank
     */
    public Builder clientSecret(String clientSecret) {
      this.clientSecret = Values.requireNonBlank(clientSecret, "clientSecret");
      return this;
    }

    /**
     * Sets the base URL; default {@link #OAUTH_BRIDGE}. Also {@link #LEGACY_US}, {@link
     * #LEGACY_EU}, or any other, such as an emulator's.
     *
     * @param baseUrl an absolute {@code https} URL, or {@code http} on a loopback host, without
     *     query, fragment or user info
     * @return this builder
     * @throws NullPointerException if {@code baseUrl} is null
     * @throws IllegalArgumentException if it breaks one of these rules
     */
    public Builder baseUrl(URI baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      if (!baseUrl.isAbsolute() || baseUrl.isOpaque() || baseUrl.getHost() == null) {
        throw new IllegalArgumentException("baseUrl must be an absolute URL with a host");
      }
      if (baseUrl.getRawQuery() != null
          || baseUrl.getRawFragment() != null
          || baseUrl.getRawUserInfo() != null) {
        throw new IllegalArgumentException(
            "baseUrl must not have a query, a fragment or user info");
      }
      String scheme = baseUrl.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https")
          || (scheme.equals("http") && Hosts.isLoopback(baseUrl.getHost())))) {
        throw new IllegalArgumentException(
            "baseUrl must use https (http is allowed for loopback hosts only): " + baseUrl);
      }
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Sets the base URL from a string; see {@link #baseUrl(URI)}.
     *
     * @param baseUrl the base URL
     * @return this builder
     * @throws NullPointerException if {@code baseUrl} is null
     * @throws IllegalArgumentException if it is not a valid URL or breaks the rules of {@link
     *     #baseUrl(URI)}
     */
    public Builder baseUrl(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      try {
        return baseUrl(new URI(baseUrl));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "baseUrl is not a valid URL (at index " + e.getIndex() + ")");
      }
    }

    /**
     * Adds a header sent on every call, such as {@code X-Zendesk-Marketplace-Name}. Setting the
     * same name again replaces the value. {@code Authorization}, {@code Content-Type}, {@code Host}
     * and the framing headers are the client's own and cannot be set.
     *
     * @param name the header name, an RFC 9110 token
     * @param value the value, visible ASCII and spaces
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is not a token or reserved, or the value holds
     *     control characters
     */
    public Builder defaultHeader(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (name.isEmpty() || !name.chars().allMatch(Builder::isTokenChar)) {
        throw new IllegalArgumentException("header name is not a valid token: " + name);
      }
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("header " + name + " is set by the client itself");
      }
      if (!value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c <= 0x7E))) {
        throw new IllegalArgumentException(
            "the value of header " + name + " must be visible ASCII");
      }
      defaultHeaders.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
      defaultHeaders.put(name, value);
      return this;
    }

    /**
     * Sets the limit on a response body; default {@link #DEFAULT_MAX_RESPONSE_BYTES}. A longer body
     * fails the call at once with {@link SunshineTransportException} ({@code BODY_TOO_LARGE}),
     * without buffering the rest.
     *
     * @param maxResponseBytes 1 KiB to 16 MiB
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxResponseBytes(int maxResponseBytes) {
      if (maxResponseBytes < 1024 || maxResponseBytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("maxResponseBytes must be from 1 KiB to 16 MiB");
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /**
     * Sets the size of the connection pool the client creates; default {@link
     * #DEFAULT_MAX_CONNECTIONS}. Ignored when an {@link #httpClient(HttpClient)} is passed in.
     *
     * @param maxConnections at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1");
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * Sets how many calls may wait for a pooled connection; default {@link
     * #DEFAULT_MAX_PENDING_ACQUIRES}. One more fails at once with {@link
     * SunshineTransportException} ({@code POOL_EXHAUSTED}). Ignored when an {@link
     * #httpClient(HttpClient)} is passed in.
     *
     * @param maxPendingAcquires at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxPendingAcquires(int maxPendingAcquires) {
      if (maxPendingAcquires < 1) {
        throw new IllegalArgumentException("maxPendingAcquires must be at least 1");
      }
      this.maxPendingAcquires = maxPendingAcquires;
      return this;
    }

    /**
     * Uses the given Reactor Netty client, and so its connection pool and event loops, instead of
     * creating a pool. The client adds its own settings on a copy (no redirects, no silent retry,
     * default headers); {@link SunshineOAuthClient#close()} never disposes what was passed in here.
     *
     * @param httpClient the client to share
     * @return this builder
     * @throws NullPointerException if {@code httpClient} is null
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /**
     * Sets the deadlines of every call; default {@link Timeouts#defaults()} (connect 5 s, pool
     * acquire 10 s, attempt 10 s, call 30 s). {@link SunshineOAuthClient#withTimeouts} derives a
     * client with other deadlines.
     *
     * @param timeouts the deadlines
     * @return this builder
     * @throws NullPointerException if {@code timeouts} is null
     */
    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
      return this;
    }

    /**
     * Sets how failed calls are retried; default {@link RetryPolicy#defaults()} (at most 3
     * attempts, backoff from 100 ms to 2 s with full jitter). What may be retried at all depends on
     * the call: see {@link RetryPolicy}.
     *
     * @param retryPolicy the policy; {@link RetryPolicy#none()} for a single attempt
     * @return this builder
     * @throws NullPointerException if {@code retryPolicy} is null
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * Sets the retry budget shared by every call of the client (and of the clients derived from
     * it); default {@link RetryBudget#defaults()}.
     *
     * @param retryBudget the budget
     * @return this builder
     * @throws NullPointerException if {@code retryBudget} is null
     */
    public Builder retryBudget(RetryBudget retryBudget) {
      this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
      return this;
    }

    /**
     * Records one Micrometer observation per call in the given registry (none by default): named
     * {@code sunco.oauth.client.call}, with the low-cardinality keys {@code operation}, {@code
     * outcome}, {@code status} and {@code attempts}; never a URL, code or token. A parent
     * observation in the subscriber's Reactor context (key {@code micrometer.observation}) becomes
     * the parent. Needs {@code io.micrometer:micrometer-observation} on the class path, an optional
     * dependency of this library.
     *
     * @param registry the registry
     * @return this builder
     * @throws NullPointerException if {@code registry} is null
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observer = new MicrometerCallObserver(Objects.requireNonNull(registry, "registry"));
      return this;
    }

    /**
     * Sets the clock that turns an HTTP-date {@code Retry-After} into a wait; default the UTC
     * system clock. Meant for tests.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the client. Creates its connection pool, but opens no connection and starts no thread
     * until the first call.
     *
     * @return the client
     * @throws IllegalStateException if no client id was set
     */
    public SunshineOAuthClient build() {
      if (clientId == null) {
        throw new IllegalStateException("clientId is required");
      }
      return new SunshineOAuthClient(this);
    }

    private static boolean isTokenChar(int c) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
  }
}
