package io.sunco.oauth;

import static io.sunco.oauth.testing.TestServers.CLIENT_ID;
import static io.sunco.oauth.testing.TestServers.CLIENT_SECRET;
import static io.sunco.oauth.testing.TestServers.fixture;
import static io.sunco.oauth.testing.TestServers.json;
import static io.sunco.oauth.testing.TestServers.take;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** Every call reaches the right place whatever the shape of the base URL. */
class BaseUrlShapesTest {

  private static final AccessToken TOKEN = AccessToken.bearer("eyJ.token-value.sig");

  private final MockWebServer server = new MockWebServer();
  private SunshineOAuthClient client;

  @AfterEach
  void tearDown() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private SunshineOAuthClient clientAt(String baseUrl) {
    client =
        SunshineOAuthClient.builder()
            .clientId(CLIENT_ID)
            .clientSecret(CLIENT_SECRET)
            .baseUrl(baseUrl)
            .build();
    return client;
  }

  @Test
  void callsWhenBaseUrlIsIpv6LoopbackThenEachReachesTheServer() throws Exception {
    server.start(InetAddress.getByName("::1"), 0);
    SunshineOAuthClient ipv6 = clientAt("http://[::1]:" + server.getPort());
    server.enqueue(json(200, fixture("token-success.json")));
    server.enqueue(json(200, fixture("token-info-success.json")));
    server.enqueue(new MockResponse.Builder().code(200).build());

    StepVerifier.create(ipv6.getToken("658965")).expectNextCount(1).verifyComplete();
    StepVerifier.create(ipv6.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
    StepVerifier.create(ipv6.revokeAccess(TOKEN)).verifyComplete();

    assertRequest(take(server), "POST", "/oauth/token");
    assertRequest(take(server), "GET", "/v2/tokenInfo");
    assertRequest(take(server), "DELETE", "/oauth/authorization");
  }

  @Test
  void callsWhenBaseUrlHasPathPrefixThenPathsKeepIt() throws IOException, InterruptedException {
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    SunshineOAuthClient prefixed = clientAt("http://127.0.0.1:" + server.getPort() + "/sc/");
    server.enqueue(json(200, fixture("token-success.json")));
    server.enqueue(json(200, fixture("token-info-success.json")));

    StepVerifier.create(prefixed.getToken("658965")).expectNextCount(1).verifyComplete();
    StepVerifier.create(prefixed.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();

    assertRequest(take(server), "POST", "/sc/oauth/token");
    assertRequest(take(server), "GET", "/sc/v2/tokenInfo");
  }

  private static void assertRequest(RecordedRequest request, String method, String target) {
    assertThat(request.getMethod()).isEqualTo(method);
    assertThat(request.getTarget()).isEqualTo(target);
  }
}
