package io.sunco.oauth.emulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
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

  /** The methods of a path that is read: {@code HEAD} wherever {@code GET} works. */
  private static final String READ = "GET, HEAD";

  /** The emulator's parts that record, script and answer requests. */
  record Parts(
      ScriptBook scripts,
      RequestLog requests,
      AuthorizeEndpoint authorize,
      TokenEndpoint token,
      GrantEndpoints grants,
      UrlSecrets urlSecrets,
      Optional<AdminEndpoint> admin) {}

  /** What answers a path: the methods it allows (an {@code Allow} header's value) and how. */
  private record Route(
      String allowed, BiFunction<RecordedRequest, HttpServerResponse, Mono<Void>> answer) {
    boolean allows(String method) {
      return List.of(allowed.split(", ")).contains(method);
    }
  }

  private final Config config;
  private final Parts parts;
  private final Map<String, Route> routes;
  private final Consumer<HandledRequest> handled;

  EmulatorHandler(Config config, Parts parts, Consumer<HandledRequest> handled) {
    this.config = config;
    this.parts = parts;
    this.handled = handled;
    Map<String, Route> byPath = new HashMap<>();
    byPath.put(SunshineOAuthEmulator.AUTHORIZE_PATH, new Route(READ, parts.authorize()::authorize));
    byPath.put(SunshineOAuthEmulator.DECISION_PATH, new Route("POST", parts.authorize()::decide));
    byPath.put(SunshineOAuthEmulator.TOKEN_PATH, new Route("POST", parts.token()::token));
    byPath.put(SunshineOAuthEmulator.TOKEN_INFO_PATH, new Route(READ, parts.grants()::tokenInfo));
    byPath.put(
        SunshineOAuthEmulator.AUTHORIZATION_PATH, new Route("DELETE", parts.grants()::revoke));
    // Without an admin secret the path is unknown (404), as it is on the service.
    parts
        .admin()
        .ifPresent(
            admin ->
                byPath.put(
                    SunshineOAuthEmulator.ADMIN_REMOVE_INTEGRATION_PATH,
                    new Route("POST", admin::removeIntegration)));
    this.routes = Map.copyOf(byPath);
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
    String path = Urls.rawPath(target);
    AtomicReference<RecordedRequest> seen = new AtomicReference<>();
    Function<String, RecordedRequest> record =
        body -> {
          RecordedRequest recorded =
              parts
                  .requests()
                  .record(
                      method, target, path, parts.urlSecrets().redactedPath(path), headers, body);
          // Checked before routing: redeeming a code forgets it, and then it could not be
          // recognised.
          if (parts.urlSecrets().carriesSecret(target)) {
            parts.requests().secretInUrl(recorded);
          }
          seen.set(recorded);
          return recorded;
        };
    return RequestBody.read(request, config.maxRequestBodyBytes())
        .flatMap(
            read -> {
              if (read.isEmpty()) {
                // Over the cap: recorded without its body, refused before any script or route.
                RecordedRequest recorded = record.apply("");
                LOG.debug("#{} {} body over the cap", recorded.sequenceNumber(), method);
                return tooLarge(response);
              }
              RecordedRequest recorded = record.apply(read.get());
              Optional<ScriptedResponse> script = parts.scripts().next(path);
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
    try {
      Route route = routes.containsKey(path) ? routes.get(path) : apiRoute(path);
      if (route == null) {
        return Replies.error(response, 404, "not_found", "Resource not found");
      }
      return route.allows(request.method())
          ? route.answer().apply(request, response)
          : notAllowed(response, route.allowed());
    } catch (RuntimeException e) {
      // The type only: a message could quote a request value.
      LOG.warn("#{} failed with {}", request.sequenceNumber(), e.getClass().getName());
      return Replies.error(
          response, 500, "internal_error", "The emulator failed to handle the request");
    }
  }

  /** The one API path under {@code /sc}: {@code /sc/v2/apps/{appId}}; else none. */
  private @Nullable Route apiRoute(String path) {
    String prefix = SunshineOAuthEmulator.API_PATH + SunshineOAuthEmulator.APPS_PATH + "/";
    String appId = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    if (appId.isEmpty() || appId.indexOf('/') >= 0) {
      return null;
    }
    return new Route(READ, (request, response) -> parts.grants().app(appId, request, response));
  }

  private static Mono<Void> notAllowed(HttpServerResponse response, String allowed) {
    return Replies.notAllowed(response, allowed);
  }
}
