package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.INTEGRATION;
import static io.sunco.oauth.emulator.TestHttp.revoke;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.testing.Ports;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class RemoveUrlTest extends IntegrationServerFixture {

  /**
   * Starts the emulator with {@code integration} and revokes a token of it; the emulator stays up
   * (closing it would cancel the notification in flight).
   */
  private HttpResponse<String> revokeWith(Integration integration) {
    emulator = SunshineOAuthEmulator.start(integration, APP);
    return revoke(emulator, "Bearer " + emulator.issueAccessToken(CLIENT_ID, APP.id()));
  }

  @Test
  void revokeWhenRemoveUrlThenPostsIntegrationIdAndAppId() throws Exception {
    integrationServer.enqueue(new MockResponse.Builder().code(200).build());
    URI removeUrl =
        URI.create("http://127.0.0.1:" + integrationServer.getPort() + "/sunco/removed?key=k1");
    HttpResponse<String> revoked = revokeWith(INTEGRATION.withRemoveUrl(removeUrl));

    assertThat(revoked.statusCode()).isEqualTo(200);
    takeRemovalNotice("/sunco/removed?key=k1");
  }

  @Test
  void revokeWhenRemoveUrlNamesLocalhostThenHostIsResolvedWithoutBlocking() throws Exception {
    integrationServer.enqueue(new MockResponse.Builder().code(200).build());
    URI removeUrl = URI.create("http://localhost:" + integrationServer.getPort() + "/removed");
    revokeWith(INTEGRATION.withRemoveUrl(removeUrl));

    RecordedRequest notification = integrationServer.takeRequest(5, TimeUnit.SECONDS);
    assertThat(notification).isNotNull();
    assertThat(notification.getTarget()).isEqualTo("/removed");
  }

  @Test
  void revokeWhenRemoveUrlFailsThenRevocationStillSucceeds() throws Exception {
    integrationServer.enqueue(new MockResponse.Builder().code(500).body("boom").build());
    URI removeUrl = URI.create("http://127.0.0.1:" + integrationServer.getPort() + "/removed");
    HttpResponse<String> revoked = revokeWith(INTEGRATION.withRemoveUrl(removeUrl));

    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(integrationServer.takeRequest(5, TimeUnit.SECONDS)).isNotNull();
  }

  @Test
  void revokeWhenRemoveUrlUnreachableThenRevocationStillSucceeds() throws Exception {
    int closedPort = Ports.unused();
    URI removeUrl = URI.create("http://127.0.0.1:" + closedPort + "/removed");
    HttpResponse<String> revoked = revokeWith(INTEGRATION.withRemoveUrl(removeUrl));

    assertThat(revoked.statusCode()).isEqualTo(200);
  }

  @Test
  void revokeWhenNoRemoveUrlThenNothingIsPosted() throws Exception {
    revokeWith(INTEGRATION);

    assertThat(integrationServer.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
  }
}
