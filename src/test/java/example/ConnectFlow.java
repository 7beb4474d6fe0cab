package example;

// The flow guide (src/site/markdown/flow.md) quotes this file from the tag below to the end tag
// (ReadmeCodeTest fails when they differ); QuickStartTest runs it against the emulator, and
// NettyConnectApp and ConnectController serve it over HTTP.
// tag::readme-connect-flow[]
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.callback.StateGenerator;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/** Connecting a customer's app, whatever serves the HTTP: start, callback, disconnect. */
public final class ConnectFlow {

  // The browser nonce's cookie. Over https a __Host- cookie (Secure, Path=/, no Domain): no
  // sibling subdomain can plant one. Plain http only on loopback, in development: browsers refuse
  // __Host- there.
  static final String COOKIE = "__Host-sunco_oauth_nonce";
  static final String DEV_COOKIE = "sunco_oauth_nonce";

  /** A connected app: its token, and what tokenInfo said (API calls go to app.apiBaseUrl()). */
  public record Connection(AccessToken token, TokenInfo app) {}

  /** Where to send the browser, and the nonce to set as its cookie. */
  public record Start(String consentUrl, String nonce) {}

  // Made once at start-up and shared by every request:
  private final StateGenerator states =
      StateGenerator.create(); // seeds a DRBG: not on an event loop
  private final PendingAuthorizationStore pending =
      InMemoryPendingAuthorizationStore.create(); // or Redis
  private final AuthorizationCallback callbacks = AuthorizationCallback.usingStore(pending);
  private final Map<String, Connection> connections = new ConcurrentHashMap<>(); // your database
  private final SunshineOAuthClient client;
  private final AuthorizeRequest consent;

  /**
   * @param client the application's one client, built at start-up
   * @param redirectUri registered for the integration, such as {@code
   *     https://bot.example.com/oauth/callback}
   */
  public ConnectFlow(SunshineOAuthClient client, String redirectUri) {
    this.client = client;
    // A template: each flow adds its own state.
    this.consent = AuthorizeRequest.builder().redirectUri(redirectUri).build();
  }

  /**
   * 1. The customer clicks "Connect": a fresh state, saved with a fresh browser nonce. Answer 302
   * to the consent URL and set the nonce as a cookie (HttpOnly, Secure, SameSite=Lax).
   */
  public Mono<Start> start() {
    String nonce = states.next(); // binds the flow to this browser
    // With signed-in users, also bind the flow to the user: save their id in the pending
    // authorization's attributes and compare it with the session's on the callback, or a planted
    // nonce links the victim's app to the attacker's user (the library's routes do this by
    // default).
    return states
        .generate()
        .flatMap(
            state ->
                pending
                    .save(state, PendingAuthorization.of(nonce, Instant.now()))
                    .thenReturn(new Start(client.authorizeUrl(consent.withState(state)), nonce)));
  }

  /**
   * 2. The browser comes back to the redirect URI with ?code=..&state=.. and the cookie: check the
   * state (known, unused, this browser's), exchange the code once, store token and app together. If
   * storing fails, completeAuthorization revokes the token: no grant is left behind.
   */
  public Mono<TokenInfo> callback(URI callbackUri, String nonceFromCookie) {
    return callbacks
        .verify(callbackUri, nonceFromCookie)
        .flatMap(
            verified ->
                client.completeAuthorization(
                    verified.code(),
                    (token, app) ->
                        Mono.fromRunnable(
                                () -> connections.put(app.appId(), new Connection(token, app)))
                            .thenReturn(app)));
  }

  /** 3. The customer disconnects the app: revoke the grant, then forget the token. */
  public Mono<Void> disconnect(String appId) {
    return Mono.justOrEmpty(connections.get(appId))
        .flatMap(
            connection ->
                client
                    .revokeAccess(connection.token())
                    .then(Mono.fromRunnable(() -> connections.remove(appId, connection))));
  }

  /** The apps connected so far, by app id; a real app encrypts the tokens into its database. */
  public Map<String, Connection> connections() {
    return Map.copyOf(connections);
  }
}
// end::readme-connect-flow[]
