package io.sunco.oauth.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The README's "Test your integration against the emulator" example, run as written. */
class ReadmeExampleTest {

  @Test
  void readmeExampleWhenRunThenTokenAfterOne429AndRequestsRecorded() throws Exception {
    AccessToken seen;
    TokenInfo seenInfo;
    Optional<RecordedRequest> seenFirst;
    // --- README example start ---
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
      TokenInfo info = client.getTokenInfo(token).block(); // app 5698edbf2a43bd081be982f1
      Optional<RecordedRequest> first = emulator.takeRequest(Duration.ofSeconds(1)); // what arrived
      // --- README example end ---
      seen = token;
      seenInfo = info;
      seenFirst = first;
      assertThat(emulator.requestCount()).isEqualTo(3);
    }
    assertThat(seen).isNotNull();
    assertThat(seenInfo.appId()).isEqualTo("5698edbf2a43bd081be982f1");
    assertThat(seenFirst).hasValueSatisfying(r -> assertThat(r.path()).isEqualTo("/oauth/token"));
  }

  @Test
  void readmeWhenReadThenContainsTheExampleVerbatim() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    String source =
        Files.readString(
            Path.of("src/test/java/io/sunco/oauth/emulator/ReadmeExampleTest.java"),
            StandardCharsets.UTF_8);
    String example =
        source.substring(
            source.indexOf("    try (SunshineOAuthEmulator"),
            source.indexOf("      // --- README example end"));
    // The README shows the block four spaces to the left of where it stands in this method.
    String dedented = example.replaceAll("(?m)^    ", "");
    assertThat(readme).contains(dedented);
  }
}
