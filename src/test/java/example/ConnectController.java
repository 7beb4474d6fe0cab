package example;

// The flow guide (src/site/markdown/flow.md) quotes this file from the tag below to the end tag
// (ReadmeCodeTest fails when they differ); FromZeroTest runs it against the emulator.
// tag::readme-from-zero-controller[]
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.AuthorizationDeniedException;
import io.sunco.oauth.error.SunshineTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The same flow in an annotated Spring WebFlux controller, without the library's routes. */
@RestController
public class ConnectController {

  private final ConnectFlow flow;
  private final boolean https;
  private final String cookieName;

  public ConnectController(SunshineOAuthClient client, String publicUrl) {
    this.flow = new ConnectFlow(client, publicUrl + "/oauth/callback");
    this.https = publicUrl.startsWith("https:");
    this.cookieName = https ? ConnectFlow.COOKIE : ConnectFlow.DEV_COOKIE;
  }

  @GetMapping("/connect")
  public Mono<ResponseEntity<Void>> start() {
    return flow.start()
        .map(
            started ->
                ResponseEntity.status(HttpStatus.FOUND)
                    .location(URI.create(started.consentUrl()))
                    .header(
                        HttpHeaders.SET_COOKIE,
                        nonceCookie(started.nonce(), Duration.ofMinutes(10)))
                    .build());
  }

  @GetMapping("/oauth/callback")
  public Mono<ResponseEntity<String>> callback(ServerHttpRequest request) {
    HttpCookie cookie = request.getCookies().getFirst(cookieName);
    String nonce = cookie == null ? "" : cookie.getValue();
    return flow.callback(request.getURI(), nonce)
        .then(
            Mono.just(
                ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/connected"))))
        .onErrorResume(
            AuthorizationDeniedException.class,
            e -> Mono.just(ResponseEntity.status(HttpStatus.FORBIDDEN)))
        .onErrorResume(
            AuthorizationCallbackException.class,
            e -> Mono.just(ResponseEntity.status(HttpStatus.BAD_REQUEST)))
        .onErrorResume(
            SunshineTimeoutException.class,
            e -> Mono.just(ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT)))
        .onErrorResume(e -> Mono.just(ResponseEntity.status(HttpStatus.BAD_GATEWAY)))
        .map(
            answer ->
                answer
                    .header(HttpHeaders.SET_COOKIE, nonceCookie("", Duration.ZERO)) // used once
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .header("Referrer-Policy", "no-referrer") // the URL holds the code
                    .build());
  }

  private String nonceCookie(String value, Duration maxAge) {
    return ResponseCookie.from(cookieName, value)
        .httpOnly(true)
        .secure(https)
        .sameSite("Lax") // sent on the redirect back, a top-level GET
        .path(https ? "/" : "/oauth") // __Host- requires Path=/
        .maxAge(maxAge)
        .build()
        .toString();
  }

  /** The apps connected so far, by app id. */
  public Map<String, ConnectFlow.Connection> connections() {
    return flow.connections();
  }
}
// end::readme-from-zero-controller[]
