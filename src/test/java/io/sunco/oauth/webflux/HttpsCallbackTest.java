package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RoutesFixture.assertCleared;
import static io.sunco.oauth.webflux.RoutesFixture.consent;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The callback of routes whose redirect URI is https (the application behind a TLS-terminating
 * proxy, or reached over https itself): it reads the {@code __Host-} nonce cookie, never the plain
 * name a sibling host could plant, and clears it with the same name, {@code Path=/} and {@code
 * Secure}, as a browser requires to overwrite it.
 */
class HttpsCallbackTest {

  private static final String APP = "https://bot.example.com";
  private static final String HOST_COOKIE = "__Host-sunco_oauth_nonce";

  private RoutesFixture fixture;

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  /** Routes whose redirect URI is under {@value #APP}, reached at {@code wireUrl}. */
  private WebTestClient web(String wireUrl, String prefix) {
    fixture = new RoutesFixture(APP + prefix + SunshineOAuthRoutes.CALLBACK_PATH);
    SunshineOAuthRoutes routes = fixture.routes().prefix(prefix).build();
    return WebTestClient.bindToRouterFunction(routes.routerFunction())
        .configureClient()
        .baseUrl(wireUrl)
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }

  /**
   * Starts a flow and consents: the callback's path and query (as the wire URL sees them) and the
   * nonce cookie set by the start.
   */
  private static Object[] consented(WebTestClient web, String prefix, String cookieName) {
    EntityExchangeResult<byte[]> started =
        web.get()
            .uri(prefix + SunshineOAuthRoutes.START_PATH)
            .exchange()
            .expectStatus()
            .isFound()
            .expectBody()
            .returnResult();
    ResponseCookie cookie = started.getResponseCookies().getFirst(cookieName);
    assertThat(cookie).as("nonce cookie %s", cookieName).isNotNull();
    URI callback = consent(started.getResponseHeaders().getLocation());
    assertThat(callback.toString()).startsWith(APP + prefix + SunshineOAuthRoutes.CALLBACK_PATH);
    return new Object[] {callback.getRawPath() + "?" + callback.getRawQuery(), cookie.getValue()};
  }

  /** The callback's answer to a consented {@code flow}, with its nonce under {@code cookie}. */
  private static EntityExchangeResult<byte[]> callbackAnswer(
      WebTestClient web, Object[] flow, String cookie, int status) {
    return web.get()
        .uri((String) flow[0])
        .cookie(cookie, (String) flow[1])
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectBody()
        .returnResult();
  }

  @Test
  void callbackWhenRedirectUriIsHttpsThenReadsHostCookieAndClearsItSecureOnPathRoot() {
    // Plain http on the wire, as behind a proxy that ends TLS: the redirect URI decides.
    WebTestClient web = web("http://bot.example.com", "/oauth/sunshine");
    Object[] flow = consented(web, "/oauth/sunshine", HOST_COOKIE);

    EntityExchangeResult<byte[]> result = callbackAnswer(web, flow, HOST_COOKIE, 303);

    assertCleared(result, HOST_COOKIE, "/", true);
    assertThat(fixture.sink.saved).hasSize(1);
  }

  @Test
  void callbackWhenOnlyAPlainNamedCookieOverHttpsThenRefusedAndHostCookieCleared() {
    WebTestClient web = web(APP, "/oauth/sunshine");
    Object[] flow = consented(web, "/oauth/sunshine", HOST_COOKIE);

    // The right nonce under the plain name, as a sibling host could set it: not read.
    EntityExchangeResult<byte[]> result =
        callbackAnswer(web, flow, SunshineOAuthRoutes.DEFAULT_COOKIE_NAME, 400);

    assertCleared(result, HOST_COOKIE, "/", true);
    assertThat(fixture.emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
    assertThat(fixture.sink.saved).isEmpty();
  }

  @Test
  void callbackWhenRoutesUnderAnotherPathOverHttpsThenItsOwnHostCookieNameSetReadAndCleared() {
    String name = HOST_COOKIE + "_tenant-a";
    WebTestClient web = web(APP, "/tenant-a");
    Object[] flow = consented(web, "/tenant-a", name);

    EntityExchangeResult<byte[]> result = callbackAnswer(web, flow, name, 303);

    assertCleared(result, name, "/", true);
  }
}
