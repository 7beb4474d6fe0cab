package io.sunco.oauth;

import static io.sunco.oauth.testing.TestServers.fixture;
import static io.sunco.oauth.testing.TestServers.json;
import static io.sunco.oauth.testing.TestServers.take;
import static io.sunco.oauth.testing.TestServers.tokenInfoOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelOption;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/** The client's accessors, the exact limit on an authorization code, and derived clients. */
class ClientSurfaceTest {

  @Test
  void clientIdWhenBuiltThenReturnsTheIdGiven() {
    try (SunshineOAuthClient client =
        SunshineOAuthClient.builder().clientId("5e4af71a81966cfff3ef6550").build()) {
      assertThat(client.clientId()).isEqualTo("5e4af71a81966cfff3ef6550");
      assertThat(client.newBuilder().retryPolicy(RetryPolicy.none()).build().clientId())
          .isEqualTo("5e4af71a81966cfff3ef6550");
    }
  }

  @Test
  void getTokenWhenCodeIsExactly4096CharsThenSentAsIs() throws Exception {
    String code = "c".repeat(4096);
    try (MockWebServer server = TestServers.start();
        SunshineOAuthClient client = TestServers.clientFor(server).build()) {
      server.enqueue(json(200, fixture("token-success.json")));

      StepVerifier.create(client.getToken(code)).expectNextCount(1).verifyComplete();

      assertThat(new ObjectMapper().readTree(take(server).getBody().utf8()).get("code").asText())
          .isEqualTo(code);
    }
  }

  @Test
  void getTokenWhenCodeIs4097CharsThenIllegalArgumentExceptionAtCallTime() {
    try (SunshineOAuthClient client =
        SunshineOAuthClient.builder().clientId("cid").clientSecret("secret").build()) {
      assertThatThrownBy(() -> client.getToken("c".repeat(4097)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("code must not be longer than 4096 characters");
    }
  }

  /**
   * A derived client with another connect timeout connects under its own timeout, and one with the
   * same connect timeout under the parent's: read from the connect timeout option that Reactor
   * Netty hands to each connection attempt (no pooling, so every call connects).
   */
  @Test
  void newBuilderWhenConnectTimeoutDiffersThenDerivedClientConnectsUnderItsOwn() {
    List<Object> connectTimeouts = new CopyOnWriteArrayList<>();
    HttpClient recording =
        HttpClient.create(ConnectionProvider.newConnection())
            .doOnConnect(
                config ->
                    connectTimeouts.add(
                        config.options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS)));
    Timeouts parentTimeouts = Timeouts.defaults().withConnect(Duration.ofSeconds(7));
    try (MockWebServer server = TestServers.start();
        SunshineOAuthClient parent =
            TestServers.clientFor(server).httpClient(recording).timeouts(parentTimeouts).build()) {
      SunshineOAuthClient tighter =
          parent.newBuilder().timeouts(parentTimeouts.withConnect(Duration.ofMillis(1500))).build();
      SunshineOAuthClient sameConnect =
          parent.newBuilder().timeouts(parentTimeouts.withAttempt(Duration.ofSeconds(9))).build();

      for (SunshineOAuthClient client : List.of(parent, tighter, sameConnect)) {
        server.enqueue(tokenInfoOk());
        StepVerifier.create(client.getTokenInfo(AccessToken.bearer("tok")))
            .expectNextCount(1)
            .verifyComplete();
      }

      assertThat(connectTimeouts).containsExactly(7000, 1500, 7000);
      assertThat(tighter.timeouts().connect()).isEqualTo(Duration.ofMillis(1500));
      assertThat(sameConnect.timeouts().attempt()).isEqualTo(Duration.ofSeconds(9));
    }
  }
}
