package example;

// The WebFlux guide (src/site/markdown/webflux.md) quotes this file from the tag below to the
// end tag, and ReadmeCodeTest fails when they differ; BrowserFlowTest runs this very code.
// tag::readme-webflux-connect-app[]
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A WebFlux app on Reactor Netty, without Spring Boot, that connects customers' apps. */
public final class ConnectApp implements AutoCloseable {

  private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>(); // by app id
  // Every open connection: a browser keeps one alive between requests.
  private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final DisposableServer server;

  /**
   * Starts the app.
   *
   * @param client the application's one client, built at start-up (see the Quick start)
   * @param publicUrl this app's URL as browsers see it, such as {@code https://bot.example.com}
   */
  public ConnectApp(SunshineOAuthClient client, String publicUrl, int port) {
    SunshineOAuthRoutes oauth =
        SunshineOAuthRoutes.builder()
            .client(client)
            .redirectUri(publicUrl + "/oauth/sunshine/callback") // registered for the integration
            .prefix("/oauth/sunshine") // GET /oauth/sunshine/start and /oauth/sunshine/callback
            .sink(
                connected ->
                    Mono.fromRunnable(() -> tokens.put(connected.app().appId(), connected.token())))
            .successUrl("/connected")
            .denialUrl("/denied")
            // One node; a cluster shares one store (instances.md).
            .stateStore(InMemoryPendingAuthorizationStore.create())
            .build();

    RouterFunction<ServerResponse> app =
        oauth
            .routerFunction()
            .and(
                route(
                    GET("/"),
                    request ->
                        page(
                            "<a id=\"connect\" href=\"/oauth/sunshine/start\">Connect Sunshine Conversations</a>")))
            .and(route(GET("/connected"), request -> page("<h1 id=\"connected\">Connected</h1>")))
            .and(
                route(GET("/denied"), request -> page("<h1 id=\"denied\">Access was denied</h1>")));

    server =
        HttpServer.create()
            .host("127.0.0.1") // behind a TLS-terminating proxy
            .port(port)
            .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(app)))
            .channelGroup(connections) // for close()
            .bindNow();
  }

  /** The tokens stored so far, by app id; a real app encrypts them into its database. */
  public Map<String, AccessToken> tokens() {
    return Map.copyOf(tokens);
  }

  /** The port the server listens on. */
  public int port() {
    return server.port();
  }

  /** Stops the server; the client is the application's to close. */
  @Override
  public void close() {
    server.disposeNow(); // stops accepting; waits up to 3 s for the requests in progress
    connections.close().awaitUninterruptibly(); // then closes the rest, kept-alive ones included
  }

  private static Mono<ServerResponse> page(String body) {
    return ServerResponse.ok()
        .contentType(MediaType.TEXT_HTML)
        .bodyValue("<!DOCTYPE html>\n<html><body>" + body + "</body></html>\n");
  }
}
// end::readme-webflux-connect-app[]
