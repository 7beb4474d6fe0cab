package io.sunco.oauth.testing;

import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** Real HTTP servers for routes under test, for a browser or a raw socket to talk to. */
public final class LoopbackServers {

  private LoopbackServers() {}

  /**
   * Serves {@code routes} on 127.0.0.1 and a free port, over plain HTTP, with Reactor Netty.
   *
   * @param routes the routes
   * @return the bound server; the caller disposes of it
   */
  public static DisposableServer serve(RouterFunction<ServerResponse> routes) {
    return HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(routes)))
        .bindNow();
  }
}
