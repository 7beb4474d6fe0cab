package io.sunco.oauth.webflux;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * How every answer of the routes looks: the nonce cookie and its clearing, the headers that keep
 * the callback URL (which holds the code) out of caches and {@code Referer} headers, and the
 * hardening headers of the HTML pages.
 */
final class ResponsePolicy {

  private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);
  private static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'";

  private final String cookieName;
  private final String cookiePath;
  private final Duration cookieMaxAge;
  private final boolean redirectUriIsHttps;

  ResponsePolicy(
      String cookieName, String cookiePath, Duration cookieMaxAge, boolean redirectUriIsHttps) {
    this.cookieName = cookieName;
    this.cookiePath = cookiePath;
    this.cookieMaxAge = cookieMaxAge;
    this.redirectUriIsHttps = redirectUriIsHttps;
  }

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

  /** A fixed HTML page; {@code cleared} is set on callback answers, null on start answers. */
  Mono<ServerResponse> page(HttpStatus status, String html, @Nullable ResponseCookie cleared) {
    ServerResponse.BodyBuilder response =
        ServerResponse.status(status)
            .contentType(HTML)
            .header(HttpHeaders.CACHE_CONTROL, "no-store")
            .header("Referrer-Policy", "no-referrer")
            .header("X-Content-Type-Options", "nosniff")
            .header("X-Frame-Options", "DENY")
            .header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    if (cleared != null) {
      response.cookie(cleared);
    }
    return response.bodyValue(html);
  }
}
