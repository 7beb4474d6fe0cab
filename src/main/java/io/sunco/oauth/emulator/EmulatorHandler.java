package io.sunco.oauth.emulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Answers every request: records it, applies a queued {@link ScriptedResponse} if one matches, else
 * routes it to the endpoint. Runs on the event loop; nothing here blocks.
 */
final class EmulatorHandler
    implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

  private static final Logger LOG = Loggers.getLogger(SunshineOAuthEmulator.class);
  private static final String JSON = "application/json";
  private static final String HTML = "text/html; charset=utf-8";
  private static final String NO_STORE = "no-store";

  /** Client credentials as presented, from the body or from HTTP Basic. */
  private record ClientCredentials(String clientId, String clientSecret, boolean basic) {

    @Override
    public String toString() {
      return "ClientCredentials[" + clientId + ", ****]";
    }
  }

  private final Config config;
  private final OAuthState oauth;
  private final ScriptBook scripts;
  private final RequestLog requests;
  private final RemovalNotifier notifier;
  private final Consumer<HandledRequest> handled;

  EmulatorHandler(
      Config config,
      OAuthState state,
      ScriptBook scripts,
      RequestLog requests,
      RemovalNotifier notifier,
      Consumer<HandledRequest> handled) {
    this.config = config;
    this.oauth = state;
    this.scripts = scripts;
    this.requests = requests;
    this.notifier = notifier;
    this.handled = handled;
  }

  @Override
  public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
    long start = System.nanoTime();
    String method = request.method().name();
    String target = request.uri();
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Map.Entry<String, String> header : request.requestHeaders()) {
      headers.add(Map.entry(header.getKey(), header.getValue()));
    }
    AtomicReference<RecordedRequest> seen = new AtomicReference<>();
    return RequestBody.read(request, config.maxRequestBodyBytes())
        .flatMap(
            read -> {
              if (read.isEmpty()) {
                // Over the cap: recorded without its body, refused before any script or route.
                RecordedRequest recorded = requests.record(method, target, headers, "");
                seen.set(recorded);
                LOG.debug("#{} {} body over the cap", recorded.sequenceNumber(), method);
                return tooLarge(response);
              }
              RecordedRequest recorded = requests.record(method, target, headers, read.get());
              seen.set(recorded);
              String path = Urls.rawPath(target);
              Optional<ScriptedResponse> script = scripts.next(path);
              if (LOG.isDebugEnabled()) {
                LOG.debug(
                    "#{} {} {}{}",
                    recorded.sequenceNumber(),
                    method,
                    path,
                    script.map(s -> " -> " + s).orElse(""));
              }
              if (script.isEmpty()) {
                return answer(recorded, path, response);
              }
              ScriptedResponse scripted = script.get();
              Mono<Void> act = Mono.defer(() -> scripted(scripted, recorded, path, response));
              return scripted.delay().isZero() ? act : delay(response, scripted.delay()).then(act);
            })
        .doFinally(signal -> finished(seen.get(), response, start));
  }

  /** Tells the request listener, if any, how a recorded request ended. */
  private void finished(
      @Nullable RecordedRequest recorded, HttpServerResponse response, long start) {
    if (recorded == null) {
      return; // the connection ended before the body was read: nothing was recorded
    }
    // Whether the head went out, not how the handler ended: an answer followed by a closed
    // connection (413) may end in a cancellation.
    int status = response.hasSentHeaders() ? response.status().code() : 0;
    handled.accept(
        new HandledRequest(
            recorded.sequenceNumber(),
            recorded.method(),
            recorded.pathWithoutQuery(),
            status,
            Duration.ofNanos(System.nanoTime() - start)));
  }

  /**
   * {@code 413}, and the connection is closed after it: the rest of the body is never read, so the
   * connection cannot carry another request.
   */
  private Mono<Void> tooLarge(HttpServerResponse response) {
    response.keepAlive(false);
    return error(
        response,
        413,
        "payload_too_large",
        "The request body is larger than " + config.maxRequestBodyBytes() + " bytes");
  }

  /**
   * Completes after {@code delay}, timed by the connection's own event loop rather than by
   * Reactor's parallel scheduler: a test in the same JVM running under {@code
   * StepVerifier.withVirtualTime} replaces that scheduler, which would freeze the delay.
   */
  private static Mono<Void> delay(HttpServerResponse response, Duration delay) {
    return Mono.create(
        sink ->
            response.withConnection(
                connection -> {
                  ScheduledFuture<?> timer =
                      connection
                          .channel()
                          .eventLoop()
                          .schedule(() -> sink.success(), delay.toNanos(), TimeUnit.NANOSECONDS);
                  sink.onCancel(() -> timer.cancel(false));
                }));
  }

  private Mono<Void> scripted(
      ScriptedResponse script, RecordedRequest request, String path, HttpServerResponse response) {
    switch (script.kind()) {
      case DROP -> {
        response.withConnection(
            connection ->
                connection
                    .channel()
                    .close()
                    .addListener(
                        closed -> {
                          if (!closed.isSuccess()) {
                            // The type only, as elsewhere: the exchange ends either way.
                            LOG.debug(
                                "#{} the dropped connection failed to close: {}",
                                request.sequenceNumber(),
                                closed.cause().getClass().getName());
                          }
                        }));
        // Nothing more to send; the closed channel ends this exchange.
        return Mono.never();
      }
      case PASS_THROUGH -> {
        return answer(request, path, response);
      }
      default -> {
        response.status(script.statusCode());
        boolean typed = false;
        for (Map.Entry<String, String> header : script.headers()) {
          response.addHeader(header.getKey(), header.getValue());
          typed |= header.getKey().equalsIgnoreCase("Content-Type");
        }
        String body = script.body();
        if (body.isEmpty()) {
          return response.send();
        }
        if (!typed) {
          String trimmed = body.stripLeading();
          response.header(
              HttpHeaderNames.CONTENT_TYPE,
              trimmed.startsWith("{") || trimmed.startsWith("[")
                  ? JSON
                  : "text/plain; charset=utf-8");
        }
        return response.sendString(Mono.just(body), StandardCharsets.UTF_8).then();
      }
    }
  }

  private Mono<Void> answer(RecordedRequest request, String path, HttpServerResponse response) {
    try {
      return switch (path) {
        case SunshineOAuthEmulator.AUTHORIZE_PATH ->
            is(request, "GET") ? authorize(request, response) : notAllowed(response, "GET");
        case SunshineOAuthEmulator.DECISION_PATH ->
            is(request, "POST") ? decide(request, response) : notAllowed(response, "POST");
        case SunshineOAuthEmulator.TOKEN_PATH ->
            is(request, "POST") ? token(request, response) : notAllowed(response, "POST");
        case SunshineOAuthEmulator.TOKEN_INFO_PATH ->
            is(request, "GET") ? tokenInfo(request, response) : notAllowed(response, "GET");
        case SunshineOAuthEmulator.AUTHORIZATION_PATH ->
            is(request, "DELETE") ? revoke(request, response) : notAllowed(response, "DELETE");
        default -> error(response, 404, "not_found", "Resource not found");
      };
    } catch (RuntimeException e) {
      // The type only: a message could quote a request value.
      LOG.warn("#{} failed with {}", request.sequenceNumber(), e.getClass().getName());
      return error(response, 500, "internal_error", "The emulator failed to handle the request");
    }
  }

  // ---- GET /oauth/authorize and POST /oauth/authorize/decision

  private Mono<Void> authorize(RecordedRequest request, HttpServerResponse response) {
    Optional<Map<String, String>> parsed = Urls.queryParameters(request.path());
    if (parsed.isEmpty()) {
      return errorPage(
          response, "invalid_request", "A query parameter is repeated or badly encoded.");
    }
    Map<String, String> query = parsed.get();
    Optional<Mono<Void>> invalid = validateClient(query, response);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    if (!"code".equals(query.get("response_type"))) {
      return errorPage(response, "unsupported_response_type", "response_type must be code.");
    }
    Integration integration =
        Objects.requireNonNull(
            config.integrations().get(query.get("client_id")),
            "validateClient checked that client_id is registered");
    String redirectUri = query.getOrDefault("redirect_uri", integration.defaultRedirectUri());
    App app =
        Objects.requireNonNull(
            config.apps().get(query.getOrDefault("app_id", config.defaultApp().id())),
            "validateClient checked that app_id, when given, is configured");
    Optional<String> state = Optional.ofNullable(query.get("state"));
    if (config.consentMode() == ConsentMode.AUTOMATIC) {
      return redirectWithCode(response, integration, app, redirectUri, state);
    }
    return html(
        response,
        200,
        Html.consentPage(integration, redirectUri, state, config.apps().values(), app));
  }

  private Mono<Void> decide(RecordedRequest request, HttpServerResponse response) {
    Optional<Map<String, String>> parsed = Urls.formParameters(request.body());
    if (parsed.isEmpty()) {
      return errorPage(response, "invalid_request", "A form field is repeated or badly encoded.");
    }
    Map<String, String> form = parsed.get();
    Optional<Mono<Void>> invalid = validateClient(form, response);
    if (invalid.isPresent()) {
      return invalid.get();
    }
    Integration integration =
        Objects.requireNonNull(
            config.integrations().get(form.get("client_id")),
            "validateClient checked that client_id is registered");
    String redirectUri = form.getOrDefault("redirect_uri", integration.defaultRedirectUri());
    App app =
        Objects.requireNonNull(
            config.apps().get(form.getOrDefault("app_id", config.defaultApp().id())),
            "validateClient checked that app_id, when given, is configured");
    Optional<String> state = Optional.ofNullable(form.get("state"));
    String decision = form.getOrDefault("decision", "");
    if (decision.equals("allow")) {
      return redirectWithCode(response, integration, app, redirectUri, state);
    }
    if (decision.equals("deny")) {
      Map<String, String> parameters = new LinkedHashMap<>();
      parameters.put("error", "access_denied");
      state.ifPresent(value -> parameters.put("state", value));
      return redirect(response, Urls.appendQuery(redirectUri, parameters));
    }
    return errorPage(response, "invalid_request", "decision must be allow or deny.");
  }

  /** Client, redirect URI and app of an authorize request; an error page when one is wrong. */
  private Optional<Mono<Void>> validateClient(
      Map<String, String> parameters, HttpServerResponse response) {
    String clientId = parameters.get("client_id");
    if (clientId == null || clientId.isEmpty()) {
      return Optional.of(errorPage(response, "invalid_request", "client_id is required."));
    }
    Integration integration = config.integrations().get(clientId);
    if (integration == null) {
      return Optional.of(errorPage(response, "invalid_client", "Unknown client_id."));
    }
    String redirectUri = parameters.get("redirect_uri");
    // Exact string comparison (or any port on loopback, when enabled), and never a redirect to an
    // unregistered URI: errors go on a page.
    if (redirectUri != null
        && !RedirectUris.isRegistered(integration, redirectUri, config.loopbackAnyPort())) {
      return Optional.of(
          errorPage(
              response, "invalid_request", "redirect_uri is not registered for this client."));
    }
    String appId = parameters.get("app_id");
    if (appId != null && !config.apps().containsKey(appId)) {
      return Optional.of(errorPage(response, "invalid_request", "Unknown app_id."));
    }
    return Optional.empty();
  }

  private Mono<Void> redirectWithCode(
      HttpServerResponse response,
      Integration integration,
      App app,
      String redirectUri,
      Optional<String> state) {
    Map<String, String> parameters = new LinkedHashMap<>();
    parameters.put("code", oauth.newCode(integration.clientId(), app.id()));
    state.ifPresent(value -> parameters.put("state", value));
    return redirect(response, Urls.appendQuery(redirectUri, parameters));
  }

  // ---- POST /oauth/token

  private Mono<Void> token(RecordedRequest request, HttpServerResponse response) {
    Optional<Map<String, String>> parsed = tokenParameters(request);
    if (parsed.isEmpty()) {
      return error(
          response,
          400,
          "invalid_request",
          "The body must be a JSON object of strings or a form (application/x-www-form-urlencoded).");
    }
    Map<String, String> body = parsed.get();
    String grantType = body.get("grant_type");
    if (grantType == null || grantType.isEmpty()) {
      return error(response, 400, "invalid_request", "grant_type is required");
    }
    if (!grantType.equals("authorization_code")) {
      return error(
          response, 400, "unsupported_grant_type", "grant_type must be authorization_code");
    }
    Optional<String> authorization =
        request.header("Authorization").filter(EmulatorHandler::isBasic);
    Optional<ClientCredentials> basic = authorization.flatMap(EmulatorHandler::parseBasic);
    if (authorization.isPresent() && basic.isEmpty()) {
      return invalidClient(response, true, "Malformed Basic authorization");
    }
    String bodyId = body.get("client_id");
    String bodySecret = body.get("client_secret");
    if (basic.isPresent()
        && (bodySecret != null
            || (bodyId != null
                && !bodyId.equals(basic.get().clientId())
                && !bodyId.equals(
                    formDecoded(basic.get()).map(ClientCredentials::clientId).orElse(null))))) {
      return error(response, 400, "invalid_request", "Use one client authentication method only");
    }
    ClientCredentials credentials =
        basic.orElse(
            bodyId == null || bodySecret == null
                ? null
                : new ClientCredentials(bodyId, bodySecret, false));
    if (credentials == null) {
      return invalidClient(response, false, "Client authentication is required");
    }
    Optional<Integration> client = authenticate(credentials);
    if (client.isEmpty()) {
      return invalidClient(response, credentials.basic(), "Client authentication failed");
    }
    String code = body.get("code");
    if (code == null || code.isEmpty()) {
      return error(response, 400, "invalid_request", "code is required");
    }
    OAuthState.Redemption redemption = oauth.redeem(code, client.get().clientId());
    return switch (redemption.outcome()) {
      case UNKNOWN ->
          error(response, 400, "invalid_grant", "The code is invalid or was already used");
      case OTHER_CLIENT ->
          error(response, 400, "invalid_grant", "The code was issued to another client");
      case EXPIRED -> error(response, 400, "invalid_grant", "The code has expired");
      case OK -> {
        String token =
            oauth.issueToken(client.get().clientId(), redemption.code().orElseThrow().appId());
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        yield json(response, 200, Json.write(answer));
      }
    };
  }

  private static Optional<Map<String, String>> tokenParameters(RecordedRequest request) {
    String type = request.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
    String body = request.body();
    if (type.contains("json")) {
      return Json.readStringObject(body);
    }
    if (type.contains("application/x-www-form-urlencoded")) {
      return body.isBlank() ? Optional.empty() : Urls.formParameters(body);
    }
    if (type.isBlank() && !body.isBlank()) {
      return body.stripLeading().startsWith("{")
          ? Json.readStringObject(body)
          : Urls.formParameters(body);
    }
    return Optional.empty();
  }

  private Optional<Integration> authenticate(ClientCredentials credentials) {
    Optional<Integration> raw = authenticateExactly(credentials);
    if (raw.isPresent() || !credentials.basic()) {
      return raw;
    }
    return formDecoded(credentials).flatMap(this::authenticateExactly);
  }

  private Optional<Integration> authenticateExactly(ClientCredentials credentials) {
    Integration integration = config.integrations().get(credentials.clientId());
    if (integration == null) {
      return Optional.empty();
    }
    boolean match =
        MessageDigest.isEqual(
            integration.clientSecret().getBytes(StandardCharsets.UTF_8),
            credentials.clientSecret().getBytes(StandardCharsets.UTF_8));
    return match ? Optional.of(integration) : Optional.empty();
  }

  private static boolean isBasic(String authorization) {
    return authorization.regionMatches(true, 0, "Basic ", 0, 6);
  }

  // RFC 6749 §2.3.1 wants id and secret form-encoded before Base64; many clients skip that.
  // Both spellings are accepted: the decoded pair is tried only when it differs.
  private static Optional<ClientCredentials> parseBasic(String authorization) {
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        new ClientCredentials(decoded.substring(0, colon), decoded.substring(colon + 1), true));
  }

  /** The form-decoded spelling of Basic credentials, when it differs from the raw one. */
  private static Optional<ClientCredentials> formDecoded(ClientCredentials raw) {
    try {
      ClientCredentials decoded =
          new ClientCredentials(
              URLDecoder.decode(raw.clientId(), StandardCharsets.UTF_8),
              URLDecoder.decode(raw.clientSecret(), StandardCharsets.UTF_8),
              true);
      return decoded.equals(raw) ? Optional.empty() : Optional.of(decoded);
    } catch (IllegalArgumentException badEncoding) {
      return Optional.empty();
    }
  }

  private Mono<Void> invalidClient(HttpServerResponse response, boolean basic, String title) {
    if (basic) {
      response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"Sunshine Conversations\"");
    }
    return error(response, 401, "invalid_client", title);
  }

  // ---- GET /v2/tokenInfo and DELETE /oauth/authorization

  private Mono<Void> tokenInfo(RecordedRequest request, HttpServerResponse response) {
    Optional<OAuthState.Grant> grant = bearer(request).flatMap(oauth::lookup);
    if (grant.isEmpty()) {
      return unauthorized(response);
    }
    App app =
        Objects.requireNonNull(
            config.apps().get(grant.get().appId()),
            "tokens are issued only for configured apps, and the configuration never changes");
    Map<String, Object> description = new LinkedHashMap<>();
    description.put("id", app.id());
    description.put("subdomain", app.subdomain());
    description.put("displayName", app.displayName());
    // Fields a client does not know about: the real service sends more than the three above.
    description.put("settings", Map.of("multiConvoEnabled", false));
    description.put("metadata", Map.of());
    return json(response, 200, Json.write(Map.of("app", description)));
  }

  private Mono<Void> revoke(RecordedRequest request, HttpServerResponse response) {
    Optional<OAuthState.Grant> grant = bearer(request).flatMap(oauth::lookup);
    if (grant.isEmpty()) {
      return unauthorized(response);
    }
    if (oauth.revoke(grant.get())) {
      Integration integration =
          Objects.requireNonNull(
              config.integrations().get(grant.get().clientId()),
              "tokens are issued only to registered clients, and the configuration never changes");
      notifier.notifyRemoved(integration, grant.get().appId());
    }
    return json(response, 200, "{}");
  }

  private static Optional<String> bearer(RecordedRequest request) {
    List<String> values = request.headerValues("Authorization");
    if (values.size() != 1) {
      return Optional.empty();
    }
    String value = values.get(0);
    if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    String token = value.substring(7).trim();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  private static Mono<Void> unauthorized(HttpServerResponse response) {
    response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
    return error(response, 401, "unauthorized", "Authorization is required");
  }

  // ---- responses

  private static boolean is(RecordedRequest request, String method) {
    return request.method().equals(method);
  }

  private static Mono<Void> notAllowed(HttpServerResponse response, String allowed) {
    response.header(HttpHeaderNames.ALLOW, allowed);
    return error(response, 405, "method_not_allowed", "Method not allowed");
  }

  private static Mono<Void> error(
      HttpServerResponse response, int status, String code, String title) {
    return json(response, status, Json.errorBody(code, title));
  }

  private static Mono<Void> json(HttpServerResponse response, int status, String body) {
    return response
        .status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, JSON)
        .header(HttpHeaderNames.CACHE_CONTROL, NO_STORE)
        .sendString(Mono.just(body), StandardCharsets.UTF_8)
        .then();
  }

  private static Mono<Void> errorPage(
      HttpServerResponse response, String error, String description) {
    return html(response, 400, Html.errorPage(error, description));
  }

  private static Mono<Void> html(HttpServerResponse response, int status, String page) {
    return response
        .status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, HTML)
        .header(HttpHeaderNames.CACHE_CONTROL, NO_STORE)
        .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        .header("X-Frame-Options", "DENY")
        .sendString(Mono.just(page), StandardCharsets.UTF_8)
        .then();
  }

  private static Mono<Void> redirect(HttpServerResponse response, String location) {
    return response
        .status(302)
        .header(HttpHeaderNames.LOCATION, location)
        .header(HttpHeaderNames.CACHE_CONTROL, NO_STORE)
        .send();
  }
}
