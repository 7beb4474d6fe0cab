// The README's Quick start quotes this whole file, from the tag below to the end tag, and
// ReadmeCodeTest fails when they differ; QuickStartTest runs it.
// tag::readme-quick-start[]
package example;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.callback.StateGenerator;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.ConsentMode;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** The whole OAuth flow against the embedded emulator, then one API call with the token. */
public final class QuickStart {

  static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  static final String REDIRECT_URI = "https://bot.example.com/oauth/callback";

  public static void main(String[] args) {
    // The emulator plays Sunshine Conversations: one integration, one customer's app, and consent
    // given at once (in production the customer clicks "Allow" in their browser).
    try (SunshineOAuthEmulator emulator =
            SunshineOAuthEmulator.builder()
                .integration(Integration.of(CLIENT_ID, "throwaway-secret", REDIRECT_URI))
                .app(App.of("5698edbf2a43bd081be982f1", "acme", "Acme"))
                .consentMode(ConsentMode.AUTOMATIC)
                .start();
        // One client, built at start-up and shared. In production leave baseUrl out (the default
        // is SunshineOAuthClient.OAUTH_BRIDGE) and take the secret from your vault.
        SunshineOAuthClient client =
            SunshineOAuthClient.builder()
                .clientId(CLIENT_ID)
                .clientSecret("throwaway-secret")
                .baseUrl(emulator.baseUrl())
                .build()) {
      StateGenerator states = StateGenerator.create(); // seeds a DRBG: once, not on an event loop
      PendingAuthorizationStore pending = InMemoryPendingAuthorizationStore.create(); // or Redis
      AuthorizationCallback callbacks = AuthorizationCallback.usingStore(pending);
      AuthorizeRequest consent = AuthorizeRequest.builder().redirectUri(REDIRECT_URI).build();
      Map<String, AccessToken> tokens = new ConcurrentHashMap<>(); // your database, encrypted

      // block() only because this is main: in a request handler, return the Mono instead.
      // 1. The customer clicks "Connect": save a fresh state with a fresh nonce (the nonce goes
      //    into an HttpOnly cookie), then answer 302 to the consent URL.
      String nonce = states.next();
      String state = states.generate().block();
      pending.save(state, PendingAuthorization.of(nonce, Instant.now())).block();
      String consentUrl = client.authorizeUrl(consent.withState(state));

      // 2. The browser: consent, then the redirect back to REDIRECT_URI with ?code=..&state=..
      URI callbackUri = browser(consentUrl);

      // 3. Your callback route: check the state (known, unused, this browser's), exchange the code
      //    once, and store the token with its app (a token never expires by time: keep it safe).
      TokenInfo app =
          callbacks
              .verify(callbackUri, nonce)
              .flatMap(
                  verified ->
                      client.completeAuthorization(
                          verified.code(),
                          (token, info) ->
                              Mono.fromRunnable(() -> tokens.put(info.appId(), token))
                                  .thenReturn(info)))
              .block();
      System.out.println("connected app " + app.appId() + ", subdomain " + app.subdomain().get());

      // 4. Later, call the API with the stored token: in production at info.apiBaseUrl()
      //    (https://{subdomain}.zendesk.com/sc), against the emulator at emulator.apiBaseUrl().
      String apiBaseUrl = emulator.apiBaseUrl();
      AccessToken stored = tokens.get(app.appId());
      String answer =
          HttpClient.create()
              .headers(h -> h.set("Authorization", "Bearer " + stored.value()))
              .get()
              .uri(apiBaseUrl + "/v2/apps/" + app.appId())
              .responseSingle((response, body) -> body.asString())
              .block();
      System.out.println("GET /v2/apps/" + app.appId() + ": " + answer);

      // 5. The customer disconnects: revoke the access, then forget the token.
      client.revokeAccess(stored).block();
      tokens.remove(app.appId());
      System.out.println("access revoked");
    }
  }

  /** What the browser does here: GET the consent page, which redirects back at once. */
  private static URI browser(String consentUrl) {
    return HttpClient.create() // follows no redirect: the Location is the callback
        .get()
        .uri(consentUrl)
        .responseSingle(
            (response, body) ->
                body.asString()
                    .defaultIfEmpty("")
                    .map(page -> URI.create(response.responseHeaders().get("Location"))))
        .block();
  }
}
// end::readme-quick-start[]
