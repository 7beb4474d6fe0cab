package io.sunco.oauth.webflux;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.AuthorizationCode;
import io.sunco.oauth.callback.AuthorizationDeniedException;
import io.sunco.oauth.callback.AuthorizationStateStore;
import io.sunco.oauth.callback.InMemoryAuthorizationStateStore;
import io.sunco.oauth.callback.StateData;
import io.sunco.oauth.callback.StateGenerator;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The two WebFlux routes of the Sunshine Conversations OAuth flow, under a prefix of your choice
 * (default {@value #DEFAULT_PREFIX}):
 *
 * <ul>
 *   <li>{@code GET {prefix}/start} makes a fresh {@code state} and a fresh browser nonce, saves the
 *       state in the {@link AuthorizationStateStore} bound to that nonce, puts the nonce in an
 *       {@code HttpOnly}, {@code SameSite=Lax} cookie scoped to the prefix ({@code Secure} when the
 *       request or the redirect URI is {@code https}) and answers {@code 302} to the consent page
 *       built by {@link SunshineOAuthClient#authorize}.
 *   <li>{@code GET {prefix}/callback} is the redirect URI: it checks the {@code state} against the
 *       cookie with {@link AuthorizationCallback}, then, through {@link
 *       SunshineOAuthClient#completeAuthorization}, exchanges the code, asks which app the token is
 *       for and hands both to your {@link TokenSink}; it clears the cookie and answers {@code 303}
 *       to the success URL. When the token info call or the sink fails, or the browser goes away
 *       before the sink completed, the token is revoked: no live grant is left behind.
 * </ul>
 *
 * <p>Failures answer a short, fixed HTML page (never a stack trace, a code, a state or a token),
 * and always clear the cookie on the callback: {@code 400} for a callback whose state is missing,
 * unknown, expired, replayed, tampered with or issued to another browser, or that is malformed;
 * {@code 403} when the customer denied access (or a {@code 303} to the {@linkplain
 * Builder#denialUrl denial URL} when one is set; any {@code error} redirect counts as a denial,
 * since the value the service sends is undocumented); {@code 502} when the token exchange or the
 * token info call failed; {@code 504} when one of them timed out; {@code 500} when the sink failed
 * or the start route could not save the state. Every answer carries {@code Cache-Control: no-store}
 * and {@code Referrer-Policy: no-referrer}, so that the callback URL, which holds the code, never
 * leaks through a {@code Referer} header.
 *
 * <p>One flow per browser at a time: starting again replaces the cookie, so only the latest flow of
 * a browser can complete. The state store keeps each state once; the cookie only says which browser
 * may use it.
 *
 * <p>Immutable and thread-safe; build it once with {@link #builder()}. Nothing in it blocks: the
 * handlers run on the server's event loops. Failures are logged through Reactor's {@code Loggers}
 * (category {@code io.sunco.oauth.webflux.SunshineOAuthRoutes}): 5xx at WARN, 4xx at DEBUG, with
 * the library's secret-free exception messages only.
 *
 * <pre>{@code
 * RouterFunction<ServerResponse> routes = SunshineOAuthRoutes.builder()
 *     .client(client)
 *     .redirectUri("https://bot.example.com/oauth/sunshine/callback")
 *     .sink((token, info) -> tokens.save(info.appId(), token.value()))
 *     .successUrl("/connected")
 *     .build()
 *     .routerFunction();
 * }</pre>
 */
public final class SunshineOAuthRoutes {

  /** The default path prefix of both routes: {@value}. */
  public static final String DEFAULT_PREFIX = "/oauth/sunshine";

  /** The start route's path below the prefix: {@value}. */
  public static final String START_PATH = "/start";

  /** The callback route's path below the prefix: {@value}; the redirect URI must end with it. */
  public static final String CALLBACK_PATH = "/callback";

  /** Where the browser goes after a successful authorization by default: {@code /}. */
  public static final URI DEFAULT_SUCCESS_URL = URI.create("/");

  /** The default name of the browser nonce cookie: {@value}. */
  public static final String DEFAULT_COOKIE_NAME = "sunco_oauth_nonce";

  /**
   * The default lifetime of the nonce cookie: 10 minutes, the default lifetime of a state in {@link
   * InMemoryAuthorizationStateStore}.
   */
  public static final Duration DEFAULT_COOKIE_MAX_AGE = Duration.ofMinutes(10);

  private static final Logger LOG = Loggers.getLogger(SunshineOAuthRoutes.class);
  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
  private static final Pattern DOT_SEGMENT = Pattern.compile("/\\.{1,2}(/|$)");
  private static final Pattern COOKIE_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+");
  private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

  private final SunshineOAuthClient client;
  private final String redirectUri;
  private final URI redirectUriValue;
  private final boolean redirectUriIsHttps;
  private final String prefix;
  private final String cookiePath;
  private final String startLink;
  private final TokenSink sink;
  private final URI successUrl;
  private final Optional<URI> denialUrl;
  private final AuthorizationStateStore stateStore;
  private final StateGenerator stateGenerator;
  private final AuthorizationCallback verifier;
  private final String cookieName;
  private final Duration cookieMaxAge;
  private final Clock clock;
  private final RouterFunction<ServerResponse> routerFunction;

  private SunshineOAuthRoutes(Builder builder, String cookiePath) {
    this.client = Objects.requireNonNull(builder.client, "build() checks that a client is set");
    this.redirectUri =
        Objects.requireNonNull(builder.redirectUri, "build() checks that a redirect URI is set");
    this.redirectUriValue = URI.create(redirectUri);
    this.redirectUriIsHttps = "https".equalsIgnoreCase(redirectUriValue.getScheme());
    this.prefix = builder.prefix;
    this.cookiePath = cookiePath;
    this.startLink = cookiePath + START_PATH;
    this.sink = Objects.requireNonNull(builder.sink, "build() checks that a sink is set");
    this.successUrl = builder.successUrl;
    this.denialUrl = Optional.ofNullable(builder.denialUrl);
    this.stateStore =
        builder.stateStore != null ? builder.stateStore : InMemoryAuthorizationStateStore.create();
    // Seeds a DRBG when none was given: build() runs at start-up, off the event loops.
    this.stateGenerator =
        builder.stateGenerator != null ? builder.stateGenerator : StateGenerator.create();
    this.verifier = AuthorizationCallback.usingStore(stateStore);
    this.cookieName = builder.cookieName;
    this.cookieMaxAge = builder.cookieMaxAge;
    this.clock = Clock.systemUTC();
    this.routerFunction =
        RouterFunctions.route()
            .GET(prefix + START_PATH, this::start)
            .GET(prefix + CALLBACK_PATH, this::callback)
            .build();
  }

  /**
   * A builder; {@link Builder#client client}, {@link Builder#redirectUri redirectUri} and {@link
   * Builder#sink sink} are required, everything else has a documented default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The two routes, {@code GET {prefix}/start} and {@code GET {prefix}/callback}, to combine with
   * the application's own routes ({@code .and(..)}) or to serve alone.
   *
   * @return the router function, the same instance on every call
   */
  public RouterFunction<ServerResponse> routerFunction() {
    return routerFunction;
  }

  /**
   * The start route's handler, for applications that map it themselves (the cookie is still scoped
   * to the path the redirect URI implies).
   *
   * @param request the request
   * @return a Mono that emits a {@code 302} to the consent page with the nonce cookie, or a {@code
   *     500} page when the state cannot be saved; it never errors
   * @throws NullPointerException if {@code request} is null
   */
  public Mono<ServerResponse> start(ServerRequest request) {
    Objects.requireNonNull(request, "request");
    boolean secure = isSecure(request);
    return Mono.zip(stateGenerator.generate(), stateGenerator.generate())
        .flatMap(
            stateAndNonce -> {
              String state = stateAndNonce.getT1();
              String nonce = stateAndNonce.getT2();
              StateData data =
                  StateData.of(nonce, clock.instant()).withRedirectUri(redirectUriValue);
              return Mono.defer(() -> stateStore.save(state, data))
                  .then(Mono.defer(() -> client.authorize(AuthorizeRequest.of(redirectUri, state))))
                  .flatMap(
                      consent ->
                          ServerResponse.status(HttpStatus.FOUND)
                              .location(consent)
                              .cookie(nonceCookie(nonce, secure))
                              .header(HttpHeaders.CACHE_CONTROL, "no-store")
                              .header("Referrer-Policy", "no-referrer")
                              .build());
            })
        .onErrorResume(error -> failure(Failure.START, error, null));
  }

  /**
   * The callback route's handler: the redirect URI points here.
   *
   * @param request the request
   * @return a Mono that emits a {@code 303} to the success URL once the sink stored the token, or a
   *     failure answer as listed on this class; every answer clears the nonce cookie; it never
   *     errors
   * @throws NullPointerException if {@code request} is null
   */
  public Mono<ServerResponse> callback(ServerRequest request) {
    Objects.requireNonNull(request, "request");
    ResponseCookie cleared = clearedCookie(isSecure(request));
    HttpCookie cookie = request.cookies().getFirst(cookieName);
    String nonce = cookie == null ? "" : cookie.getValue();
    return verifier
        .verify(request.uri(), nonce)
        .onErrorMap(
            error -> !(error instanceof Stop),
            error ->
                new Stop(
                    verifyFailure(error), error, error instanceof AuthorizationCallbackException))
        .flatMap(this::exchange)
        .then(Mono.defer(() -> redirect(successUrl, cleared)))
        .onErrorResume(error -> failure(Failure.INTERNAL, error, cleared));
  }

  /**
   * Code to token, token to app, both to the sink, through the client's composed operation: a token
   * issued for a flow that then fails or is cancelled is revoked. The sink's errors are tagged
   * inside the operation; whatever arrives untagged came from the exchange or token info.
   */
  private Mono<Void> exchange(AuthorizationCode code) {
    return Mono.defer(() -> client.completeAuthorization(code.value(), this::save))
        .onErrorMap(
            error -> !(error instanceof Stop),
            error -> new Stop(upstreamFailure(error), error, true));
  }

  private Mono<Void> save(AccessToken token, TokenInfo info) {
    return Mono.defer(
            () -> Objects.requireNonNull(sink.save(token, info), "the sink returned null"))
        .onErrorMap(
            error -> !(error instanceof Stop), error -> new Stop(Failure.SAVE, error, false));
  }

  private static Failure verifyFailure(Throwable error) {
    if (error instanceof AuthorizationDeniedException) {
      return Failure.DENIED;
    }
    if (error instanceof AuthorizationCallbackException) {
      return Failure.BAD_CALLBACK;
    }
    // The store could not be read: our failure, not the browser's.
    return Failure.INTERNAL;
  }

  private static Failure upstreamFailure(Throwable error) {
    if (error instanceof SunshineTimeoutException) {
      return Failure.UPSTREAM_TIMEOUT;
    }
    if (error instanceof SunshineOAuthException) {
      return Failure.UPSTREAM;
    }
    if (error instanceof IllegalArgumentException) {
      // getToken refuses a code that cannot be a code (too long, control characters).
      return Failure.BAD_CALLBACK;
    }
    // A closed client, or one built without a client secret.
    return Failure.INTERNAL;
  }

  private Mono<ServerResponse> failure(
      Failure fallback, Throwable error, @Nullable ResponseCookie cleared) {
    Failure failure = fallback;
    String cause = error.getClass().getName();
    if (error instanceof Stop stop) {
      failure = stop.failure;
      Throwable stopped = Objects.requireNonNull(stop.getCause(), "a Stop always carries a cause");
      cause = stop.ourMessage ? describe(stopped) : stopped.getClass().getName();
    }
    if (failure.status.is5xxServerError()) {
      if (LOG.isWarnEnabled()) {
        LOG.warn("Sunshine OAuth flow failed, answering {}: {}", failure.status.value(), cause);
      }
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("Sunshine OAuth flow refused, answering {}: {}", failure.status.value(), cause);
    }
    if (failure == Failure.DENIED && denialUrl.isPresent()) {
      return redirect(
          denialUrl.get(),
          Objects.requireNonNull(
              cleared, "only the callback reports a denial; it clears the cookie"));
    }
    ServerResponse.BodyBuilder response =
        ServerResponse.status(failure.status)
            .contentType(HTML)
            .header(HttpHeaders.CACHE_CONTROL, "no-store")
            .header("Referrer-Policy", "no-referrer")
            .header("X-Content-Type-Options", "nosniff")
            .header("X-Frame-Options", "DENY")
            .header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    if (cleared != null) {
      response.cookie(cleared);
    }
    return response.bodyValue(
        Pages.page(failure.title, failure.message, failure.offerRestart ? startLink : null));
  }

  /** For errors made by this library, whose messages hold no secret. */
  private static String describe(Throwable error) {
    return error.getClass().getSimpleName() + ": " + error.getMessage();
  }

  private static Mono<ServerResponse> redirect(URI location, ResponseCookie cleared) {
    return ServerResponse.seeOther(location)
        .cookie(cleared)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Referrer-Policy", "no-referrer")
        .build();
  }

  private boolean isSecure(ServerRequest request) {
    return redirectUriIsHttps || "https".equalsIgnoreCase(request.uri().getScheme());
  }

  private ResponseCookie nonceCookie(String nonce, boolean secure) {
    return ResponseCookie.from(cookieName, nonce)
        .httpOnly(true)
        .secure(secure)
        .sameSite("Lax")
        .path(cookiePath)
        .maxAge(cookieMaxAge)
        .build();
  }

  private ResponseCookie clearedCookie(boolean secure) {
    return ResponseCookie.from(cookieName, "")
        .httpOnly(true)
        .secure(secure)
        .sameSite("Lax")
        .path(cookiePath)
        .maxAge(Duration.ZERO)
        .build();
  }

  /**
   * The path prefix of both routes.
   *
   * @return the prefix, for example {@value #DEFAULT_PREFIX}
   */
  public String prefix() {
    return prefix;
  }

  /**
   * The redirect URI sent with every authorize request, exactly as configured.
   *
   * @return the redirect URI
   */
  public String redirectUri() {
    return redirectUri;
  }

  /**
   * The path of the nonce cookie: the redirect URI's path without {@value #CALLBACK_PATH}, so that
   * it matches both routes as the browser sees them, even behind a proxy that adds a path.
   *
   * @return the cookie path
   */
  public String cookiePath() {
    return cookiePath;
  }

  /**
   * Where the browser goes after a successful authorization.
   *
   * @return the success URL
   */
  public URI successUrl() {
    return successUrl;
  }

  /**
   * Where the browser goes when access was denied.
   *
   * @return the denial URL, or empty when a {@code 403} page is shown instead
   */
  public Optional<URI> denialUrl() {
    return denialUrl;
  }

  /**
   * The store the states are kept in.
   *
   * @return the state store
   */
  public AuthorizationStateStore stateStore() {
    return stateStore;
  }

  /**
   * The name of the browser nonce cookie.
   *
   * @return the cookie name
   */
  public String cookieName() {
    return cookieName;
  }

  /**
   * The {@code Max-Age} of the browser nonce cookie.
   *
   * @return the cookie lifetime
   */
  public Duration cookieMaxAge() {
    return cookieMaxAge;
  }

  /** Shows the configuration; it holds no secret. */
  @Override
  public String toString() {
    return "SunshineOAuthRoutes[prefix="
        + prefix
        + ", redirectUri="
        + redirectUri
        + ", successUrl="
        + successUrl
        + ", denialUrl="
        + denialUrl.map(URI::toString).orElse("(403 page)")
        + ", cookie="
        + cookieName
        + "; Path="
        + cookiePath
        + "; Max-Age="
        + cookieMaxAge.toSeconds()
        + ", stateStore="
        + stateStore
        + "]";
  }

  /** What a failed request is answered with. */
  private enum Failure {
    BAD_CALLBACK(
        HttpStatus.BAD_REQUEST,
        "This authorization link is not valid",
        "The authorization could not be verified: the link is invalid, was already used, has"
            + " expired or was opened in another browser.",
        true),
    DENIED(
        HttpStatus.FORBIDDEN,
        "Access was denied",
        "The Sunshine Conversations app was not connected because access was denied.",
        true),
    UPSTREAM(
        HttpStatus.BAD_GATEWAY,
        "Sunshine Conversations did not complete the authorization",
        "The authorization server refused or failed the request. The app was not connected.",
        true),
    UPSTREAM_TIMEOUT(
        HttpStatus.GATEWAY_TIMEOUT,
        "Sunshine Conversations did not answer in time",
        "The authorization server did not answer in time. The app was not connected.",
        true),
    SAVE(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "The connection could not be saved",
        "Access was granted, but the connection could not be saved. The app was not connected.",
        true),
    START(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "The authorization could not be started",
        "Something went wrong on our side. Please try again later.",
        false),
    INTERNAL(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "Something went wrong",
        "Something went wrong on our side. The app was not connected.",
        true);

    final HttpStatus status;
    final String title;
    final String message;
    final boolean offerRestart;

    Failure(HttpStatus status, String title, String message, boolean offerRestart) {
      this.status = status;
      this.title = title;
      this.message = message;
      this.offerRestart = offerRestart;
    }
  }

  /**
   * Carries a step's answer to the end of the chain; no stack trace, it is never shown. {@code
   * ourMessage} says whether the cause was made by this library, whose messages may be logged; of a
   * sink's or a store's error only the type is logged.
   */
  private static final class Stop extends RuntimeException {
    private final transient Failure failure;
    private final boolean ourMessage;

    Stop(Failure failure, Throwable cause, boolean ourMessage) {
      super(failure.name(), cause, false, false);
      this.failure = failure;
      this.ourMessage = ourMessage;
    }
  }

  /**
   * Builds {@link SunshineOAuthRoutes}; each setter checks its argument at once, {@link #build()}
   * checks that they fit together.
   */
  public static final class Builder {
    private @Nullable SunshineOAuthClient client;
    private @Nullable String redirectUri;
    private String prefix = DEFAULT_PREFIX;
    private @Nullable TokenSink sink;
    private URI successUrl = DEFAULT_SUCCESS_URL;
    private @Nullable URI denialUrl;
    private @Nullable AuthorizationStateStore stateStore;
    private @Nullable StateGenerator stateGenerator;
    private String cookieName = DEFAULT_COOKIE_NAME;
    private Duration cookieMaxAge = DEFAULT_COOKIE_MAX_AGE;

    private Builder() {}

    /**
     * Sets the client that builds the consent URL and exchanges the code. Required; it needs a
     * client secret. The routes never close it.
     *
     * @param client the shared client
     * @return this builder
     * @throws NullPointerException if {@code client} is null
     */
    public Builder client(SunshineOAuthClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the redirect URI sent with every authorize request, byte for byte. Required. It must be
     * registered for the integration, and its path must end with {@code {prefix}/callback}: the
     * callback route.
     *
     * @param redirectUri an absolute {@code https} URI, or {@code http} on a loopback host
     * @return this builder
     * @throws NullPointerException if {@code redirectUri} is null
     * @throws IllegalArgumentException if it breaks the rules of {@link
     *     AuthorizeRequest.Builder#redirectUri(String)}
     */
    public Builder redirectUri(String redirectUri) {
      AuthorizeRequest.builder().redirectUri(redirectUri);
      this.redirectUri = redirectUri;
      return this;
    }

    /**
     * Sets the redirect URI from a {@link URI}; see {@link #redirectUri(String)}.
     *
     * @param redirectUri the redirect URI
     * @return this builder
     * @throws NullPointerException if {@code redirectUri} is null
     * @throws IllegalArgumentException if it breaks the rules of {@link #redirectUri(String)}
     */
    public Builder redirectUri(URI redirectUri) {
      return redirectUri(Objects.requireNonNull(redirectUri, "redirectUri").toString());
    }

    /**
     * Sets the path prefix of both routes; default {@value #DEFAULT_PREFIX}.
     *
     * @param prefix one or more {@code /segment}s of letters, digits and {@code . _ ~ -}, without a
     *     trailing slash; no segment may be {@code .} or {@code ..}
     * @return this builder
     * @throws NullPointerException if {@code prefix} is null
     * @throws IllegalArgumentException if it has another shape
     */
    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (!PREFIX.matcher(prefix).matches() || DOT_SEGMENT.matcher(prefix).find()) {
        throw new IllegalArgumentException(
            "prefix must be one or more /segments of letters, digits and . _ ~ -, without a"
                + " trailing slash: "
                + prefix);
      }
      this.prefix = prefix;
      return this;
    }

    /**
     * Sets where the token and its app go once the authorization succeeded. Required.
     *
     * @param sink the sink; it must not block
     * @return this builder
     * @throws NullPointerException if {@code sink} is null
     */
    public Builder sink(TokenSink sink) {
      this.sink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * Sets where the browser is sent ({@code 303}) after the sink stored the token; default {@link
     * #DEFAULT_SUCCESS_URL}.
     *
     * @param successUrl an absolute {@code http(s)} URL, or a path starting with a single {@code /}
     * @return this builder
     * @throws NullPointerException if {@code successUrl} is null
     * @throws IllegalArgumentException if it is neither
     */
    public Builder successUrl(String successUrl) {
      this.successUrl = target(successUrl, "successUrl");
      return this;
    }

    /**
     * Sets the success URL from a {@link URI}; see {@link #successUrl(String)}.
     *
     * @param successUrl the success URL
     * @return this builder
     * @throws NullPointerException if {@code successUrl} is null
     * @throws IllegalArgumentException if it is neither an absolute http(s) URL nor a path
     */
    public Builder successUrl(URI successUrl) {
      return successUrl(Objects.requireNonNull(successUrl, "successUrl").toString());
    }

    /**
     * Sets where the browser is sent ({@code 303}) when access was denied; default none: the
     * callback then answers a {@code 403} page.
     *
     * @param denialUrl an absolute {@code http(s)} URL, or a path starting with a single {@code /}
     * @return this builder
     * @throws NullPointerException if {@code denialUrl} is null
     * @throws IllegalArgumentException if it is neither
     */
    public Builder denialUrl(String denialUrl) {
      this.denialUrl = target(denialUrl, "denialUrl");
      return this;
    }

    /**
     * Sets the denial URL from a {@link URI}; see {@link #denialUrl(String)}.
     *
     * @param denialUrl the denial URL
     * @return this builder
     * @throws NullPointerException if {@code denialUrl} is null
     * @throws IllegalArgumentException if it is neither an absolute http(s) URL nor a path
     */
    public Builder denialUrl(URI denialUrl) {
      return denialUrl(Objects.requireNonNull(denialUrl, "denialUrl").toString());
    }

    /**
     * Sets the store the states live in between the two routes; default a new {@link
     * InMemoryAuthorizationStateStore} with its defaults (10,000 states, 10 minutes), which fits
     * one node or sticky sessions. A cluster needs a shared store.
     *
     * @param stateStore the store
     * @return this builder
     * @throws NullPointerException if {@code stateStore} is null
     */
    public Builder stateStore(AuthorizationStateStore stateStore) {
      this.stateStore = Objects.requireNonNull(stateStore, "stateStore");
      return this;
    }

    /**
     * Sets the generator of states and nonces; default a new {@link StateGenerator#create()}, made
     * (and seeded) by {@link #build()}.
     *
     * @param stateGenerator the generator
     * @return this builder
     * @throws NullPointerException if {@code stateGenerator} is null
     */
    public Builder stateGenerator(StateGenerator stateGenerator) {
      this.stateGenerator = Objects.requireNonNull(stateGenerator, "stateGenerator");
      return this;
    }

    /**
     * Sets the name of the browser nonce cookie; default {@value #DEFAULT_COOKIE_NAME}.
     *
     * @param cookieName an RFC 6265 cookie name
     * @return this builder
     * @throws NullPointerException if {@code cookieName} is null
     * @throws IllegalArgumentException if it is not a valid cookie name
     */
    public Builder cookieName(String cookieName) {
      Objects.requireNonNull(cookieName, "cookieName");
      if (!COOKIE_NAME.matcher(cookieName).matches()) {
        throw new IllegalArgumentException("cookieName is not a valid cookie name: " + cookieName);
      }
      this.cookieName = cookieName;
      return this;
    }

    /**
     * Sets the {@code Max-Age} of the nonce cookie; default {@link #DEFAULT_COOKIE_MAX_AGE}. Match
     * it to the state store's lifetime.
     *
     * @param cookieMaxAge 1 second to 1 day
     * @return this builder
     * @throws NullPointerException if {@code cookieMaxAge} is null
     * @throws IllegalArgumentException if out of range
     */
    public Builder cookieMaxAge(Duration cookieMaxAge) {
      Objects.requireNonNull(cookieMaxAge, "cookieMaxAge");
      if (cookieMaxAge.compareTo(Duration.ofSeconds(1)) < 0
          || cookieMaxAge.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("cookieMaxAge must be from 1 second to 1 day");
      }
      this.cookieMaxAge = cookieMaxAge;
      return this;
    }

    /**
     * Builds the routes. Makes and seeds a {@link StateGenerator} unless one was set: call it at
     * start-up, not on an event loop.
     *
     * @return the immutable routes
     * @throws IllegalStateException if the client, the redirect URI or the sink is missing, or the
     *     redirect URI's path does not end with {@code {prefix}/callback}
     */
    public SunshineOAuthRoutes build() {
      if (client == null) {
        throw new IllegalStateException("client(..) is required");
      }
      if (redirectUri == null) {
        throw new IllegalStateException("redirectUri(..) is required");
      }
      if (sink == null) {
        throw new IllegalStateException("sink(..) is required");
      }
      String path = URI.create(redirectUri).getRawPath();
      String callbackPath = prefix + CALLBACK_PATH;
      if (path == null || !path.endsWith(callbackPath)) {
        throw new IllegalStateException(
            "the path of the redirect URI must end with " + callbackPath + ", the callback route");
      }
      return new SunshineOAuthRoutes(
          this, path.substring(0, path.length() - CALLBACK_PATH.length()));
    }

    private static URI target(String value, String name) {
      Objects.requireNonNull(value, name);
      URI uri;
      try {
        uri = new URI(value);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            name + " is not a valid URI (at index " + e.getIndex() + ")");
      }
      if (uri.isAbsolute()) {
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.isOpaque()
            || uri.getHost() == null
            || !(scheme.equals("http") || scheme.equals("https"))) {
          throw new IllegalArgumentException(name + " must be an absolute http(s) URL or a path");
        }
      } else if (uri.getRawAuthority() != null
          || uri.getRawPath() == null
          || !uri.getRawPath().startsWith("/")) {
        throw new IllegalArgumentException(
            name + " must be an absolute http(s) URL or a path starting with a single /");
      }
      return uri;
    }
  }
}
