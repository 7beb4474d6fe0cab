package io.sunco.oauth.webflux;

import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.callback.ReplayGuard;
import io.sunco.oauth.callback.SignedStateCodec;
import io.sunco.oauth.callback.StateGenerator;
import io.sunco.oauth.internal.CharClass;
import io.sunco.oauth.internal.UrlRule;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The two WebFlux routes of the Sunshine Conversations OAuth flow, under a prefix of your choice
 * (default {@value #DEFAULT_PREFIX}):
 *
 * <ul>
 *   <li>{@code GET {prefix}/start} asks the application's {@link FlowAttributes} (if any) what to
 *       attach to the flow, makes a pending state (by default saved in an {@link
 *       PendingAuthorizationStore} bound to a fresh browser nonce; or a {@linkplain
 *       Builder#signedStates signed state}), puts the nonce in an {@code HttpOnly}, {@code
 *       SameSite=Lax} cookie and answers {@code 302} to the consent page built by {@link
 *       SunshineOAuthClient#authorizeUrl}. When the redirect URI is {@code https} the cookie is
 *       {@value #HOST_COOKIE_PREFIX}-prefixed, {@code Secure}, {@code Path=/} and without {@code
 *       Domain}, so that no sibling subdomain can plant one; on a loopback {@code http} redirect
 *       URI it keeps its plain name, scoped to the prefix.
 *   <li>{@code GET {prefix}/callback} is the redirect URI: it checks the {@code state} against the
 *       cookie with {@link AuthorizationCallback}, asks the {@link FlowAttributes} whether the user
 *       of this request is the one who started the flow (by default it derives the attributes again
 *       and compares them), then, through {@link SunshineOAuthClient#completeAuthorization},
 *       exchanges the code, asks which app the token is for and hands both, with the flow's
 *       attributes, to your {@link TokenSink}; it clears the cookie and answers {@code 303} to the
 *       success URL. When the token info call or the sink fails, or the browser goes away before
 *       the sink completed, the token is revoked: no live grant is left behind.
 * </ul>
 *
 * <p>Failures answer a short, fixed HTML page (never a stack trace, a code, a state or a token),
 * and always clear the cookie on the callback: {@code 400} for a callback whose state is missing,
 * unknown, expired, replayed, tampered with or issued to another browser, or that is malformed;
 * {@code 403} when the customer denied access (or a {@code 303} to the {@linkplain
 * Builder#denialUrl denial URL} when one is set; any {@code error} redirect counts as a denial,
 * since the value the service sends is undocumented), or when the {@link FlowAttributes} refuse the
 * session (the code is then not exchanged); {@code 502} when the token exchange or the token info
 * call failed; {@code 504} when one of them timed out; {@code 503} when the state store or replay
 * guard is down or too slow (on the start route too, which saves the state); {@code 500} when the
 * sink failed or something else failed on our side. Every answer carries {@code Cache-Control:
 * no-store} and {@code Referrer-Policy: no-referrer}, so that the callback URL, which holds the
 * code, never leaks through a {@code Referer} header.
 *
 * <p>One flow per browser at a time: starting again replaces the cookie, so only the latest flow of
 * a browser can complete. The state store keeps each state once; the cookie only says which browser
 * may use it.
 *
 * <p>Immutable and thread-safe; build it once with {@link #builder()}. Nothing in it blocks: the
 * handlers run on the server's event loops. Every callback ends with one {@link FlowOutcome},
 * observed as {@value #OBSERVATION_NAME} with the key {@value #OUTCOME_KEY} when an {@linkplain
 * Builder#observationRegistry observation registry} is set, and so does every start, observed as
 * {@value #START_OBSERVATION_NAME}. Every flow that did not connect writes one line through
 * Reactor's {@code Loggers} (category {@code io.sunco.oauth.webflux.SunshineOAuthRoutes}): refusals
 * at INFO, failures on our side or upstream at WARN, with the outcome, the reason code, the route,
 * the status and the app id when known, at most {@value #LOG_LINES_PER_MINUTE} lines per outcome
 * and minute; never a code, a state, a nonce, a token or a secret.
 *
 * <pre>{@code
 * RouterFunction<ServerResponse> routes = SunshineOAuthRoutes.builder()
 *     .client(client)
 *     .redirectUri("https://bot.example.com/oauth/sunshine/callback")
 *     .sink(connected -> tokens.save(connected.app().appId(), connected.token().value()))
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

  /**
   * The default name of the browser nonce cookie: {@value}; over https it is sent with the {@value
   * #HOST_COOKIE_PREFIX} prefix.
   */
  public static final String DEFAULT_COOKIE_NAME = "sunco_oauth_nonce";

  /**
   * The prefix of the nonce cookie's name when the redirect URI is {@code https}: {@value}. A
   * browser accepts such a cookie only with {@code Secure}, {@code Path=/} and no {@code Domain},
   * set by the host itself, so a sibling subdomain cannot plant one ("cookie tossing").
   */
  public static final String HOST_COOKIE_PREFIX = "__Host-";

  /** The name of the Micrometer observation of each callback: {@value}. */
  public static final String OBSERVATION_NAME = "sunco.oauth.flow";

  /**
   * The name of the Micrometer observation of each start, with the same {@value #OUTCOME_KEY} key
   * ({@code started}, {@code store_unavailable}, {@code internal_error} or {@code cancelled}):
   * {@value}. In a store outage the start route fails first.
   */
  public static final String START_OBSERVATION_NAME = "sunco.oauth.flow.start";

  /** The observations' one low-cardinality key, a {@link FlowOutcome#tag()}: {@value}. */
  public static final String OUTCOME_KEY = "outcome";

  /**
   * Most log lines of one {@link FlowOutcome} in one minute: {@value}; the next line of that
   * outcome after the minute says how many were left out.
   */
  public static final int LOG_LINES_PER_MINUTE = 10;

  /**
   * The default lifetime of the nonce cookie: 10 minutes, the default lifetime of a state in {@link
   * InMemoryPendingAuthorizationStore}.
   */
  public static final Duration DEFAULT_COOKIE_MAX_AGE = Duration.ofMinutes(10);

  private final String redirectUri;
  private final String prefix;
  private final URI successUrl;
  private final @Nullable URI denialUrl;
  private final PendingFlows states;
  private final ResponsePolicy policy;
  private final StartStep startStep;
  private final CallbackStep callbackStep;
  private final RouterFunction<ServerResponse> routerFunction;

  private SunshineOAuthRoutes(Builder builder, String routesPath, PendingFlows states) {
    this.redirectUri =
        Objects.requireNonNull(builder.redirectUri, "build() checks that a redirect URI is set");
    this.prefix = builder.prefix;
    this.successUrl = builder.successUrl;
    this.denialUrl = builder.denialUrl;
    this.states = states;
    boolean https = "https".equalsIgnoreCase(URI.create(redirectUri).getScheme());
    // Over https the __Host- prefix: Secure, Path=/, no Domain, so no sibling host can set it.
    String cookieName =
        https
            ? HOST_COOKIE_PREFIX + hostCookieName(builder.cookieName, routesPath)
            : builder.cookieName;
    this.policy =
        new ResponsePolicy(cookieName, https ? "/" : routesPath, builder.cookieMaxAge, https);
    RouteParts parts =
        new RouteParts(
            Objects.requireNonNull(builder.client, "build() checks that a client is set"),
            states,
            builder.attributes,
            policy,
            new FailureAnswers(
                policy,
                routesPath + START_PATH,
                denialUrl,
                new FlowLog(builder.logTicker),
                prefix + START_PATH,
                prefix + CALLBACK_PATH),
            builder.observer);
    // A template checked once here; each start only adds its state.
    this.startStep = new StartStep(parts, AuthorizeRequest.of(redirectUri, "template"));
    this.callbackStep =
        new CallbackStep(
            parts,
            Objects.requireNonNull(builder.sink, "build() checks that a sink is set"),
            successUrl);
    this.routerFunction =
        RouterFunctions.route()
            .GET(prefix + START_PATH, this::start)
            .GET(prefix + CALLBACK_PATH, this::callback)
            .build();
  }

  /**
   * The name after {@value #HOST_COOKIE_PREFIX}: with Path=/ every route set of the host shares the
   * cookie, so the default name of routes under another path than {@value #DEFAULT_PREFIX} carries
   * that path ({@code /tenant-a} gives {@code sunco_oauth_nonce_tenant-a}): two route sets never
   * overwrite each other's nonce. A name set explicitly is kept as it is.
   */
  private static String hostCookieName(String configured, String routesPath) {
    if (!configured.equals(DEFAULT_COOKIE_NAME) || routesPath.equals(DEFAULT_PREFIX)) {
      return configured;
    }
    StringBuilder name = new StringBuilder(configured).append('_');
    routesPath
        .substring(1)
        .chars()
        // A / becomes a dot; anything a cookie name cannot hold (a proxy path's ; or =) a _.
        .map(c -> c == '/' ? '.' : CharClass.TOKEN.contains((char) c) ? c : '_')
        .forEach(c -> name.append((char) c));
    return name.toString();
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
   * @return a Mono that emits a {@code 302} to the consent page with the nonce cookie, a {@code
   *     503} page when the state store is down or too slow ({@link
   *     io.sunco.oauth.callback.StoreUnavailableException}), or a {@code 500} page when the
   *     attributes or the state cannot be made otherwise; it never errors
   * @throws NullPointerException if {@code request} is null
   */
  public Mono<ServerResponse> start(ServerRequest request) {
    return startStep.handle(Objects.requireNonNull(request, "request"));
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
    return callbackStep.handle(Objects.requireNonNull(request, "request"));
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
   * The path of the nonce cookie: {@code /} when the redirect URI is {@code https} (the {@value
   * #HOST_COOKIE_PREFIX} prefix requires it), else the redirect URI's path without {@value
   * #CALLBACK_PATH}, so that it matches both routes as the browser sees them, even behind a proxy
   * that adds a path.
   *
   * @return the cookie path
   */
  public String cookiePath() {
    return policy.cookiePath();
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
    return Optional.ofNullable(denialUrl);
  }

  /**
   * The store the states are kept in.
   *
   * @return the state store, or empty when the routes use signed states ({@link
   *     Builder#signedStates})
   */
  public Optional<PendingAuthorizationStore> stateStore() {
    return states instanceof StorePendingFlows stored
        ? Optional.of(stored.store())
        : Optional.empty();
  }

  /**
   * The name of the browser nonce cookie as the browser sees it.
   *
   * @return the configured name, with the {@value #HOST_COOKIE_PREFIX} prefix when the redirect URI
   *     is {@code https}
   */
  public String cookieName() {
    return policy.cookieName();
  }

  /**
   * The {@code Max-Age} of the browser nonce cookie.
   *
   * @return the cookie lifetime
   */
  public Duration cookieMaxAge() {
    return policy.cookieMaxAge();
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
        + (denialUrl == null ? "(403 page)" : denialUrl.toString())
        + ", cookie="
        + policy.cookieName()
        + "; Path="
        + policy.cookiePath()
        + "; Max-Age="
        + policy.cookieMaxAge().toSeconds()
        + ", "
        + states
        + "]";
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
    private @Nullable PendingAuthorizationStore stateStore;
    private @Nullable StateGenerator stateGenerator;
    private @Nullable SignedStateCodec signedStateCodec;
    private @Nullable ReplayGuard replayGuard;
    private @Nullable FlowAttributes attributes;
    private Clock clock = Clock.systemUTC();
    private LongSupplier logTicker = System::nanoTime;
    private String cookieName = DEFAULT_COOKIE_NAME;
    private Duration cookieMaxAge = DEFAULT_COOKIE_MAX_AGE;
    private FlowObserver observer = FlowObserver.NOOP;

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
      if (!isPrefix(prefix)) {
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
     * InMemoryPendingAuthorizationStore} with its defaults (10,000 states, 10 minutes), which fits
     * one node or sticky sessions. A cluster needs a shared store.
     *
     * @param stateStore the store
     * @return this builder
     * @throws NullPointerException if {@code stateStore} is null
     */
    public Builder stateStore(PendingAuthorizationStore stateStore) {
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
     * Keeps flows in signed states instead of a state store: no server-side state at all, but a
     * replay guard that refuses a second use of a state (share one across nodes, for example on
     * Redis). The codec's key must be the same on every node; its TTL should match {@link
     * #cookieMaxAge}. Excludes {@link #stateStore} and {@link #stateGenerator}.
     *
     * @param codec the codec that issues and verifies the states
     * @param replayGuard the guard that remembers used states until they expire
     * @return this builder
     * @throws NullPointerException if an argument is null
     */
    public Builder signedStates(SignedStateCodec codec, ReplayGuard replayGuard) {
      this.signedStateCodec = Objects.requireNonNull(codec, "codec");
      this.replayGuard = Objects.requireNonNull(replayGuard, "replayGuard");
      return this;
    }

    /**
     * Lets the application attach its own context to each flow (its user's id, a tenant); the sink
     * gets the attributes in {@link ConnectedApp#attributes()}. By default the callback derives
     * them again from its own request and refuses ({@code 403}, no code exchanged) a callback whose
     * user differs or is missing: see {@link FlowAttributes#stillMatches}. Default none: every flow
     * has empty attributes.
     *
     * @param attributes the application's side of a flow
     * @return this builder
     * @throws NullPointerException if {@code attributes} is null
     */
    public Builder attributes(FlowAttributes attributes) {
      this.attributes = Objects.requireNonNull(attributes, "attributes");
      return this;
    }

    /**
     * Observes every callback through {@code registry}: one observation named {@value
     * #OBSERVATION_NAME} with one low-cardinality key, {@value #OUTCOME_KEY} (a {@link
     * FlowOutcome#tag()}), and every start as {@value #START_OBSERVATION_NAME} with the same key;
     * under Micrometer's meter handler (Spring Boot's default) a timer, with its count, per
     * outcome. The server's observation in the Reactor context is the parent; failures on our side
     * or upstream are reported with {@code Observation.error}. Default none.
     *
     * @param registry the application's registry
     * @return this builder
     * @throws NullPointerException if {@code registry} is null
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observer = new MicrometerFlowObserver(Objects.requireNonNull(registry, "registry"));
      return this;
    }

    /**
     * Sets the clock that stamps each saved state's {@link PendingAuthorization#createdAt()};
     * default the UTC system clock. (A signed-state codec reads its own clock; the log's rate limit
     * reads {@link System#nanoTime}, which a clock change cannot move.)
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** For tests: the monotonic nanosecond ticker of the log's rate limit. */
    Builder logTicker(LongSupplier ticker) {
      this.logTicker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Sets the name of the browser nonce cookie; default {@value #DEFAULT_COOKIE_NAME}. When the
     * redirect URI is {@code https} the routes send it with the {@value #HOST_COOKIE_PREFIX} prefix
     * ({@code __Host-sunco_oauth_nonce}), so the name given here carries no prefix.
     *
     * @param cookieName an RFC 6265 cookie name, not starting with {@code __Host-} or {@code
     *     __Secure-}
     * @return this builder
     * @throws NullPointerException if {@code cookieName} is null
     * @throws IllegalArgumentException if it is not a valid cookie name, or carries a prefix
     */
    public Builder cookieName(String cookieName) {
      Objects.requireNonNull(cookieName, "cookieName");
      if (cookieName.isEmpty() || !CharClass.TOKEN.containsAll(cookieName)) {
        throw new IllegalArgumentException("cookieName is not a valid cookie name: " + cookieName);
      }
      String lower = cookieName.toLowerCase(Locale.ROOT);
      if (lower.startsWith("__host-") || lower.startsWith("__secure-")) {
        throw new IllegalArgumentException(
            "cookieName must not carry a prefix: the routes add __Host- over https: " + cookieName);
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
          this, path.substring(0, path.length() - CALLBACK_PATH.length()), states());
    }

    private PendingFlows states() {
      SignedStateCodec codec = signedStateCodec;
      ReplayGuard guard = replayGuard;
      if (codec != null && guard != null) {
        if (stateStore != null || stateGenerator != null) {
          throw new IllegalStateException(
              "signedStates(..) excludes stateStore(..) and stateGenerator(..): choose one");
        }
        return new SignedPendingFlows(codec, guard);
      }
      return new StorePendingFlows(
          stateStore != null ? stateStore : InMemoryPendingAuthorizationStore.create(),
          // Seeds a DRBG when none was given: build() runs at start-up, off the event loops.
          stateGenerator != null ? stateGenerator : StateGenerator.create(),
          clock,
          URI.create(Objects.requireNonNull(redirectUri, "checked by build()")));
    }

    /**
     * One or more {@code /segment}s of unreserved characters, none of them {@code .} or {@code ..}.
     */
    private static boolean isPrefix(String prefix) {
      if (!prefix.startsWith("/")) {
        return false;
      }
      for (String segment : prefix.substring(1).split("/", -1)) {
        if (segment.isEmpty()
            || segment.equals(".")
            || segment.equals("..")
            || !CharClass.UNRESERVED.containsAll(segment)) {
          return false;
        }
      }
      return true;
    }

    private static URI target(String value, String name) {
      Objects.requireNonNull(value, name);
      URI uri = UrlRule.parse(value, name);
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
