package io.sunco.oauth.emulator;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** The emulator's answers: JSON (v2 errors), HTML pages and redirects, each never cached. */
final class Replies {

  static final String JSON = "application/json";
  private static final String HTML = "text/html; charset=utf-8";
  private static final String NO_STORE = "no-store";

  private Replies() {}

  static Mono<Void> error(HttpServerResponse response, int status, String code, String title) {
    return json(response, status, Json.errorBody(code, title));
  }

  static Mono<Void> json(HttpServerResponse response, int status, String body) {
    return response
        .status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, JSON)
        .header(HttpHeaderNames.CACHE_CONTROL, NO_STORE)
        .sendString(Mono.just(body), StandardCharsets.UTF_8)
        .then();
  }

  static Mono<Void> notAllowed(HttpServerResponse response, String allowed) {
    response.header(HttpHeaderNames.ALLOW, allowed);
    return error(response, 405, "method_not_allowed", "Method not allowed");
  }

  static Mono<Void> errorPage(HttpServerResponse response, String error, String description) {
    return html(response, 400, Html.errorPage(error, description));
  }

  static Mono<Void> html(HttpServerResponse response, int status, String page) {
    return response
        .status(status)
        .header(HttpHeaderNames.CONTENT_TYPE, HTML)
        .header(HttpHeaderNames.CACHE_CONTROL, NO_STORE)
        .header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
        .header("X-Frame-Options", "DENY")
        .sendString(Mono.just(page), StandardCharsets.UTF_8)
        .then();
  }

  static Mono<Void> redirect(HttpServerResponse response, String location) {
    return response
        .status(302)
        .header(HttpHeaderNames.LOCATION, location)
        .header(HttpHeaderNames.CACHE_CONTROL, NO_STORE)
        .send();
  }
}
