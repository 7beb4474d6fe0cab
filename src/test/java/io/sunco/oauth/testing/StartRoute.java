package io.sunco.oauth.testing;

import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The first step of a browser's flow through the routes: the start route, answered 302 Found. */
public final class StartRoute {

  private StartRoute() {}

  /**
   * GETs {@code /oauth/sunshine/start} and checks that the answer is {@code 302 Found}.
   *
   * @param browser a client of the routes
   * @return the exchange: the consent URL in {@code Location}, the nonce cookie
   */
  public static EntityExchangeResult<byte[]> redirected(WebTestClient browser) {
    return browser
        .get()
        .uri("/oauth/sunshine/start")
        .exchange()
        .expectStatus()
        .isFound()
        .expectBody()
        .returnResult();
  }
}
