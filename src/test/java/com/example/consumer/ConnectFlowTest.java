package com.example.consumer;

// tag::readme-junit-extension[]
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.AuthorizeRequest;
import io.sunco.oauth.Credentials;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.AuthorizationCallback;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.VerifiedCallback;
import io.sunco.oauth.emulator.ApiKey;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.junit.EmulatorAssertions;
import io.sunco.oauth.junit.SunshineOAuthEmulatorExtension;
import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ConnectFlowTest {

  static final String APP_ID = "5698edbf2a43bd081be982f1";
  static final String CALLBACK = "http://127.0.0.1:8080/callback";

  @RegisterExtension // static: one emulator for the class, reset before each test
  static final SunshineOAuthEmulatorExtension SUNCO =
      SunshineOAuthEmulatorExtension.builder()
          .integration(Integration.of("client-id", "client-secret", CALLBACK))
          .app(App.of(APP_ID, "acme", "Acme"))
          .emulator(e -> e.apiKey(ApiKey.integration("app_key", "key-secret", "client-id", APP_ID)))
          .build();

  @Test
  void connectsAnAppThenRevokesWithAnApiKey(
      SunshineOAuthEmulator emulator, SunshineOAuthClient client) {
    InMemoryPendingAuthorizationStore states = InMemoryPendingAuthorizationStore.create();
    states.save("state-1", PendingAuthorization.of("browser-nonce", Instant.now())).block();
    URI consent = URI.create(client.authorizeUrl(AuthorizeRequest.of(CALLBACK, "state-1")));
    URI callback = SUNCO.followConsent(consent); // what the browser is sent back to
    VerifiedCallback verified =
        AuthorizationCallback.usingStore(states).verify(callback, "browser-nonce").block();

    AccessToken token = client.getToken(verified.code()).block();
    TokenInfo info = client.getTokenInfo(token).block();
    assertEquals(APP_ID, info.appId());

    client.revokeAccess(Credentials.basic("app_key", "key-secret")).block();
    EmulatorAssertions.assertRequestCount(emulator, SunshineOAuthEmulator.TOKEN_PATH, 1);
  }
}
// end::readme-junit-extension[]
