package example;

// The flow guide (src/site/markdown/flow.md) quotes this file from the tag below to the end tag
// (ReadmeCodeTest fails when they differ); FromZeroTest runs it against the emulator.
// tag::readme-from-zero-netty[]
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.AuthorizationDeniedException;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Connects customers' apps with Reactor Netty alone: GET /connect, then GET /oauth/callback. */
public final class NettyConnectApp implements AutoCloseable {

  private final ConnectFlow flow;
  private final boolean https;
  private final String cookieName;
  // Every open connection: a browser keeps one alive between requests.
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final DisposableServer server;

  /**
   * Starts the app.
   *
   * @param publicUrl this app's URL as browsers see it, such as {@code https://bot.example.com}
   */
  public NettyConnectApp(SunshineOAuthClient client, String publicUrl, int port) {
    this.flow = new ConnectFlow(client, publicUrl + "/oauth/callback");
    this.https = publicUrl.startsWith("https:");
    this.cookieName = https ? ConnectFlow.COOKIE : ConnectFlow.DEV_COOKIE;
    this.server =
        HttpServer.create()
            .host("127.0.0.1") // behind a TLS-terminating proxy
            .port(port)
            .route(r -> r.get("/connect", this::start).get("/oauth/callback", this::callback))
            .channelGroup(connections) // for close()
            .bindNow();
  }

  /** A fresh state, saved with a fresh nonce that goes into the browser's cookie; 302 onward. */
  private Mono<Void> start(HttpServerRequest request, HttpServerResponse response) {
    return flow.start()
        .flatMap(
            started ->
                response
                    .addCookie(nonceCookie(started.nonce(), 600)) // the store keeps it 10 minutes
                    .sendRedirect(started.consentUrl()));
  }

  /** Checks the state, exchanges the code once, stores the token: 303 to /connected, or a page. */
  private Mono<Void> callback(HttpServerRequest request, HttpServerResponse response) {
    Set<Cookie> cookies = request.cookies().getOrDefault(cookieName, Set.of());
    String nonce = cookies.isEmpty() ? "" : cookies.iterator().next().value();
    response
        .addCookie(nonceCookie("", 0)) // used once, whatever the outcome
        .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
        .header("Referrer-Policy", "no-referrer"); // the URL holds the code
    return Mono.fromCallable(() -> URI.create(request.uri()))
        .flatMap(uri -> flow.callback(uri, nonce))
        .then(Mono.just(303))
        .onErrorResume(e -> Mono.just(statusOf(e)))
        .flatMap(
            status ->
                status == 303
                    ? response.status(303).header(HttpHeaderNames.LOCATION, "/connected").send()
                    : response.status(status).sendString(Mono.just(pageOf(status))).then());
  }

  private static int statusOf(Throwable error) {
    if (error instanceof AuthorizationDeniedException) {
      return 403; // the customer said no
    }
    if (error instanceof AuthorizationCallbackException
        || error instanceof IllegalArgumentException) {
      return 400; // no state, another browser's, spent, expired, forged; a malformed query
    }
    if (error instanceof SunshineTimeoutException) {
      return 504;
    }
    return error instanceof SunshineOAuthException ? 502 : 500;
  }

  private static String pageOf(int status) {
    return switch (status) {
      case 403 -> "Access was denied.";
      case 400 -> "This link is invalid or was used already. Start again from /connect.";
      default -> "Sunshine Conversations could not be reached. Start again from /connect.";
    };
  }

  private Cookie nonceCookie(String value, long maxAgeSeconds) {
    DefaultCookie cookie = new DefaultCookie(cookieName, value);
    cookie.setHttpOnly(true);
    cookie.setSecure(https);
    // Lax: sent on the redirect back from the consent page, a top-level GET.
    cookie.setSameSite(CookieHeaderNames.SameSite.Lax);
    cookie.setPath(https ? "/" : "/oauth"); // __Host- requires Path=/
    cookie.setMaxAge(maxAgeSeconds);
    return cookie;
  }

  /** The apps connected so far, by app id. */
  public Map<String, ConnectFlow.Connection> connections() {
    return flow.connections();
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  /** Stops the server; the client is the caller's. */
  @Override
  public void close() {
    server.disposeNow(); // stops accepting; waits up to 3 s for the requests in progress
    connections.close().awaitUninterruptibly(); // then closes the rest, kept-alive ones included
  }
}
// end::readme-from-zero-netty[]
