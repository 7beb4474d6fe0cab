package io.sunco.oauth.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The README's "Test your integration against the emulator" example, run as written: the region
 * tagged below is the README's block ({@code example.ReadmeCodeTest} fails when they differ), and
 * its own assertions are what this test checks.
 */
class ReadmeExampleTest {

  @Test
  void readmeExampleWhenRunThenTokenAfterOne429AndRequestsRecorded() throws Exception {
    // tag::readme-emulator[]
    try (SunshineOAuthEmulator emulator =
            SunshineOAuthEmulator.builder()
                .integration(
                    Integration.of("client-id", "client-secret", "http://127.0.0.1:8080/callback"))
                .app(App.of("5698edbf2a43bd081be982f1", "acme", "Acme"))
                .start();
        SunshineOAuthClient client =
            SunshineOAuthClient.builder()
                .clientId("client-id")
                .clientSecret("client-secret")
                .baseUrl(emulator.baseUrl())
                .build()) {
      String code = emulator.issueAuthorizationCode("client-id", "5698edbf2a43bd081be982f1");
      emulator.enqueue(
          ScriptedResponse.rateLimited(1).times(1)); // the next request: 429, Retry-After: 1
      AccessToken token = client.getToken(code).block(); // retried after 1 s
      TokenInfo info = client.getTokenInfo(token).block();
      assertEquals("5698edbf2a43bd081be982f1", info.appId());
      Optional<RecordedRequest> first = emulator.takeRequest(Duration.ofSeconds(1)); // what arrived
      assertEquals("/oauth/token", first.orElseThrow().path());
      assertEquals(3, emulator.requestCount()); // the 429, the retried token request, token info
    }
    // end::readme-emulator[]
  }
}
