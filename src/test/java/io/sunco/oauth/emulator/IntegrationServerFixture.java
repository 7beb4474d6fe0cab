package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the removal tests: the integration's own server on a free loopback port, which the
 * emulator calls at its remove URL, and the emulator a test starts; both closed after each test.
 */
abstract class IntegrationServerFixture {

  final MockWebServer integrationServer = new MockWebServer();
  @Nullable SunshineOAuthEmulator emulator;

  @BeforeEach
  void startIntegrationServer() throws IOException {
    integrationServer.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    integrationServer.close();
    if (emulator != null) {
      emulator.close();
    }
  }

  /**
   * Takes the next request of the integration server, waiting up to 5 s, and checks that it is the
   * emulator's removal notice for {@link TestHttp#APP}: a JSON {@code POST} to {@code target} whose
   * body names the test integration and the app.
   *
   * @return the notice's body, for a test to check further
   */
  JsonNode takeRemovalNotice(String target) throws InterruptedException {
    RecordedRequest notification = integrationServer.takeRequest(5, TimeUnit.SECONDS);
    assertThat(notification).isNotNull();
    assertThat(notification.getMethod()).isEqualTo("POST");
    assertThat(notification.getTarget()).isEqualTo(target);
    assertThat(notification.getHeaders().get("Content-Type")).isEqualTo("application/json");
    JsonNode body = parse(notification.getBody().utf8());
    assertThat(body.get("integrationId").asText()).isEqualTo(CLIENT_ID);
    assertThat(body.get("appId").asText()).isEqualTo(APP.id());
    return body;
  }
}
