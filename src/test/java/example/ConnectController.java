package example;

// The README's "From zero to a connected app" quotes this file from the tag below to the end tag
// (ReadmeCodeTest fails when they differ); FromZeroTest runs it against the emulator.
// tag::readme-from-zero-controller[]
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.AuthorizationDeniedException;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.callback.StateGenerator;
import io.sunco.oauth.error.SunshineTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  // Over https a __Host- cookie (Secure, Path=/, no Domain): no sibling subdomain can plant one.
  static final String COOKIE = "__Host-sunco_oauth_nonce";
  // Plain http only on loopback, in development: browsers refuse __Host- there.
  static final String DEV_COOKIE = "sunco_oauth_nonce";

  private final StateGenerator states = StateGenerator.create(); // at start-up: seeds a DRBG
  private final PendingAuthorizationStore pending = InMemoryPendingAuthorizationStore.create();
  private final AuthorizationCallback callbacks = AuthorizationCallback.usingStore(pending);
  private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>(); // by app id
  private final SunshineOAuthClient client;
  private final AuthorizeRequest consent;
  private final boolean https;
  private final String cookieName;

  public ConnectController(SunshineOAuthClient client, String publicUrl) {
    this.client = client;
    this.consent = AuthorizeRequest.builder().redirectUri(publicUrl + "/oauth/callback").build();
    this.https = publicUrl.startsWith("https:");
    this.cookieName = https ? COOKIE : DEV_COOKIE;
  }

  @GetMapping("/connect")
  public Mono<ResponseEntity<Void>> start() {
    String nonce = states.next();
    // With signed-in users, also bind the flow to the user: save their id in the
    // PendingAuthorization's
    // attributes and compare it with the session's on the callback, or a planted nonce links the
    // victim's app to the attacker's user (the library's routes do this by default).
    return states
        .generate()
        .flatMap(
            state ->
                pending
                    .save(state, PendingAuthorization.of(nonce, Instant.now()))
                    .thenReturn(state))
        .map(
            state ->
                ResponseEntity.status(HttpStatus.FOUND)
                    .location(URI.create(client.authorizeUrl(consent.withState(state))))
                    .header(HttpHeaders.SET_COOKIE, nonceCookie(nonce, Duration.ofMinutes(10)))
                    .build());
  }

  @GetMapping("/oauth/callback")
  public Mono<ResponseEntity<String>> callback(ServerHttpRequest request) {
    HttpCookie cookie = request.getCookies().getFirst(cookieName);
    String nonce = cookie == null ? "" : cookie.getValue();
    return callbacks
        .verify(request.getURI(), nonce)
        .flatMap(
            verified ->
                client.completeAuthorization(
                    verified.code(),
                    (token, app) -> Mono.fromRunnable(() -> tokens.put(app.appId(), token))))
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
    return ResponseCookie.from(COOKIE, value)
        .httpOnly(true)
        .secure(https)
        .sameSite("Lax") // sent on the redirect back, a top-level GET
        .path(https ? "/" : "/oauth") // __Host- requires Path=/
        .maxAge(maxAge)
        .build()
        .toString();
  }

  /** The tokens stored so far, by app id; a real app encrypts them into its database. */
  public Map<String, AccessToken> tokens() {
    return Map.copyOf(tokens);
  }
}
// end::readme-from-zero-controller[]
