package io.sunco.oauth.testing;

import java.security.Principal;
import java.time.Duration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RouterFunction;
import reactor.core.publisher.Mono;

/**
 * A browser at the routes whose requests the application sees as signed in: every exchange carries
 * the user's principal, as the application's security filter would set it.
 */
public final class SignedInBrowser {

  private SignedInBrowser() {}

  /**
   * A client of {@code routes} signed in as {@code user}, with a 20 s response timeout (a hang
   * guard on a loaded machine); the caller adds its settings and builds it.
   *
   * @param routes the routes
   * @param user the signed-in user's name
   * @return the client's builder
   */
  public static WebTestClient.Builder at(RouterFunction<?> routes, String user) {
    Principal principal = () -> user;
    return WebTestClient.bindToRouterFunction(routes)
        .webFilter(
            (exchange, chain) ->
                chain.filter(exchange.mutate().principal(Mono.just(principal)).build()))
        .configureClient()
        .responseTimeout(Duration.ofSeconds(20));
  }
}
