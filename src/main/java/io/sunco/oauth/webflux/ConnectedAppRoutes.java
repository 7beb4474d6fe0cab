package io.sunco.oauth.webflux;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.internal.Json;
import io.sunco.oauth.internal.UntrustedText;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.DisconnectResult;
import io.sunco.oauth.store.RemovalResult;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The two WebFlux routes that end a connection kept in a {@link ConnectedAppStore}:
 *
 * <ul>
 *   <li>{@code POST} {@linkplain Builder#disconnectPath disconnect path} (default {@value
 *       #DEFAULT_DISCONNECT_PATH}): the application's user disconnects an app, through {@link
 *       ConnectedAppStore#disconnect}. The application decides which app the user of the request
 *       may disconnect ({@link Builder#appOfRequest}); a request sent by another site ({@code
 *       Sec-Fetch-Site}, else {@code Origin}) is refused with {@code 403} before anything is read.
 *       Answers {@code 204} once disconnected (or already), {@code 202} when the revoke failed and
 *       the record waits for a retry, {@code 409} when the app was connected again meanwhile,
 *       {@code 403} when the request names no app the user may disconnect, {@code 503} when the
 *       store is down and {@code 500} for any other failure.
 *   <li>{@code POST} {@linkplain Builder#removalPath removal path} (default {@value
 *       #DEFAULT_REMOVAL_PATH}), the integration's {@code removeUrl}: its body is read leniently as
 *       JSON naming the app ({@code {"appId": ..}}, as the service is expected to send), and taken
 *       as a hint only: {@link ConnectedAppStore#confirmRemoval} checks the stored token and
 *       deletes the record only when the service refuses it. The route answers {@code 202} at once,
 *       before the check, for any body, known app or not, so that it reveals nothing; at most
 *       {@linkplain Builder#removalsPerMinute a number of calls per minute} (default {@value
 *       #DEFAULT_REMOVALS_PER_MINUTE}) are admitted, the others answered {@code 429} with a {@code
 *       Retry-After} without touching the store or the service.
 * </ul>
 *
 * <p>Every answer has no body and carries {@code Cache-Control: no-store}. Log lines (category
 * {@code io.sunco.oauth.webflux.ConnectedAppRoutes}) name the route, the result, the app id
 * (cleaned and capped) and an error's type, never a token or a secret. Immutable and thread-safe;
 * nothing in it blocks.
 */
public final class ConnectedAppRoutes {

  /** The default path of the disconnect route: {@value}. */
  public static final String DEFAULT_DISCONNECT_PATH = "/oauth/sunshine/disconnect";

  /** The default path of the removal route, the integration's {@code removeUrl}: {@value}. */
  public static final String DEFAULT_REMOVAL_PATH = "/oauth/sunshine/removed";

  /** The default bound of removal calls admitted per minute: {@value}. */
  public static final int DEFAULT_REMOVALS_PER_MINUTE = 60;

  /** The largest removal body read, in bytes: {@value}; a larger one names no app. */
  public static final int MAX_REMOVAL_BODY_BYTES = 4096;

  /** The longest app id a removal call may name: {@value} characters. */
  public static final int MAX_APP_ID_CHARS = 128;

  private static final Logger LOG = Loggers.getLogger(ConnectedAppRoutes.class);
  private static final int LOGGED_APP_ID_CHARS = 64;

  private final ConnectedAppStore store;
  private final SunshineOAuthClient client;
  private final Function<ServerRequest, Mono<String>> appOfRequest;
  private final String disconnectPath;
  private final String removalPath;
  private final HintRateLimit removals;
  private final Consumer<RemovalResult> removalChecked;
  private final RouterFunction<ServerResponse> routerFunction;

  private ConnectedAppRoutes(Builder builder) {
    this.store = Objects.requireNonNull(builder.store, "checked by build()");
    this.client = Objects.requireNonNull(builder.client, "checked by build()");
    this.appOfRequest = Objects.requireNonNull(builder.appOfRequest, "checked by build()");
    this.disconnectPath = builder.disconnectPath;
    this.removalPath = builder.removalPath;
    this.removals = new HintRateLimit(builder.removalsPerMinute, builder.ticker);
    this.removalChecked = builder.removalChecked;
    this.routerFunction =
        RouterFunctions.route()
            .POST(disconnectPath, this::disconnect)
            .POST(removalPath, this::removal)
            .build();
  }

  /**
   * A builder; the store, the client and {@link Builder#appOfRequest} are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The two routes, to combine with the application's own ({@code .and(..)}).
   *
   * @return the router function, the same instance on every call
   */
  public RouterFunction<ServerResponse> routerFunction() {
    return routerFunction;
  }

  /**
   * The disconnect route's handler, for applications that map it themselves (POST only).
   *
   * @param request the request
   * @return a {@code Mono} that emits the answer listed on this class; it never errors
   * @throws NullPointerException if {@code request} is null
   */
  public Mono<ServerResponse> disconnect(ServerRequest request) {
    Objects.requireNonNull(request, "request");
    if (CrossSiteRule.isCrossSite(request)) {
      LOG.info("Sunshine disconnect refused: cross-site request");
      return answer(HttpStatus.FORBIDDEN);
    }
    return Mono.defer(() -> appOfRequest.apply(request))
        .flatMap(
            appId ->
                store
                    .disconnect(appId, client)
                    .doOnNext(result -> logDisconnect(appId, result))
                    .flatMap(result -> answer(statusOf(result))))
        .switchIfEmpty(
            Mono.defer(
                () -> {
                  LOG.info("Sunshine disconnect refused: the request names no app of its user");
                  return answer(HttpStatus.FORBIDDEN);
                }))
        .onErrorResume(
            error -> {
              LOG.warn("Sunshine disconnect failed: {}", error.getClass().getName());
              return answer(
                  error instanceof StoreUnavailableException
                      ? HttpStatus.SERVICE_UNAVAILABLE
                      : HttpStatus.INTERNAL_SERVER_ERROR);
            });
  }

  private static HttpStatus statusOf(DisconnectResult result) {
    return switch (result) {
      case DISCONNECTED, ALREADY_DISCONNECTED -> HttpStatus.NO_CONTENT;
      case RETRY_PENDING -> HttpStatus.ACCEPTED;
      case RECONNECTED_MEANWHILE -> HttpStatus.CONFLICT;
    };
  }

  private static void logDisconnect(String appId, DisconnectResult result) {
    if (result == DisconnectResult.RETRY_PENDING) {
      LOG.warn("Sunshine disconnect: app={} result={}", logged(appId), result);
    } else {
      LOG.info("Sunshine disconnect: app={} result={}", logged(appId), result);
    }
  }

  /**
   * The removal route's handler, for applications that map it themselves (POST only).
   *
   * @param request the request
   * @return a {@code Mono} that emits {@code 202} once the body is read (the check runs on,
   *     detached), or {@code 429} over the rate limit; it never errors
   * @throws NullPointerException if {@code request} is null
   */
  public Mono<ServerResponse> removal(ServerRequest request) {
    Objects.requireNonNull(request, "request");
    if (!removals.tryAdmit()) {
      return ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
          .header(HttpHeaders.CACHE_CONTROL, "no-store")
          .header(HttpHeaders.RETRY_AFTER, Long.toString(removals.secondsLeft()))
          .build();
    }
    return request
        .bodyToMono(byte[].class)
        .map(ConnectedAppRoutes::appIdOf)
        .defaultIfEmpty("")
        .onErrorReturn("")
        .doOnNext(this::checkDetached)
        .then(answer(HttpStatus.ACCEPTED));
  }

  /** The app a removal body names, or "" when it names none the route would check. */
  static String appIdOf(byte[] body) {
    if (body.length == 0 || body.length > MAX_REMOVAL_BODY_BYTES) {
      return "";
    }
    try {
      @Nullable Object[] members = Json.readMembers(body, "appId");
      if (members == null || !(members[0] instanceof String appId)) {
        return "";
      }
      return appId.isBlank() || appId.length() > MAX_APP_ID_CHARS ? "" : appId;
    } catch (Json.MalformedJsonException malformed) {
      return "";
    }
  }

  private void checkDetached(String appId) {
    if (appId.isEmpty()) {
      LOG.info("Sunshine removal hint ignored: the body names no app");
      return;
    }
    // Detached: the answer never waits for, nor tells, what the check finds.
    store
        .confirmRemoval(appId, client)
        .subscribe(
            result -> {
              LOG.info("Sunshine removal hint: app={} result={}", logged(appId), result);
              removalChecked.accept(result);
            },
            error ->
                LOG.warn(
                    "Sunshine removal hint: app={} check failed: {}",
                    logged(appId),
                    error.getClass().getName()));
  }

  private static String logged(String appId) {
    return UntrustedText.clean(appId, LOGGED_APP_ID_CHARS);
  }

  private static Mono<ServerResponse> answer(HttpStatus status) {
    return ServerResponse.status(status).header(HttpHeaders.CACHE_CONTROL, "no-store").build();
  }

  /** Shows the paths and the store; it holds no secret. */
  @Override
  public String toString() {
    return "ConnectedAppRoutes[disconnect="
        + disconnectPath
        + ", removal="
        + removalPath
        + ", store="
        + store
        + "]";
  }

  /** Builds {@link ConnectedAppRoutes}; each setter checks its argument at once. */
  public static final class Builder {
    private @Nullable ConnectedAppStore store;
    private @Nullable SunshineOAuthClient client;
    private @Nullable Function<ServerRequest, Mono<String>> appOfRequest;
    private String disconnectPath = DEFAULT_DISCONNECT_PATH;
    private String removalPath = DEFAULT_REMOVAL_PATH;
    private int removalsPerMinute = DEFAULT_REMOVALS_PER_MINUTE;
    private LongSupplier ticker = System::nanoTime;
    private Consumer<RemovalResult> removalChecked = result -> {};

    private Builder() {}

    /**
     * Sets the store of the connected apps. Required.
     *
     * @param store the store of the client's client id
     * @return this builder
     * @throws NullPointerException if {@code store} is null
     */
    public Builder store(ConnectedAppStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets the client that revokes and checks tokens. Required; the routes never close it.
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
     * Sets how the disconnect route learns which app the user of a request may disconnect, for
     * example the app of a form field that {@link ConnectedAppStore#findByAttribute} confirms is
     * the signed-in user's. Required. Called on an event loop: it must not block.
     *
     * @param appOfRequest emits the app id, or completes empty when the request names no app its
     *     user may disconnect (answered {@code 403})
     * @return this builder
     * @throws NullPointerException if {@code appOfRequest} is null
     */
    public Builder appOfRequest(Function<ServerRequest, Mono<String>> appOfRequest) {
      this.appOfRequest = Objects.requireNonNull(appOfRequest, "appOfRequest");
      return this;
    }

    /**
     * Sets the disconnect route's path; default {@value #DEFAULT_DISCONNECT_PATH}.
     *
     * @param path a path starting with {@code /}
     * @return this builder
     * @throws NullPointerException if {@code path} is null
     * @throws IllegalArgumentException if it does not start with {@code /}
     */
    public Builder disconnectPath(String path) {
      this.disconnectPath = path(path, "disconnectPath");
      return this;
    }

    /**
     * Sets the removal route's path, the path of the integration's {@code removeUrl}; default
     * {@value #DEFAULT_REMOVAL_PATH}.
     *
     * @param path a path starting with {@code /}
     * @return this builder
     * @throws NullPointerException if {@code path} is null
     * @throws IllegalArgumentException if it does not start with {@code /}
     */
    public Builder removalPath(String path) {
      this.removalPath = path(path, "removalPath");
      return this;
    }

    /**
     * Sets how many removal calls are admitted in a minute (a window that opens with its first
     * call); default {@value #DEFAULT_REMOVALS_PER_MINUTE}. The others are answered {@code 429}.
     *
     * @param perMinute 1 to 10,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder removalsPerMinute(int perMinute) {
      if (perMinute < 1 || perMinute > 10_000) {
        throw new IllegalArgumentException("removalsPerMinute must be 1 to 10000: " + perMinute);
      }
      this.removalsPerMinute = perMinute;
      return this;
    }

    /** For tests: the monotonic nanosecond ticker of the rate limit. */
    Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /** For tests: told each detached removal check's result. */
    Builder removalChecked(Consumer<RemovalResult> listener) {
      this.removalChecked = Objects.requireNonNull(listener, "listener");
      return this;
    }

    private static String path(String path, String name) {
      Objects.requireNonNull(path, name);
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException(name + " must start with /: " + path);
      }
      return path;
    }

    /**
     * Builds the routes.
     *
     * @return the immutable routes
     * @throws IllegalStateException if the store, the client or {@link #appOfRequest} is missing,
     *     or both routes have one path
     */
    public ConnectedAppRoutes build() {
      if (store == null) {
        throw new IllegalStateException("store(..) is required");
      }
      if (client == null) {
        throw new IllegalStateException("client(..) is required");
      }
      if (appOfRequest == null) {
        throw new IllegalStateException("appOfRequest(..) is required");
      }
      if (disconnectPath.equals(removalPath)) {
        throw new IllegalStateException("the disconnect and removal paths must differ");
      }
      return new ConnectedAppRoutes(this);
    }
  }
}
