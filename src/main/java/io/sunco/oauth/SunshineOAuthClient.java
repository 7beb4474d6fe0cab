package io.sunco.oauth;

import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpMethod;
import io.sunco.oauth.callback.AuthorizationCode;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineResponseException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.internal.Arguments;
import io.sunco.oauth.internal.CallObserver;
import io.sunco.oauth.internal.CallRunner;
import io.sunco.oauth.internal.CharClass;
import io.sunco.oauth.internal.HttpTransport;
import io.sunco.oauth.internal.Json;
import io.sunco.oauth.internal.MicrometerCallObserver;
import io.sunco.oauth.internal.PercentEncoding;
import io.sunco.oauth.internal.RawResponse;
import io.sunco.oauth.internal.RetryThrottle;
import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * String consentUrl = client.authorizeUrl(AuthorizeRequest.of(redirectUri, state)); // no I/O
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

  /** The {@code User-Agent} sent unless a default header replaces it. */
  public static final String USER_AGENT = "sunco-oauth-reactor/0.1";

  /**
   * The deadline of the revoke that {@link #completeAuthorization} sends when a step after the
   * token exchange fails: 5 seconds, retries included.
   */
  public static final Duration DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE = Duration.ofSeconds(5);

  private final ClientSettings settings;

  /** The client secret, or null when none was set: then only {@code getToken} refuses to run. */
  private final @Nullable String clientSecret;

  /** The pool, in-flight exchanges and closed flag shared with derived clients. */
  private final ClientFamily family;

  /** The retry budget's state: the family's, unless this client was given a budget of its own. */
  private final RetryThrottle throttle;

  /** The observation of this client's calls: the parent's, unless this client was given one. */
  private final CallObserver observer;

  private final boolean derived;
  private final String authorizePrefix;
  // Parsed once: Reactor Netty reads a URI's fields, but parses a URL string with a regular
  // expression on every request.
  private final URI tokenUrl;
  private final URI tokenInfoUrl;
  private final URI revokeUrl;
  private final HttpTransport transport;
  private final CallRunner runner;

  private SunshineOAuthClient(
      ClientSettings settings,
      @Nullable String clientSecret,
      ClientFamily family,
      RetryThrottle throttle,
      CallObserver observer,
      boolean derived) {
    this.settings = settings;
    this.clientSecret = clientSecret;
    this.family = family;
    this.throttle = throttle;
    this.observer = observer;
    this.derived = derived;
    String base = stripTrailingSlash(settings.baseUrl().toString());
    this.authorizePrefix =
        PercentEncoding.append(
                new StringBuilder(base.length() + 64)
                    .append(base)
                    .append("/oauth/authorize?client_id="),
                settings.clientId())
            .append("&response_type=code")
            .toString();
    this.tokenUrl = URI.create(base + "/oauth/token");
    this.tokenInfoUrl = URI.create(base + "/v2/tokenInfo");
    this.revokeUrl = URI.create(base + "/oauth/authorization");
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("User-Agent", USER_AGENT);
    headers.put("Accept", "application/json");
    headers.putAll(settings.defaultHeaders());
    Timeouts timeouts = settings.timeouts();
    this.transport =
        new HttpTransport(
            family
                .http()
                .headers(h -> headers.forEach(h::set))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeouts.connect().toMillis()),
            settings.maxResponseBytes(),
            timeouts.connect(),
            settings.pool().acquireTimeout());
    this.runner = new CallRunner(timeouts, settings.retryPolicy(), throttle, observer);
  }

  /**
   * The one way to derive a client: a builder that starts from this client's settings, secret,
   * retry budget and observation registry, and builds a client of its family, like OkHttp's {@code
   * newBuilder()}. A derived client shares this client's connection pool (or {@code HttpClient}),
   * its in-flight token exchanges and its closed state. Change what differs and build: deadlines,
   * retry policy, default headers, base URL, client id and secret, body limit, clock; a {@link
   * Builder#retryBudget(RetryBudget) retry budget} or {@link
   * Builder#observationRegistry(ObservationRegistry) observation registry} set here is the derived
   * client's own, the parent keeps its (except for a token exchange merged into one that another
   * client of the family started: it runs under that client's, see {@link #getToken}). Only the
   * pool and the {@code HttpClient} cannot change (see {@link Builder#pool(PoolSettings)}). Closing
   * a derived client closes nothing; close the client that was built by {@link #builder()}.
   *
   * <pre>{@code
   * SunshineOAuthClient once = client.newBuilder().retryPolicy(RetryPolicy.none()).build();
   * }</pre>
   *
   * @return a builder bound to this client's family
   */
  public Builder newBuilder() {
    return new Builder(this);
  }

  /**
   * Everything this client was built with, but the secret.
   *
   * @return the settings
   */
  public ClientSettings settings() {
    return settings;
  }

  /**
   * The deadlines of this client's calls; the same as {@code settings().timeouts()}.
   *
   * @return the timeouts
   */
  public Timeouts timeouts() {
    return settings.timeouts();
  }

  /**
   * The retry policy of this client's calls; the same as {@code settings().retryPolicy()}.
   *
   * @return the policy
   */
  public RetryPolicy retryPolicy() {
    return settings.retryPolicy();
  }

  /**
   * A builder with the defaults: base URL {@link #OAUTH_BRIDGE}, body limit {@link
   * #DEFAULT_MAX_RESPONSE_BYTES}, {@link PoolSettings#defaults()}, {@link Timeouts#defaults()},
   * {@link RetryPolicy#defaults()}, {@link RetryBudget#defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds the consent URL to send the customer's browser to: {@code
   * {base}/oauth/authorize?client_id=..&response_type=code[&state=..][&redirect_uri=..]}, plain
   * ASCII with every value percent-encoded, ready for a {@code Location} header ({@code
   * URI.create(..)} gives the {@link URI}). Does no I/O and cannot fail once the request is built,
   * so it is not wrapped in a {@code Mono}; call it inside the pipeline that made the state.
   *
   * <p>The state is required: it is the flow's only protection against login CSRF. A request
   * without one is refused unless it was built with {@link
   * AuthorizeRequest.Builder#withoutStateGivingUpCsrfProtection()}.
   *
   * @param request the redirect URI and state
   * @return the URL
   * @throws NullPointerException if {@code request} is null
   * @throws IllegalArgumentException if the request has no state and did not give it up
   */
  public String authorizeUrl(AuthorizeRequest request) {
    Objects.requireNonNull(request, "request");
    Optional<String> state = request.state();
    if (state.isEmpty() && !request.isWithoutStateAccepted()) {
      throw new IllegalArgumentException(
          "the consent URL needs a state: it is the only protection of this flow against login"
              + " CSRF; give one with AuthorizeRequest.Builder.state(..) or request.withState(..)"
              + " (StateGenerator makes them), or build the request with"
              + " withoutStateGivingUpCsrfProtection() to go without");
    }
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
   * restart the authorization instead of repeating the call. Whether a request was sent is decided
   * once per attempt: a deadline that fires while the request is about to be sent either stops it
   * before its first byte (and the error says it did not reach the server, which is then true) or
   * reports that it may have been processed; it never says "not sent" of a request that goes out
   * afterwards.
   *
   * <p>Concurrent calls with the same code on this client and the clients derived from it (a
   * double-clicked consent, a retried callback) are merged: one request is sent, and every
   * subscriber gets the same token or the same error. Only calls that would send the same request
   * merge: a derived client with another client id, client secret, base URL or other default
   * headers sends its own. The merged exchange runs under the deadlines, retry policy, retry
   * budget, observation registry and Reactor context of its first subscriber and that subscriber's
   * client: a call that joins an exchange another client of the family started spends nothing of
   * its own client's retry budget and is observed in that other client's registry, not in its own.
   * A subscriber that cancels leaves it to the others; when all have cancelled, the request is
   * cancelled. Nothing is kept once the exchange ends: a later call with the same code sends a new
   * request (which the server refuses, the code being spent). Calls of {@link
   * #completeAuthorization} are merged among themselves, never with these.
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
    String secret = requireExchangeable(code);
    // A double-clicked consent or a retried callback brings the same code twice: one request,
    // one outcome for both, instead of a second request that burns the code.
    return family.tokenExchanges().run(exchangeKey(code, secret), () -> exchange(code, secret));
  }

  /** Checks a code and that the client has a secret, at call time; returns the secret. */
  private String requireExchangeable(String code) {
    Arguments.requireNonBlank(code, "code");
    if (code.length() > 4096) {
      throw new IllegalArgumentException("code must not be longer than 4096 characters");
    }
    if (!CharClass.NOT_CONTROL.containsAll(code)) {
      throw new IllegalArgumentException("code must not hold control characters");
    }
    String secret = clientSecret;
    if (secret == null) {
      throw new IllegalStateException("getToken needs a client secret: set clientSecret(..)");
    }
    return secret;
  }

  private ExchangeKey exchangeKey(String code, String secret) {
    return new ExchangeKey(tokenUrl, settings.clientId(), secret, settings.defaultHeaders(), code);
  }

  /** One token exchange, not merged with any other. */
  private Mono<AccessToken> exchange(String code, String secret) {
    return call(
        Operation.GET_TOKEN,
        HttpMethod.POST,
        tokenUrl,
        null,
        Json.writeObject(
            "code",
            code,
            "grant_type",
            "authorization_code",
            "client_id",
            settings.clientId(),
            "client_secret",
            secret),
        Responses::accessToken,
        false);
  }

  /**
   * Exchanges the code of a verified callback for an access token: {@code getToken(code.value())},
   * with the same merging, retries and errors as {@link #getToken(String)}.
   *
   * @param code the code from {@link io.sunco.oauth.callback.VerifiedCallback#code()}
   * @return a Mono as for {@link #getToken(String)}
   * @throws NullPointerException if {@code code} is null
   * @throws IllegalArgumentException if the code is longer than 4096 characters or holds control
   *     characters
   * @throws IllegalStateException if the client was built without a client secret
   */
  public Mono<AccessToken> getToken(AuthorizationCode code) {
    return getToken(Objects.requireNonNull(code, "code").value());
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
                Responses::tokenInfo,
                false));
  }

  /**
   * Revokes the integration's access to an app: {@code DELETE {base}/oauth/authorization}. The
   * token stops working, the integration's webhooks on the app are deleted, and the integration's
   * {@code removeUrl} is notified. Repeating it is harmless. Any {@code 2xx} answer means the grant
   * is gone, whatever its body ({@code {}}, empty, {@code 204}, text): the body is not decoded.
   *
   * @param credentials the access token, or an integration-scoped API key ({@link
   *     Credentials#basic}, {@link Credentials#jwt})
   * @return a Mono that completes empty on any {@code 2xx} answer, or errors with {@link
   *     SunshineApiException} (any other status; {@code 401} when the token is already revoked),
   *     {@link SunshineTransportException} or {@link SunshineTimeoutException}
   * @throws NullPointerException if {@code credentials} is null
   */
  public Mono<Void> revokeAccess(Credentials credentials) {
    return revoke(Objects.requireNonNull(credentials, "credentials"), false);
  }

  /**
   * The revoke of {@link #revokeAccess}; {@code forGuard} is set for the revoke a grant guard owes,
   * which runs even after {@link #closeLater} was called (close waits for it).
   */
  private Mono<Void> revoke(Credentials credentials, boolean forGuard) {
    String authorization = authorizationHeader(credentials);
    return Mono.defer(
            () ->
                call(
                    Operation.REVOKE_ACCESS,
                    HttpMethod.DELETE,
                    revokeUrl,
                    authorization,
                    null,
                    // Any 2xx means the grant is gone: the body ({}, empty, text, ...) is not read.
                    // Failing on an odd body would report a revoked grant as still alive.
                    response -> Boolean.TRUE,
                    forGuard))
        .then();
  }

  /**
   * Completes an authorization without ever leaving a live grant behind: exchanges the code for a
   * token ({@link #getToken}), asks which app it is for ({@link #getTokenInfo}), and hands both to
   * {@code onConnected}, typically to store them.
   *
   * <p><b>The promise.</b> Every subscription is a flow. Concurrent flows of one code on this
   * client and the clients derived from it that send the same request (a double-clicked consent, a
   * retried callback, two subscriptions of one Mono) share one exchange and so one token; a flow
   * subscribed after that exchange ended sends its own, which the server refuses. When every flow
   * of a code has ended (completed, errored or cancelled, in any order, on any threads), the token
   * is alive if and only if some flow's {@code onConnected} Mono completed with it. So the token is
   * kept as soon as one function completes, and no other flow of the code can revoke it afterwards;
   * it is revoked ({@link #revokeAccess}) when the last flow ends without that: a step after the
   * exchange failed, or the subscriber went away. Three exceptions leave a live token nobody holds:
   * a revoke that fails (see below), an exchange whose answer was lost after the server issued the
   * token (its error says {@link SunshineOAuthException#requestMayHaveBeenProcessed()}), and a
   * revoke still running when {@link #closeLater()}'s bound ends. A cancel that races the
   * completion of {@code onConnected}'s Mono counts as a cancel: the token is revoked although the
   * function may have stored it (which of two threads came first cannot be known for sure, and a
   * token revoked by mistake is a retried consent, a token kept by mistake a live grant).
   *
   * <p>A flow whose step failed and that is the last to hold the token waits for the revoke before
   * it reports the failure; while another flow still holds the token, the failure is reported at
   * once and the decision is left to the last one. Nothing a subscriber does can stop the revoke:
   * it runs apart from every subscriber, retries included, and a cancel only stops the waiting. A
   * cancellation does not cut the token exchange off either: a request that may already be on its
   * way runs to its own deadline, and a token that arrives after every flow left is revoked at
   * once. The exchange and the revoke run under the deadlines, retry policy, retry budget and
   * observation registry of the client whose flow started the exchange (a flow of another client
   * that joins it spends nothing of its own client's budget on them and is not observed for them in
   * its own client's registry); the revoke's deadline is {@link
   * #DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE} (or that client's call deadline, if shorter). The
   * revoke never replaces the original error: when it fails too, it is logged at WARN (naming the
   * app id when known, else an 8-hex SHA-256 prefix of the token; never the token) and, when a flow
   * waits for it, added to that flow's error as a suppressed exception; after a cancel the WARN
   * line is all there is. A flow subscribed after the shared exchange ended sends the spent code
   * again.
   *
   * @param code the {@code code} parameter of the redirect
   * @param onConnected called once per flow with the token and its app, on a Reactor Netty event
   *     loop: it must not block; it returns a Mono that completes (with a value or empty) once the
   *     token is stored, or errors when it could not be. Flows of one code each call it with the
   *     same token; once one has completed, another's failure (a duplicate key) revokes nothing
   * @param <T> what {@code onConnected} emits
   * @return a Mono that emits what {@code onConnected}'s Mono emits (or completes empty when it
   *     does), or errors with the first failure: the errors of {@link #getToken} (no token was
   *     issued, or, when {@link SunshineOAuthException#requestMayHaveBeenProcessed()} is {@code
   *     true}, one may have been issued that no one holds), those of {@link #getTokenInfo}, or
   *     {@code onConnected}'s own error (including a {@link NullPointerException} when it returns
   *     null, and an {@link IllegalStateException} when {@code getTokenInfo} completes empty); in
   *     the last two cases the token was revoked first unless another flow of the code still held
   *     it
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code code} is not a possible code (see {@link #getToken})
   * @throws IllegalStateException if the client was built without a client secret
   */
  public <T> Mono<T> completeAuthorization(
      String code,
      BiFunction<? super AccessToken, ? super TokenInfo, ? extends Mono<T>> onConnected) {
    Objects.requireNonNull(onConnected, "onConnected");
    String secret = requireExchangeable(code);
    Timeouts timeouts = settings.timeouts();
    SunshineOAuthClient revoker =
        newBuilder()
            .timeouts(
                timeouts
                    .withCall(shorter(timeouts.call(), DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE))
                    .withAttempt(
                        shorter(timeouts.attempt(), DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE)))
            .build();
    return GrantGuard.run(
        family.grants(),
        exchangeKey(code, secret),
        () -> exchange(code, secret),
        this::getTokenInfo,
        onConnected,
        token -> revoker.revoke(token, true),
        family.detached());
  }

  /**
   * {@link #completeAuthorization(String, BiFunction)} with the code of a verified callback.
   *
   * @param code the code from {@link io.sunco.oauth.callback.VerifiedCallback#code()}
   * @param onConnected as for {@link #completeAuthorization(String, BiFunction)}
   * @param <T> what {@code onConnected} emits
   * @return a Mono as for {@link #completeAuthorization(String, BiFunction)}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the code is not a possible code
   * @throws IllegalStateException if the client was built without a client secret
   */
  public <T> Mono<T> completeAuthorization(
      AuthorizationCode code,
      BiFunction<? super AccessToken, ? super TokenInfo, ? extends Mono<T>> onConnected) {
    return completeAuthorization(Objects.requireNonNull(code, "code").value(), onConnected);
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
    return settings.baseUrl();
  }

  /**
   * The client id the client sends.
   *
   * @return the client id
   */
  public String clientId() {
    return settings.clientId();
  }

  /**
   * Releases the connection pool the client created for itself, waiting for it to close: {@link
   * #closeLater()}, blocked on. Calls subscribed after this error with {@link
   * IllegalStateException}; the token exchanges and revokes that {@link #completeAuthorization}
   * started first get up to this client's call deadline plus {@link
   * #DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE} to end. Blocks: call it at shutdown, not on an event
   * loop.
   */
  @Override
  public void close() {
    closeLater().block();
  }

  /**
   * Releases the connection pool the client created for itself, without blocking. A pool or {@code
   * HttpClient} the user passed in is left alone. Calls subscribed after this error with {@link
   * IllegalStateException}, on this client and on every client derived from it. The work {@link
   * #completeAuthorization} runs apart from its callers (a token exchange already sent, the revoke
   * of a token nobody holds, with its retries) is not cut off: the pool is disposed once that work
   * has ended, or after this client's call deadline plus {@link
   * #DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE}, whichever comes first; a revoke still running then may
   * fail and leave its token alive (logged at WARN). On a derived client ({@link #newBuilder}) it
   * does nothing.
   *
   * @return a Mono that completes empty when the pool is closed; it never blocks a thread while it
   *     waits
   */
  public Mono<Void> closeLater() {
    if (derived) {
      return Mono.empty();
    }
    return Mono.defer(
        () -> {
          family.closed().set(true);
          ConnectionProvider pool = family.ownedProvider();
          // The exchanges and revokes of completeAuthorization run apart from every caller: a
          // pool disposed under them would cut off a revoke (or its retry) and leave the token
          // alive. They get until their deadlines; then the pool goes regardless.
          return family
              .detached()
              .drained()
              .timeout(closeGrace(), Mono.empty())
              .then(pool == null ? Mono.empty() : pool.disposeLater());
        });
  }

  /** How long closing waits for the work completeAuthorization runs apart from its callers. */
  private Duration closeGrace() {
    return settings.timeouts().call().plus(DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE);
  }

  /** Shows the settings; the client secret is never shown. */
  @Override
  public String toString() {
    return "SunshineOAuthClient" + settings.toString().substring("ClientSettings".length());
  }

  /** One call; {@code evenIfClosed} for the revoke a grant guard owes, which close waits for. */
  private <T> Mono<T> call(
      Operation operation,
      HttpMethod method,
      URI url,
      @Nullable String authorization,
      byte @Nullable [] body,
      Function<RawResponse, T> decoder,
      boolean evenIfClosed) {
    if (!evenIfClosed && family.closed().get()) {
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
                        throw Responses.apiError(operation, response, settings.clock().instant());
                      }
                      return decoder.apply(response);
                    }));
  }

  private static String authorizationHeader(Credentials credentials) {
    if (credentials instanceof AccessToken token) {
      return token.authorizationHeader();
    }
    return ((ApiKeyCredentials) credentials).authorizationHeader();
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
    private PoolSettings pool = PoolSettings.defaults();
    private @Nullable HttpClient httpClient;
    private Clock clock = Clock.systemUTC();
    private Timeouts timeouts = Timeouts.defaults();
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private RetryBudget retryBudget = RetryBudget.defaults();
    private CallObserver observer = CallObserver.NOOP;

    /** The family a derived client joins; null for a builder of a new family. */
    private final @Nullable ClientFamily family;

    /** The parent's retry budget state, until a budget of the derived client's own is set. */
    private @Nullable RetryThrottle throttle;

    private Builder() {
      this.family = null;
    }

    private Builder(SunshineOAuthClient parent) {
      ClientSettings settings = parent.settings;
      this.family = parent.family;
      this.clientId = settings.clientId();
      this.clientSecret = parent.clientSecret;
      this.baseUrl = settings.baseUrl();
      this.defaultHeaders.putAll(settings.defaultHeaders());
      this.maxResponseBytes = settings.maxResponseBytes();
      this.pool = settings.pool();
      this.clock = settings.clock();
      this.timeouts = settings.timeouts();
      this.retryPolicy = settings.retryPolicy();
      this.retryBudget = settings.retryBudget();
      this.throttle = parent.throttle;
      this.observer = parent.observer;
    }

    /**
     * The connection pool is what a family shares, and only the client built by {@link
     * SunshineOAuthClient#builder()} closes it: a derived client with a pool of its own would hold
     * one that nobody closes, and its in-flight exchanges (merged across the family) would run on
     * whichever pool started them.
     */
    private void requireOwnFamily(String setting) {
      if (family != null) {
        throw new IllegalStateException(
            setting
                + " is shared with the client this builder came from and cannot change;"
                + " build a separate client with SunshineOAuthClient.builder()");
      }
    }

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
     * shown by {@code toString()}. {@code null} means "no secret" (the default), so that {@code
     * .clientSecret(System.getenv("SUNCO_CLIENT_SECRET"))} also works in an application that only
     * builds consent URLs or revokes with the token; {@code getToken} on such a client throws
     * {@link IllegalStateException} at call time.
     *
     * @param clientSecret the secret, or {@code null} for none
     * @return this builder
     * @throws IllegalArgumentException if it is empty or blank
     */
    public Builder clientSecret(@Nullable String clientSecret) {
      this.clientSecret =
          clientSecret == null ? null : Arguments.requireNonBlank(clientSecret, "clientSecret");
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
      this.baseUrl = ClientSettings.checkedBaseUrl(baseUrl.toString());
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
      this.baseUrl = ClientSettings.checkedBaseUrl(baseUrl);
      return this;
    }

    /**
     * Adds a header sent on every call, such as {@code X-Zendesk-Marketplace-Bot-Id}. Setting the
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
      ClientSettings.checkDefaultHeader(name, value);
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
      this.maxResponseBytes = ClientSettings.checkedMaxResponseBytes(maxResponseBytes);
      return this;
    }

    /**
     * Sets the pool the client creates for itself; default {@link PoolSettings#defaults()} (64
     * connections, 1024 waiting calls, 10 s to acquire, 20 s idle). Ignored when an {@link
     * #httpClient(HttpClient)} is passed in.
     *
     * <p>A derived client shares its parent's pool, so a builder from {@link
     * SunshineOAuthClient#newBuilder()} refuses this: only the root client closes the pool, and a
     * pool of the derived client's own would be closed by nobody.
     *
     * @param pool the pool settings
     * @return this builder
     * @throws NullPointerException if {@code pool} is null
     * @throws IllegalStateException on a builder from {@link SunshineOAuthClient#newBuilder()}
     */
    public Builder pool(PoolSettings pool) {
      Objects.requireNonNull(pool, "pool");
      requireOwnFamily("the pool");
      this.pool = pool;
      return this;
    }

    /**
     * Uses the given Reactor Netty client, and so its connection pool and event loops, instead of
     * creating a pool. The client adds its own settings on a copy (no redirects, no silent retry,
     * default headers); {@link SunshineOAuthClient#close()} never disposes what was passed in here.
     *
     * <p>Refused on a builder from {@link SunshineOAuthClient#newBuilder()} for the reason given at
     * {@link #pool(PoolSettings)}: the derived client uses its parent's.
     *
     * @param httpClient the client to share
     * @return this builder
     * @throws NullPointerException if {@code httpClient} is null
     * @throws IllegalStateException on a builder from {@link SunshineOAuthClient#newBuilder()}
     */
    public Builder httpClient(HttpClient httpClient) {
      Objects.requireNonNull(httpClient, "httpClient");
      requireOwnFamily("the HttpClient");
      this.httpClient = httpClient;
      return this;
    }

    /**
     * Sets the deadlines of every call; default {@link Timeouts#defaults()} (connect 5 s, attempt
     * 10 s, call 30 s). {@code client.newBuilder().timeouts(..).build()} derives a client with
     * other deadlines.
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
     * Sets the retry budget shared by every call of the client (and of the clients derived from it
     * that keep it); default {@link RetryBudget#defaults()}. On a builder from {@link
     * SunshineOAuthClient#newBuilder()}, the derived client gets a budget of its own, spent by the
     * calls it runs (and by clients derived from it in turn); the parent's budget is left alone. A
     * {@code getToken} or {@code completeAuthorization} whose exchange is merged into one that
     * another client of the family started (see {@link SunshineOAuthClient#getToken}) runs under
     * that client's budget, not this one, and the other way round.
     *
     * @param retryBudget the budget
     * @return this builder
     * @throws NullPointerException if {@code retryBudget} is null
     */
    public Builder retryBudget(RetryBudget retryBudget) {
      this.retryBudget = Objects.requireNonNull(retryBudget, "retryBudget");
      this.throttle = null;
      return this;
    }

    /**
     * Records one Micrometer observation per call in the given registry (none by default): named
     * {@code sunco.oauth.client.call}, with the low-cardinality keys {@code operation}, {@code
     * outcome}, {@code status} and {@code attempts}; never a URL, code or token. A parent
     * observation in the subscriber's Reactor context (key {@code micrometer.observation}) becomes
     * the parent. Needs {@code io.micrometer:micrometer-observation} on the class path, an optional
     * dependency of this library. A builder from {@link SunshineOAuthClient#newBuilder()} starts
     * with the parent's registry; one set there observes the calls the derived client runs, not the
     * parent's. A {@code getToken} or {@code completeAuthorization} whose exchange is merged into
     * one that another client of the family started (see {@link SunshineOAuthClient#getToken}) is
     * observed in that client's registry, not in this one, and the other way round.
     *
     * @param registry the registry
     * @return this builder
     * @throws NullPointerException if {@code registry} is null
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      Objects.requireNonNull(registry, "registry");
      this.observer = new MicrometerCallObserver(registry);
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
      ClientSettings settings =
          new ClientSettings(
              clientId,
              clientSecret != null,
              baseUrl,
              defaultHeaders,
              maxResponseBytes,
              timeouts,
              retryPolicy,
              retryBudget,
              pool,
              clock);
      ClientFamily shared = family;
      RetryThrottle inherited = throttle;
      RetryThrottle budget = inherited != null ? inherited : new RetryThrottle(retryBudget);
      return shared != null
          ? new SunshineOAuthClient(settings, clientSecret, shared, budget, observer, true)
          : new SunshineOAuthClient(
              settings,
              clientSecret,
              ClientFamily.create(httpClient, pool),
              budget,
              observer,
              false);
    }
  }
}
