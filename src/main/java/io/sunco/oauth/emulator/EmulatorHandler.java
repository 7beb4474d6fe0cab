package io.sunco.oauth.emulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Answers every request: reads its body up to the cap, records it, applies a queued {@link
 * ScriptedResponse} if one matches, else routes it to the endpoint, and tells the request listener
 * how it ended. Runs on the event loop; nothing here blocks.
 */
final class EmulatorHandler
    implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

  private static final Logger LOG = Loggers.getLogger(SunshineOAuthEmulator.class);

  /** The emulator's parts that answer requests. */
  record Endpoints(
      AuthorizeEndpoint authorize,
      TokenEndpoint token,
      GrantEndpoints grants,
      UrlSecrets urlSecrets) {}

  private final Config config;
  private final ScriptBook scripts;
  private final RequestLog requests;
  private final AuthorizeEndpoint authorize;
  private final TokenEndpoint token;
  private final GrantEndpoints grants;
  private final UrlSecrets urlSecrets;
  private final Consumer<HandledRequest> handled;

  EmulatorHandler(
      Config config,
      ScriptBook scripts,
      RequestLog requests,
      Endpoints endpoints,
      Consumer<HandledRequest> handled) {
    this.config = config;
    this.scripts = scripts;
    this.requests = requests;
    this.authorize = endpoints.authorize();
    this.token = endpoints.token();
    this.grants = endpoints.grants();
    this.urlSecrets = endpoints.urlSecrets();
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
              String path = Urls.rawPath(target);
              if (read.isEmpty()) {
                // Over the cap: recorded without its body, refused before any script or route.
                RecordedRequest recorded = record(method, target, path, headers, "");
                seen.set(recorded);
                LOG.debug("#{} {} body over the cap", recorded.sequenceNumber(), method);
                return tooLarge(response);
              }
              RecordedRequest recorded = record(method, target, path, headers, read.get());
              seen.set(recorded);
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
            recorded.shownPath(),
            status,
            Duration.ofNanos(System.nanoTime() - start)));
  }

  private RecordedRequest record(
      String method,
      String target,
      String path,
      List<Map.Entry<String, String>> headers,
      String body) {
    RecordedRequest recorded =
        requests.record(method, target, path, urlSecrets.redactedPath(path), headers, body);
    // Checked before routing: redeeming a code forgets it, and then it could not be recognised.
    if (urlSecrets.carriesSecret(target)) {
      requests.secretInUrl(recorded);
    }
    return recorded;
  }

  /**
   * {@code 413}, and the connection is closed after it: the rest of the body is never read, so the
   * connection cannot carry another request.
   */
  private Mono<Void> tooLarge(HttpServerResponse response) {
    response.keepAlive(false);
    return Replies.error(
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
                  ? Replies.JSON
                  : "text/plain; charset=utf-8");
        }
        return response.sendString(Mono.just(body), StandardCharsets.UTF_8).then();
      }
    }
  }

  private Mono<Void> answer(RecordedRequest request, String path, HttpServerResponse response) {
    String method = request.method();
    boolean read = method.equals("GET") || method.equals("HEAD");
    try {
      return switch (path) {
        case SunshineOAuthEmulator.AUTHORIZE_PATH ->
            read ? authorize.authorize(request, response) : notAllowed(response, "GET, HEAD");
        case SunshineOAuthEmulator.DECISION_PATH ->
            method.equals("POST")
                ? authorize.decide(request, response)
                : notAllowed(response, "POST");
        case SunshineOAuthEmulator.TOKEN_PATH ->
            method.equals("POST") ? token.token(request, response) : notAllowed(response, "POST");
        case SunshineOAuthEmulator.TOKEN_INFO_PATH ->
            read ? grants.tokenInfo(request, response) : notAllowed(response, "GET, HEAD");
        case SunshineOAuthEmulator.AUTHORIZATION_PATH ->
            method.equals("DELETE")
                ? grants.revoke(request, response)
                : notAllowed(response, "DELETE");
        default -> api(request, path, read, response);
      };
    } catch (RuntimeException e) {
      // The type only: a message could quote a request value.
      LOG.warn("#{} failed with {}", request.sequenceNumber(), e.getClass().getName());
      return Replies.error(
          response, 500, "internal_error", "The emulator failed to handle the request");
    }
  }

  /** The API paths under {@code /sc}: only {@code GET /sc/v2/apps/{appId}}, else {@code 404}. */
  private Mono<Void> api(
      RecordedRequest request, String path, boolean read, HttpServerResponse response) {
    String prefix = SunshineOAuthEmulator.API_PATH + SunshineOAuthEmulator.APPS_PATH + "/";
    String appId = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    if (appId.isEmpty() || appId.indexOf('/') >= 0) {
      return Replies.error(response, 404, "not_found", "Resource not found");
    }
    return read ? grants.app(appId, request, response) : notAllowed(response, "GET, HEAD");
  }

  private static Mono<Void> notAllowed(HttpServerResponse response, String allowed) {
    return Replies.notAllowed(response, allowed);
  }
}
