package io.sunco.oauth.webflux;

import io.sunco.oauth.internal.CallbackPage;
import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * How every answer of the routes looks: the nonce cookie and its clearing, the headers that keep
 * the callback URL (which holds the code) out of caches and {@code Referer} headers, and the pages
 * with their hardening headers, both from {@link CallbackPage}.
 *
 * @param cookieName the nonce cookie's name as the browser sees it
 * @param cookiePath the nonce cookie's path
 * @param cookieMaxAge the nonce cookie's lifetime
 * @param redirectUriIsHttps whether the redirect URI is {@code https}: the cookie is then always
 *     {@code Secure}
 */
record ResponsePolicy(
    String cookieName, String cookiePath, Duration cookieMaxAge, boolean redirectUriIsHttps) {

  /** The cookie's value in {@code request}, or empty when it has none. */
  String cookieValue(ServerRequest request) {
    var cookie = request.cookies().getFirst(cookieName);
    return cookie == null ? "" : cookie.getValue();
  }

  /** {@code Secure} cookies when the app is reached, or redirects back, over https. */
  boolean isSecure(ServerRequest request) {
    return redirectUriIsHttps || "https".equalsIgnoreCase(request.uri().getScheme());
  }

  ResponseCookie cookie(String value, boolean secure) {
    return cookie(value, secure, cookieMaxAge);
  }

  ResponseCookie cleared(boolean secure) {
    return cookie("", secure, Duration.ZERO);
  }

  private ResponseCookie cookie(String value, boolean secure, Duration maxAge) {
    return ResponseCookie.from(cookieName, value)
        .httpOnly(true)
        .secure(secure)
        .sameSite("Lax")
        .path(cookiePath)
        .maxAge(maxAge)
        .build();
  }

  /** {@code 302} to the consent page, setting the cookie. */
  Mono<ServerResponse> toConsent(String consentUrl, ResponseCookie cookie) {
    return ServerResponse.status(HttpStatus.FOUND)
        .header(HttpHeaders.LOCATION, consentUrl)
        .cookie(cookie)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Referrer-Policy", "no-referrer")
        .build();
  }

  /** {@code 303} to the application's page, clearing the cookie. */
  Mono<ServerResponse> seeOther(URI location, ResponseCookie cleared) {
    return ServerResponse.seeOther(location)
        .cookie(cleared)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .header("Referrer-Policy", "no-referrer")
        .build();
  }

  /**
   * A fixed page with the headers of {@link CallbackPage#HEADERS}; {@code cleared} is set on
   * callback answers, null on start answers.
   */
  Mono<ServerResponse> page(
      HttpStatus status,
      String title,
      String message,
      @Nullable String startLink,
      @Nullable ResponseCookie cleared) {
    ServerResponse.BodyBuilder response =
        ServerResponse.status(status).headers(h -> CallbackPage.HEADERS.forEach(h::set));
    if (cleared != null) {
      response.cookie(cleared);
    }
    return response.bodyValue(CallbackPage.html(title, message, startLink));
  }
}
