package io.sunco.oauth.emulator;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * An embedded Sunshine Conversations OAuth server for demos and tests, on Reactor Netty, bound to
 * {@value #HOST}. It shares no code with the client it tests.
 *
 * <p>What it emulates, as the service does (or, where the service's behaviour is unknown, as
 * stated):
 *
 * <ul>
 *   <li>{@code GET /oauth/authorize}: {@code client_id}, {@code response_type=code}, {@code state}
 *       and {@code redirect_uri} (exact string match against the registered URIs, or any port on a
 *       loopback one with {@link Builder#loopbackAnyPort(boolean)}); consent per {@link
 *       ConsentMode}. An unknown, missing or repeated client id or an unregistered redirect URI
 *       gets an HTML error page and no redirect; every other error is redirected back with {@code
 *       error} and {@code state} (RFC 6749 §4.1.2.1; the service's own choice is unknown).
 *   <li>{@code POST /oauth/token}: a JSON or form body, declared by its {@code Content-Type}
 *       (undeclared bodies are refused: the service's answer to them is unknown, and a client
 *       cannot rely on a guess); unknown members ignored; client secret in the body or as HTTP
 *       Basic; random single-use codes with a lifetime; access tokens that are HS256 JWTs signed
 *       with a random per-emulator key, with the claims {@code scope} ({@code integration}), {@code
 *       appId}, {@code iat} and a random {@code jti}, no {@code exp}: they end only when revoked.
 *   <li>{@code GET /v2/tokenInfo} with the bearer token; {@code DELETE /oauth/authorization} with
 *       the bearer token or an {@link ApiKey} (HTTP Basic, or an HS256 JWT with {@code kid} and
 *       {@code scope}), which POSTs to the integration's {@code removeUrl}.
 *   <li>An admin removing an integration from an app ({@link #removeIntegration(String, String)},
 *       or from another process the emulator-only {@link #ADMIN_REMOVE_INTEGRATION_PATH} with
 *       {@link Builder#adminSecret(String)}): the tokens die and the {@code removeUrl} is POSTed,
 *       as on revocation.
 *   <li>Errors in the v2 shape {@code {"errors":[{"code":..,"title":..}]}} (the exact codes and
 *       titles of the OAuth endpoints are unknown), {@code 405} with {@code Allow}, {@code HEAD}
 *       wherever {@code GET} works.
 * </ul>
 *
 * <p>Over TLS, as the service speaks it, with {@link Builder#tls()}: {@code https://127.0.0.1:PORT}
 * with a self-signed certificate made at start (or your own, {@link Builder#tls(PrivateKey,
 * List)}); the consent page, the redirect back and every endpoint work the same. A client trusts it
 * through {@link #certificatePem()} (a file for {@code sunco-oauth --ca-file} or a trust store),
 * {@link #trustManager()} or {@link #clientSslContext()}.
 *
 * <p>What it does not emulate: the Zendesk login and account pages behind consent; the rest of the
 * v2 API beyond Get App at {@link #apiBaseUrl()} (other paths answer {@code 404}); rate limits,
 * outages and slow answers other than the ones scripted ({@link #enqueue(ScriptedResponse)});
 * retries of {@code removeUrl} calls.
 *
 * <p>For tests it records every request ({@link #takeRequest(Duration)}, {@link
 * #requestCount(String)}, {@link #requestsWithSecretInUrl()}), can be scripted to misbehave and
 * {@link #reset()} between tests; {@code io.sunco.oauth.junit} wraps it in a JUnit 5 extension. It
 * has limits: request bodies over 64 KiB are refused with {@code 413}, the request log keeps the
 * newest 1,000 requests. Request handling never blocks; {@link #close()} and {@link
 * #takeRequest(Duration)} do, and are meant for test or main threads.
 *
 * <pre>{@code
 * try (SunshineOAuthEmulator emulator = SunshineOAuthEmulator.start(
 *         Integration.of("client-id", "client-secret", "http://127.0.0.1:8080/callback"),
 *         App.of("5698edbf2a43bd081be982f1", "acme", "Acme"))) {
 *     String base = emulator.baseUrl(); // http://127.0.0.1:PORT
 * }
 * }</pre>
 */
public final class SunshineOAuthEmulator implements AutoCloseable {

  /** The address the emulator binds to: {@value}, the loopback only. */
  public static final String HOST = "127.0.0.1";

  /** The default port: {@value}, any free port (read it back with {@link #port()}). */
  public static final int DEFAULT_PORT = 0;

  /** How long an authorization code can be redeemed by default: 10 minutes. */
  public static final Duration DEFAULT_CODE_LIFETIME = Duration.ofMinutes(10);

  /**
   * The default cap on a request body: {@value} bytes (64 KiB). A larger body is answered {@code
   * 413} without being read whole; see {@link Builder#maxRequestBodyBytes(int)}.
   */
  public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 64 * 1024;

  /**
   * How many requests the log behind {@link #takeRequest(Duration)} keeps by default: {@value}.
   * When it is full, the oldest request is dropped; see {@link Builder#requestLogCapacity(int)}.
   */
  public static final int DEFAULT_REQUEST_LOG_CAPACITY = 1000;

  /** Path of the authorize endpoint: {@value}. */
  public static final String AUTHORIZE_PATH = "/oauth/authorize";

  /** Path the consent page posts the customer's decision to (emulator only): {@value}. */
  static final String DECISION_PATH = "/oauth/authorize/decision";

  /** Path of the token endpoint: {@value}. */
  public static final String TOKEN_PATH = "/oauth/token";

  /** Path of the token info endpoint: {@value}. */
  public static final String TOKEN_INFO_PATH = "/v2/tokenInfo";

  /** Path of the revocation endpoint: {@value}. */
  public static final String AUTHORIZATION_PATH = "/oauth/authorization";

  /**
   * Path of the emulator-only admin endpoint: {@value}. Served only with {@link
   * Builder#adminSecret(String)}: a {@code POST} with {@code Authorization: Bearer <admin secret>},
   * {@code Content-Type: application/json} and {@code {"clientId":..,"appId":..}} does what {@link
   * #removeIntegration(String, String)} does and answers {@code 200} with {@code
   * {"clientId":..,"appId":..,"accessEnded":..,"removeUrlCalled":..,"removeUrlStatus":..}} (the
   * status only when the {@code removeUrl} answered) once the {@code removeUrl} answered or failed;
   * {@code 401} for a missing or wrong secret, {@code 400} for another body or an unknown client or
   * app id. This is how another process, such as {@code sunco-oauth emulator-remove}, plays the
   * admin.
   */
  public static final String ADMIN_REMOVE_INTEGRATION_PATH = "/emulator/admin/remove-integration";

  /** Where the API lives under {@link #baseUrl()}: {@value}; see {@link #apiBaseUrl()}. */
  static final String API_PATH = "/sc";

  /**
   * Path of the Get App call under {@link #apiBaseUrl()}: {@value}, followed by {@code /} and the
   * app id.
   */
  public static final String APPS_PATH = "/v2/apps";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Config config;
  private final OAuthState oauth;
  private final ApiKeys apiKeys;
  private volatile ConsentMode consentMode;
  private final ScriptBook scripts;
  private final RequestLog requests;
  private final RemovalNotifier notifier = new RemovalNotifier();
  private final GrantEndpoints grants;
  private final Optional<RequestListenerThread> listener;
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final DisposableServer server;
  private final String baseUrl;
  private final Optional<TlsIdentity> tls;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Mono<Void> closing;

  private SunshineOAuthEmulator(Config config) {
    this.config = config;
    this.requests = new RequestLog(config.requestLogCapacity());
    // Seeding happens here, on the caller's thread, not on the event loop.
    this.oauth = new OAuthState(config.clock(), config.codeLifetime());
    this.scripts =
        new ScriptBook(
            config.scriptSeed().isPresent()
                ? new Random(config.scriptSeed().getAsLong())
                : new Random());
    this.apiKeys = new ApiKeys(config.clock());
    config.apiKeys().forEach(this::addApiKey);
    this.consentMode = config.consentMode();
    this.listener = config.requestListener().map(RequestListenerThread::new);
    Consumer<HandledRequest> handled = listener.isPresent() ? listener.get()::publish : event -> {};
    GrantEndpoints grantEndpoints = new GrantEndpoints(config, oauth, apiKeys, notifier);
    this.grants = grantEndpoints;
    EmulatorHandler handler =
        new EmulatorHandler(
            config,
            new EmulatorHandler.Parts(
                scripts,
                requests,
                new AuthorizeEndpoint(config, oauth, () -> consentMode),
                new TokenEndpoint(config, oauth),
                grantEndpoints,
                new UrlSecrets(config, apiKeys, oauth),
                config
                    .adminSecret()
                    .map(secret -> new AdminEndpoint(config, secret, grantEndpoints))),
            handled);
    this.tls = config.tls();
    HttpServer http =
        HttpServer.create()
            .host(HOST)
            .port(config.port())
            .doOnConnection(connection -> connections.add(connection.channel()));
    if (tls.isPresent()) {
      SslContext context = tls.get().serverContext();
      http =
          http.secure(ssl -> ssl.sslContext(context))
              .doOnChannelInit(
                  (observer, channel, address) -> {
                    if (channel.pipeline().get(NettyPipeline.SslHandler) != null) {
                      channel
                          .pipeline()
                          .addAfter(
                              NettyPipeline.SslHandler,
                              "sunco.handshakeFailures",
                              HandshakeFailures.INSTANCE);
                    }
                  });
    }
    this.server = http.handle(handler).bindNow(START_TIMEOUT);
    this.baseUrl = (tls.isPresent() ? "https://" : "http://") + HOST + ":" + server.port();
    this.closing =
        Mono.defer(
                () -> {
                  closed.set(true);
                  notifier.dispose();
                  listener.ifPresent(RequestListenerThread::close);
                  server.dispose();
                  return server.onDispose().then(closeConnections());
                })
            .cache();
  }

  /**
   * Starts configuring an emulator; at least one integration and one app are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts an emulator with one integration and one app and every other setting at its default.
   * Blocks until the port is bound.
   *
   * @param integration the integration
   * @param app the app it gets access to
   * @return the running emulator
   * @throws NullPointerException if an argument is {@code null}
   * @throws RuntimeException Reactor Netty's {@code ChannelBindException} when the server cannot
   *     bind
   */
  public static SunshineOAuthEmulator start(Integration integration, App app) {
    return builder().integration(integration).app(app).start();
  }

  /**
   * The base URL to give a client, without a trailing slash: {@code http://127.0.0.1:PORT}, or
   * {@code https://127.0.0.1:PORT} with {@link Builder#tls()}. The endpoints are this plus {@link
   * #AUTHORIZE_PATH}, {@link #TOKEN_PATH} and so on.
   *
   * @return the base URL
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * The base URL of the Sunshine Conversations API that a token is used with: {@link #baseUrl()}
   * plus {@code /sc}, as the service's {@code https://{subdomain}.zendesk.com/sc}. The emulator
   * answers one call there, Get App: {@code GET {apiBaseUrl}/v2/apps/{appId}} ({@link #APPS_PATH})
   * with {@code Authorization: Bearer <token>} answers {@code 200} and {@code
   * {"app":{"id":..,"subdomain":..,"displayName":..}}} for a live token of that app, {@code 401}
   * for a missing, unknown or revoked token, {@code 403} for a token of another app; every other
   * path under it answers {@code 404}.
   *
   * @return the API base URL, without a trailing slash
   */
  public String apiBaseUrl() {
    return baseUrl + API_PATH;
  }

  /**
   * Whether the emulator serves HTTPS ({@link Builder#tls()} or {@link Builder#tls(PrivateKey,
   * List)}).
   *
   * @return {@code true} over TLS
   */
  public boolean isTls() {
    return tls.isPresent();
  }

  /**
   * The certificate a client must trust, as PEM text ({@code -----BEGIN CERTIFICATE-----}): the
   * self-signed certificate made at start, or the last certificate of the chain passed to {@link
   * Builder#tls(PrivateKey, List)}. Write it to a file for {@code sunco-oauth --ca-file}, {@code
   * curl --cacert} or a trust store. It holds no secret.
   *
   * @return the PEM text, ending with a line break
   * @throws IllegalStateException if the emulator serves plain HTTP
   */
  public String certificatePem() {
    return requireTls().trustedPem();
  }

  /**
   * A trust manager that trusts the {@link #certificatePem() certificate} of this emulator and
   * nothing else: for a JDK {@code SSLContext}, or Netty's {@code
   * SslContextBuilder.forClient().trustManager(..)} (pass the built {@code SslContext}, or a spec
   * typed as {@code GenericSslContextSpec}, to {@code HttpClient.secure(..)}: the {@code
   * ProtocolSslContextSpec} overload is deprecated in Reactor Netty 1.3.7).
   *
   * @return a new trust manager
   * @throws IllegalStateException if the emulator serves plain HTTP
   */
  public X509TrustManager trustManager() {
    return requireTls().trustManager();
  }

  /**
   * A Netty client {@code SslContext} that trusts this emulator and nothing else, ready for the
   * library's builder: {@code .httpClient(HttpClient.create().secure(tls ->
   * tls.sslContext(emulator.clientSslContext())))}.
   *
   * @return a new client context (HTTP/1.1, no client certificate)
   * @throws IllegalStateException if the emulator serves plain HTTP, or the context cannot be made
   */
  public SslContext clientSslContext() {
    X509TrustManager trust = trustManager();
    try {
      return SslContextBuilder.forClient().trustManager(trust).build();
    } catch (SSLException e) {
      throw new IllegalStateException("the client SslContext cannot be made", e);
    }
  }

  private TlsIdentity requireTls() {
    return tls.orElseThrow(
        () -> new IllegalStateException("the emulator serves plain HTTP; start it with tls()"));
  }

  /**
   * The port the emulator is bound to (still answered after {@link #close()}).
   *
   * @return the port
   */
  public int port() {
    return server.port();
  }

  /**
   * Queues {@code script} behind any already queued; the next matching requests get it instead of
   * (or, for {@link ScriptedResponse#delayed(Duration)}, after) the normal answer. Thread-safe.
   *
   * @param script the scripted behaviour
   * @throws NullPointerException if {@code script} is {@code null}
   */
  public void enqueue(ScriptedResponse script) {
    scripts.add(Objects.requireNonNull(script, "script"));
  }

  /** Removes every queued script, used up or not. Thread-safe. */
  public void clearScripts() {
    scripts.clear();
  }

  /**
   * Waits for the next recorded request, in arrival order, for at most {@code timeout}. Each
   * request is handed out once. The log keeps at most {@link Builder#requestLogCapacity(int)}
   * requests not yet taken (default {@value #DEFAULT_REQUEST_LOG_CAPACITY}); when a request arrives
   * at a full log, the oldest one is dropped and counted in {@link #droppedRequestCount()}. Blocks:
   * call it from a test thread.
   *
   * @param timeout how long to wait, not negative
   * @return the request, or empty when none arrived in time
   * @throws NullPointerException if {@code timeout} is {@code null}
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  public Optional<RecordedRequest> takeRequest(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative");
    }
    return requests.take(timeout);
  }

  /**
   * How many requests arrived so far, scripted ones and those refused with {@code 413} included.
   *
   * @return the count
   */
  public int requestCount() {
    return requests.count();
  }

  /**
   * How many recorded requests were dropped from the full request log before {@link
   * #takeRequest(Duration)} took them (oldest first); 0 while the log never overflowed.
   *
   * @return the count
   */
  public long droppedRequestCount() {
    return requests.dropped();
  }

  /**
   * How many requests arrived for {@code path} (without query, as sent, e.g. {@link #TOKEN_PATH})
   * since the start or the last {@link #reset()}, whatever their method or answer. The first 256
   * distinct paths are counted one by one; requests to further paths count only in {@link
   * #requestCount()}.
   *
   * @param path a path starting with {@code /}, without query
   * @return the count, 0 for a path never requested
   * @throws NullPointerException if {@code path} is {@code null}
   * @throws IllegalArgumentException if {@code path} does not start with {@code /} or has a query
   */
  public int requestCount(String path) {
    return requests.count(Checks.path(path));
  }

  /**
   * The requests, since the start or the last {@link #reset()}, whose URL (path or query) carried
   * something that belongs in a header or body only: a query parameter named {@code client_secret},
   * {@code access_token}, {@code refresh_token}, {@code code} or {@code password}, or a path or
   * query component equal to a registered client secret or API key secret, an API key JWT, or a
   * code or access token this emulator issued. At most the first 100 are kept. Every request is
   * checked, also those dropped from the {@link #takeRequest(Duration)} log; {@link
   * RecordedRequest#toString()} shows none of the values.
   *
   * @return the offending requests in arrival order; empty when none
   */
  public List<RecordedRequest> requestsWithSecretInUrl() {
    return requests.secretInUrl();
  }

  /**
   * Registers an API key while the emulator runs; it is accepted from the next request on. Keys
   * survive {@link #reset()}. Thread-safe; sets up the key's HMAC on the calling thread.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws IllegalArgumentException if its key id is already registered, or its client or app is
   *     not
   */
  public void addApiKey(ApiKey key) {
    Objects.requireNonNull(key, "key");
    requireClient(key.clientId());
    key.appId().ifPresent(this::requireApp);
    apiKeys.add(key);
  }

  /**
   * Removes an API key: from the next request on, it is refused like an unknown key. Thread-safe.
   *
   * @param keyId the key id
   * @return whether a key of that id was registered
   * @throws NullPointerException if {@code keyId} is {@code null}
   */
  public boolean removeApiKey(String keyId) {
    return apiKeys.remove(Objects.requireNonNull(keyId, "keyId"));
  }

  /**
   * Changes how the customer consents from the next authorize request on (the builder's {@link
   * Builder#consentMode(ConsentMode)} is the start value, restored by {@link #reset()}), for
   * example {@link ConsentMode#DENY} to test the denial path. Thread-safe.
   *
   * @param mode the consent mode
   * @throws NullPointerException if {@code mode} is {@code null}
   */
  public void consentMode(ConsentMode mode) {
    consentMode = Objects.requireNonNull(mode, "mode");
  }

  /**
   * How the customer consents now.
   *
   * @return the current consent mode
   */
  public ConsentMode consentMode() {
    return consentMode;
  }

  /**
   * The registered integrations, in registration order.
   *
   * @return the integrations, unmodifiable
   */
  public List<Integration> integrations() {
    return List.copyOf(config.integrations().values());
  }

  /**
   * The registered apps, in registration order; the first is the default app of consent.
   *
   * @return the apps, unmodifiable
   */
  public List<App> apps() {
    return List.copyOf(config.apps().values());
  }

  /**
   * Puts the emulator back into the state it started in, for the next test: removes queued scripts;
   * forgets recorded requests, the request counts (the next request is number 0 again), {@link
   * #droppedRequestCount()} and {@link #requestsWithSecretInUrl()}; forgets every code, access
   * token and authorization, so tokens issued before answer {@code 401}; and restores the builder's
   * consent mode. The configuration stays: integrations, apps, API keys (also those added with
   * {@link #addApiKey(ApiKey)}), the port and the token signing key. Requests in flight while it
   * runs may land on either side. Thread-safe.
   */
  public void reset() {
    scripts.clear();
    requests.clear();
    oauth.clear();
    consentMode = config.consentMode();
  }

  /**
   * Issues an authorization code as if the customer had allowed {@code clientId} access to {@code
   * appId}, without a browser; it expires like any other code.
   *
   * @param clientId a registered client id
   * @param appId a registered app id
   * @return the code
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the client or the app is not registered
   */
  public String issueAuthorizationCode(String clientId, String appId) {
    requireRegistered(clientId, appId);
    return oauth.newCode(clientId, appId);
  }

  /**
   * Issues an access token as the token endpoint would after the customer allowed {@code clientId}
   * access to {@code appId}.
   *
   * @param clientId a registered client id
   * @param appId a registered app id
   * @return the access token (a JWT)
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the client or the app is not registered
   */
  public String issueAccessToken(String clientId, String appId) {
    requireRegistered(clientId, appId);
    return oauth.issueToken(clientId, appId);
  }

  /**
   * An admin removes the integration {@code clientId} from the app {@code appId}, as an admin of
   * the customer's Zendesk account can at any time: from then on every token of that integration
   * for that app answers {@code 401} (at {@link #TOKEN_INFO_PATH}, the API and revocation), and the
   * integration's {@code removeUrl}, if it has one, gets one {@code POST} of {@code
   * {"integrationId":..,"appId":..}}, the same call as after a revocation, never retried. Its other
   * apps keep their access; its API keys stay registered.
   *
   * <p>Repeating it is harmless: when the integration has no access to the app (removed or revoked
   * before, or never authorized), nothing changes and nothing is posted. What the service does then
   * is unknown, as are the shape and the authentication of its {@code removeUrl} call beyond "a
   * POST naming the integration and the app": a removal route must treat that call as a hint and
   * confirm with {@code GET /v2/tokenInfo} ({@code 401}: gone). Also unknown, and not emulated:
   * what happens to a code issued before the removal and redeemed after it (here it yields a new
   * token).
   *
   * <p>Nothing happens until subscription; each subscription removes again. Cancelling the {@code
   * Mono} does not cancel the {@code removeUrl} call; {@link #close()} does.
   *
   * @param clientId a registered client id
   * @param appId a registered app id
   * @return a {@code Mono} that emits what was done: at once when nothing was posted, else once the
   *     {@code removeUrl} answered or failed (within about 20 seconds: 10 to connect, 10 for the
   *     answer); it never errors
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if the client or the app is not registered
   */
  public Mono<IntegrationRemoval> removeIntegration(String clientId, String appId) {
    requireRegistered(clientId, appId);
    return grants.removeIntegration(clientId, appId);
  }

  /**
   * Stops the emulator: frees the port, closes open connections and cancels pending {@code
   * removeUrl} calls. Idempotent; the emitted completion is shared by every subscriber.
   *
   * @return a {@code Mono} that completes when the emulator is stopped
   */
  public Mono<Void> closeLater() {
    return closing;
  }

  /**
   * Stops the emulator like {@link #closeLater()} and blocks until it is stopped (at most 10
   * seconds). Idempotent. Blocks: call it from a test or main thread.
   */
  @Override
  public void close() {
    closing.block(CLOSE_TIMEOUT);
  }

  /**
   * Whether {@link #close()} or {@link #closeLater()} was called.
   *
   * @return {@code true} once closing started
   */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Describes the emulator without any secret.
   *
   * @return e.g. {@code SunshineOAuthEmulator[http://127.0.0.1:41234, 1 integrations, 1 apps,
   *     AUTOMATIC]}
   */
  @Override
  public String toString() {
    return "SunshineOAuthEmulator["
        + baseUrl
        + ", "
        + config.integrations().size()
        + " integrations, "
        + config.apps().size()
        + " apps, "
        + consentMode
        + (closed.get() ? ", closed" : "")
        + "]";
  }

  /** The token signing key, for tests that check signatures. */
  byte[] signingKey() {
    return oauth.signingKey();
  }

  private void requireRegistered(String clientId, String appId) {
    Objects.requireNonNull(appId, "appId");
    requireClient(clientId);
    requireApp(appId);
  }

  private void requireClient(String clientId) {
    Objects.requireNonNull(clientId, "clientId");
    if (!config.integrations().containsKey(clientId)) {
      throw new IllegalArgumentException("unknown clientId: " + clientId);
    }
  }

  private void requireApp(String appId) {
    if (!config.apps().containsKey(appId)) {
      throw new IllegalArgumentException("unknown appId: " + appId);
    }
  }

  private Mono<Void> closeConnections() {
    return Mono.create(sink -> connections.close().addListener(done -> sink.success()));
  }

  /**
   * Configures and starts a {@link SunshineOAuthEmulator}. Not thread-safe; each method checks its
   * argument at once and returns this builder.
   */
  public static final class Builder {

    private final Map<String, Integration> integrations = new LinkedHashMap<>();
    private final Map<String, App> apps = new LinkedHashMap<>();
    private final Map<String, ApiKey> apiKeys = new LinkedHashMap<>();
    private ConsentMode consentMode = ConsentMode.AUTOMATIC;
    private Duration codeLifetime = DEFAULT_CODE_LIFETIME;
    private Clock clock = Clock.systemUTC();
    private int port = DEFAULT_PORT;
    private OptionalLong scriptSeed = OptionalLong.empty();
    private int maxRequestBodyBytes = DEFAULT_MAX_REQUEST_BODY_BYTES;
    private int requestLogCapacity = DEFAULT_REQUEST_LOG_CAPACITY;
    private Optional<Consumer<? super HandledRequest>> requestListener = Optional.empty();
    private boolean loopbackAnyPort;
    private boolean selfSignedTls;
    private Optional<TlsIdentity> tls = Optional.empty();
    private Optional<AdminSecret> adminSecret = Optional.empty();

    private Builder() {}

    /**
     * Registers an integration; at least one is required.
     *
     * @param integration the integration
     * @return this builder
     * @throws NullPointerException if {@code integration} is {@code null}
     * @throws IllegalArgumentException if its client id is already registered
     */
    public Builder integration(Integration integration) {
      Objects.requireNonNull(integration, "integration");
      if (integrations.putIfAbsent(integration.clientId(), integration) != null) {
        throw new IllegalArgumentException(
            "clientId already registered: " + integration.clientId());
      }
      return this;
    }

    /**
     * Registers an app; at least one is required. Consent goes to the first app registered unless
     * the authorize request carries the emulator-only parameter {@code app_id} or the customer
     * picks another app on the interactive consent page.
     *
     * @param app the app
     * @return this builder
     * @throws NullPointerException if {@code app} is {@code null}
     * @throws IllegalArgumentException if its id is already registered
     */
    public Builder app(App app) {
      Objects.requireNonNull(app, "app");
      if (apps.putIfAbsent(app.id(), app) != null) {
        throw new IllegalArgumentException("app id already registered: " + app.id());
      }
      return this;
    }

    /**
     * Registers an API key accepted on {@code DELETE /oauth/authorization} (see {@link ApiKey});
     * its integration and app must be registered too, in any order, by the time of {@link
     * #start()}. Default: none.
     *
     * @param key the key
     * @return this builder
     * @throws NullPointerException if {@code key} is {@code null}
     * @throws IllegalArgumentException if its key id is already registered
     */
    public Builder apiKey(ApiKey key) {
      Objects.requireNonNull(key, "key");
      if (apiKeys.putIfAbsent(key.keyId(), key) != null) {
        throw new IllegalArgumentException("keyId already registered: " + key.keyId());
      }
      return this;
    }

    /**
     * How the customer consents; default {@link ConsentMode#AUTOMATIC}.
     *
     * @param consentMode the mode
     * @return this builder
     * @throws NullPointerException if {@code consentMode} is {@code null}
     */
    public Builder consentMode(ConsentMode consentMode) {
      this.consentMode = Objects.requireNonNull(consentMode, "consentMode");
      return this;
    }

    /**
     * How long an authorization code can be redeemed; default {@link #DEFAULT_CODE_LIFETIME} (10
     * minutes). A code is expired once the {@link #clock(Clock)} is past issue time plus this.
     *
     * @param codeLifetime a positive duration
     * @return this builder
     * @throws NullPointerException if {@code codeLifetime} is {@code null}
     * @throws IllegalArgumentException if it is zero or negative
     */
    public Builder codeLifetime(Duration codeLifetime) {
      Objects.requireNonNull(codeLifetime, "codeLifetime");
      if (codeLifetime.isZero() || codeLifetime.isNegative()) {
        throw new IllegalArgumentException("codeLifetime must be positive");
      }
      this.codeLifetime = codeLifetime;
      return this;
    }

    /**
     * The clock for code expiry and the tokens' {@code iat}; default {@link Clock#systemUTC()}.
     * Scripted delays and the validity of a {@link #tls()} certificate use real time regardless.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is {@code null}
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The port to bind on {@value #HOST}; default {@value #DEFAULT_PORT}, any free port.
     *
     * @param port 0 to 65535
     * @return this builder
     * @throws IllegalArgumentException if {@code port} is out of range
     */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in 0..65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Seeds the random generator behind {@link ScriptedResponse#probability(double)}, so that the
     * same requests in the same order meet the same scripts; default unseeded.
     *
     * @param seed the seed
     * @return this builder
     */
    public Builder scriptSeed(long seed) {
      this.scriptSeed = OptionalLong.of(seed);
      return this;
    }

    /**
     * The largest request body the emulator reads, in bytes; default {@link
     * #DEFAULT_MAX_REQUEST_BODY_BYTES} (64 KiB). A request that declares a longer {@code
     * Content-Length} is answered {@code 413} (v2 error {@code payload_too_large}) before a byte of
     * its body is read; a chunked body is read only until it crosses the cap. Either way the
     * connection is closed after the answer, and the request is recorded with an empty body.
     *
     * @param maxRequestBodyBytes at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRequestBodyBytes} is less than 1
     */
    public Builder maxRequestBodyBytes(int maxRequestBodyBytes) {
      this.maxRequestBodyBytes = Checks.atLeastOne(maxRequestBodyBytes, "maxRequestBodyBytes");
      return this;
    }

    /**
     * How many recorded requests the log behind {@link SunshineOAuthEmulator#takeRequest(Duration)}
     * keeps before it drops the oldest; default {@link #DEFAULT_REQUEST_LOG_CAPACITY}. With the
     * body cap this bounds the log's memory (default: at most about 64 MiB of bodies, plus
     * headers).
     *
     * @param requestLogCapacity at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code requestLogCapacity} is less than 1
     */
    public Builder requestLogCapacity(int requestLogCapacity) {
      this.requestLogCapacity = Checks.atLeastOne(requestLogCapacity, "requestLogCapacity");
      return this;
    }

    /**
     * Tells {@code listener} about every request the emulator has finished with: sequence number,
     * method, path without query, status and duration ({@link HandledRequest}), never a query,
     * header or body, so never a secret, code or token. Enough for a one-line access log.
     *
     * <p>The listener runs on a thread of the emulator's own ({@code
     * sunco-oauth-emulator-listener}, a daemon), one event at a time, in the order the requests
     * finished; it may block (print, write a file) without holding up request handling. Events
     * waiting for a listener that falls more than 10,000 behind are dropped. An exception it throws
     * is logged (its type only) and the next event is still delivered. After {@link
     * SunshineOAuthEmulator#close()}, events already queued are still delivered, then the thread
     * ends. A request whose connection ended before its body was read is not recorded and not
     * reported. Default: no listener. A second call replaces the first.
     *
     * @param listener receives each handled request
     * @return this builder
     * @throws NullPointerException if {@code listener} is {@code null}
     */
    public Builder requestListener(Consumer<? super HandledRequest> listener) {
      this.requestListener = Optional.of(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Whether a loopback redirect URI matches at any port, as RFC 8252 §7.3 asks of servers for
     * native apps: when on, a {@code redirect_uri} such as {@code http://127.0.0.1:51234/callback}
     * is accepted for a registered {@code http://127.0.0.1:8090/callback}, so that a command-line
     * login can listen on any free port. Default {@code false}: redirect URIs are compared as exact
     * strings, as the service documents.
     *
     * <p>Only the port may differ. The registered URI's host must be the IP literal {@code
     * 127.0.0.1} or {@code [::1]} and the requested one the same literal; scheme, path and query
     * must be identical strings; no user info, no fragment. {@code localhost} gets no such leeway
     * (RFC 8252 §8.3 advises against it: the name can resolve to something else). Whether the live
     * service accepts other ports is unknown; register the exact URI you use there.
     *
     * @param loopbackAnyPort {@code true} to accept any port on loopback redirect URIs
     * @return this builder
     */
    public Builder loopbackAnyPort(boolean loopbackAnyPort) {
      this.loopbackAnyPort = loopbackAnyPort;
      return this;
    }

    /**
     * Serves HTTPS, as the service does, with a self-signed certificate made at {@link #start()}: a
     * fresh EC P-256 key, valid from a day before the start for a year, naming {@code 127.0.0.1}
     * and {@code localhost}. Clients trust it through {@link
     * SunshineOAuthEmulator#certificatePem()}, {@link SunshineOAuthEmulator#trustManager()} or
     * {@link SunshineOAuthEmulator#clientSslContext()}. Made with the JDK alone. Default: plain
     * HTTP. Replaces an earlier {@link #tls(PrivateKey, List)}.
     *
     * @return this builder
     */
    public Builder tls() {
      this.selfSignedTls = true;
      this.tls = Optional.empty();
      return this;
    }

    /**
     * Serves HTTPS with the given key and certificate chain (the emulator's certificate first, then
     * any intermediates and the root a client trusts, whose PEM {@link
     * SunshineOAuthEmulator#certificatePem()} gives). The certificate must name {@value #HOST} for
     * a client to accept it. Replaces an earlier {@link #tls()}.
     *
     * @param key the private key of the first certificate
     * @param chain the certificate chain, at least one
     * @return this builder
     * @throws NullPointerException if an argument or certificate is {@code null}
     * @throws IllegalArgumentException if {@code chain} is empty
     */
    public Builder tls(PrivateKey key, List<X509Certificate> chain) {
      this.tls =
          Optional.of(
              new TlsIdentity(Objects.requireNonNull(key, "key"), Objects.requireNonNull(chain)));
      this.selfSignedTls = false;
      return this;
    }

    /**
     * Serves the emulator-only admin endpoint {@link #ADMIN_REMOVE_INTEGRATION_PATH}, opened by
     * {@code Authorization: Bearer <secret>}, so that another process can remove an integration as
     * {@link SunshineOAuthEmulator#removeIntegration(String, String)} does ({@code sunco-oauth
     * emulator-remove} does). The emulator listens on {@value #HOST} only; the secret keeps other
     * local users and processes out. Never shown, in {@link #toString()} or anywhere else. Default:
     * none, and the path answers {@code 404} like any unknown path, as the service would.
     *
     * @param secret visible ASCII without spaces, not empty
     * @return this builder
     * @throws NullPointerException if {@code secret} is {@code null}
     * @throws IllegalArgumentException if {@code secret} is empty or holds another character
     */
    public Builder adminSecret(String secret) {
      this.adminSecret = Optional.of(new AdminSecret(secret));
      return this;
    }

    /**
     * Starts an emulator with this configuration (later changes to the builder do not affect it).
     * Blocks until the port is bound, the random generator is seeded and, with {@link #tls()}, the
     * certificate is made.
     *
     * @return the running emulator
     * @throws IllegalStateException if no integration or no app is registered
     * @throws IllegalArgumentException if an API key names an integration or app not registered
     * @throws RuntimeException Reactor Netty's {@code ChannelBindException} when the server cannot
     *     bind
     */
    public SunshineOAuthEmulator start() {
      if (integrations.isEmpty()) {
        throw new IllegalStateException("register at least one integration");
      }
      if (apps.isEmpty()) {
        throw new IllegalStateException("register at least one app");
      }
      Config config =
          new Config(
              Collections.unmodifiableMap(new LinkedHashMap<>(integrations)),
              Collections.unmodifiableMap(new LinkedHashMap<>(apps)),
              consentMode,
              codeLifetime,
              clock,
              port,
              scriptSeed,
              maxRequestBodyBytes,
              requestLogCapacity,
              requestListener,
              loopbackAnyPort,
              List.copyOf(apiKeys.values()),
              selfSignedTls ? Optional.of(TlsIdentity.selfSigned(Instant.now())) : tls,
              adminSecret);
      return new SunshineOAuthEmulator(config);
    }

    /**
     * Describes the configuration without any secret.
     *
     * @return a description
     */
    @Override
    public String toString() {
      return "SunshineOAuthEmulator.Builder[integrations="
          + integrations.values()
          + ", apps="
          + apps.values()
          + (apiKeys.isEmpty() ? "" : ", apiKeys=" + apiKeys.values())
          + ", consentMode="
          + consentMode
          + ", codeLifetime="
          + codeLifetime
          + ", port="
          + port
          + (loopbackAnyPort ? ", loopbackAnyPort" : "")
          + (selfSignedTls || tls.isPresent() ? ", tls" : "")
          + (adminSecret.isPresent() ? ", adminSecret=****" : "")
          + "]";
    }
  }
}
