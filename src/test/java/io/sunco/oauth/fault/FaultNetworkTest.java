package io.sunco.oauth.fault;

import static io.sunco.oauth.testing.TestServers.fixture;
import static io.sunco.oauth.testing.TestServers.json;
import static io.sunco.oauth.testing.TestServers.take;
import static io.sunco.oauth.testing.TestServers.tokenInfoOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTimeoutException.Deadline;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import io.sunco.oauth.testing.ClientAgainstServer;
import io.sunco.oauth.testing.Ports;
import io.sunco.oauth.testing.TestServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/** Network faults on real loopback sockets; every test counts what reached the server. */
class FaultNetworkTest extends ClientAgainstServer {

  private static final AccessToken TOKEN = AccessToken.bearer("t");
  private static final Duration VERIFY = Duration.ofSeconds(15);

  private static MockResponse stalled() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  private static MockResponse closedAfterRequest() {
    return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
  }

  @Test
  void callWhenConnectionRefusedThenConnectFailedNotProcessed() throws IOException {
    int closedPort = Ports.unused();
    try (SunshineOAuthClient refused =
        TestServers.fastClientFor(server).baseUrl("http://127.0.0.1:" + closedPort).build()) {
      StepVerifier.create(refused.getToken("code-1"))
          .expectErrorSatisfies(
              e -> {
                SunshineTransportException t = (SunshineTransportException) e;
                assertThat(t.reason()).isEqualTo(Reason.CONNECT_FAILED);
                assertThat(t.requestMayHaveBeenProcessed()).isFalse();
                assertThat(t.getMessage()).contains("did not reach the server");
              })
          .verify(VERIFY);
    }
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void getTokenInfoWhenServerNeverAnswersThenRetriedUntilCallDeadline() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(stalled());
    }
    StepVerifier.create(client.getTokenInfo(TOKEN))
        .expectErrorSatisfies(
            e -> {
              SunshineTimeoutException t = (SunshineTimeoutException) e;
              assertThat(t.deadline()).isEqualTo(Deadline.ATTEMPT);
              assertThat(t.attempts()).isEqualTo(3);
            })
        .verify(VERIFY);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void getTokenWhenServerNeverAnswersThenOneAttemptAndCodeMaybeSpent() {
    server.enqueue(stalled());
    StepVerifier.create(client.getToken("code-1"))
        .expectErrorSatisfies(
            e -> {
              SunshineTimeoutException t = (SunshineTimeoutException) e;
              assertThat(t.deadline()).isEqualTo(Deadline.ATTEMPT);
              assertThat(t.requestMayHaveBeenProcessed()).isTrue();
              assertThat(t.getMessage())
                  .contains("authorization code may be spent")
                  .doesNotContain("code-1");
            })
        .verify(VERIFY);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void getTokenInfoWhenBodyDripsSlowlyThenAttemptDeadlineTrips() {
    // 200 bytes at one byte every 50 ms would take 10 s; a read timeout would never fire.
    String body = "{\"app\":{\"id\":\"a1\",\"pad\":\"" + "x".repeat(170) + "\"}}";
    MockResponse drip =
        new MockResponse.Builder()
            .code(200)
            .body(body)
            .throttleBody(1, 50, TimeUnit.MILLISECONDS)
            .build();
    server.enqueue(drip);
    SunshineOAuthClient once =
        client.newBuilder().retryPolicy(io.sunco.oauth.policy.RetryPolicy.none()).build();

    StepVerifier.create(once.getTokenInfo(TOKEN))
        .expectErrorSatisfies(
            e -> assertThat(((SunshineTimeoutException) e).deadline()).isEqualTo(Deadline.ATTEMPT))
        .verify(VERIFY);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void getTokenWhenConnectionClosesAfterRequestThenNotRetriedAndCodeMaybeSpent() {
    server.enqueue(closedAfterRequest());
    StepVerifier.create(client.getToken("code-1"))
        .expectErrorSatisfies(
            e -> {
              SunshineTransportException t = (SunshineTransportException) e;
              assertThat(t.reason()).isEqualTo(Reason.CLOSED_DURING_EXCHANGE);
              assertThat(t.requestMayHaveBeenProcessed()).isTrue();
              assertThat(t.getMessage()).contains("restart the authorization");
            })
        .verify(VERIFY);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void getTokenInfoWhenConnectionClosesAfterRequestThenRetried() {
    server.enqueue(closedAfterRequest());
    server.enqueue(tokenInfoOk());
    StepVerifier.create(client.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void revokeAccessWhenConnectionClosesMidBodyThenRetried() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("{\"padding\":\"" + "p".repeat(4000) + "\"}")
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());
    server.enqueue(json(200, "{}"));
    StepVerifier.create(client.revokeAccess(TOKEN)).verifyComplete();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void getTokenWhenConnectionClosesMidBodyThenNotRetried() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(fixture("token-success.json") + " ".repeat(4000))
            .onResponseBody(new SocketEffect.CloseSocket())
            .build());
    StepVerifier.create(client.getToken("code-1"))
        .expectErrorSatisfies(
            e -> assertThat(((SunshineOAuthException) e).requestMayHaveBeenProcessed()).isTrue())
        .verify(VERIFY);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void callWhenKeepAliveConnectionWentStaleThenNextCallUsesNewConnection() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(fixture("token-info-success.json"))
            .onResponseEnd(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(tokenInfoOk());

    Queue<Channel> connections = new ConcurrentLinkedQueue<>();
    ConnectionProvider pool = ConnectionProvider.create("stale", 1);
    try (SunshineOAuthClient watched =
        TestServers.fastClientFor(server)
            .httpClient(HttpClient.create(pool).doOnConnected(c -> connections.add(c.channel())))
            .build()) {
      StepVerifier.create(watched.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
      // Until the client has seen the server's close of the idle connection: an event, not a
      // time that a loaded machine may overrun.
      assertThat(connections.peek().closeFuture().await(VERIFY.toMillis())).isTrue();
      StepVerifier.create(watched.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
    } finally {
      pool.disposeLater().block(VERIFY);
    }

    assertThat(take(server).getConnectionIndex()).isZero();
    assertThat(take(server).getConnectionIndex()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void callWhenServerResetsConnectionOnAcceptThenTransportErrorNeverHang() throws Exception {
    try (ServerSocket rude = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Thread acceptor =
          new Thread(
              () -> {
                while (!rude.isClosed()) {
                  try (Socket socket = rude.accept()) {
                    socket.setSoLinger(true, 0); // close with RST before reading anything
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      try (SunshineOAuthClient c =
          TestServers.fastClientFor(server)
              .baseUrl("http://127.0.0.1:" + rude.getLocalPort())
              .build()) {
        StepVerifier.create(c.getToken("code-1"))
            .expectErrorSatisfies(
                e -> {
                  SunshineTransportException t = (SunshineTransportException) e;
                  assertThat(t.reason())
                      .isIn(
                          Reason.CLOSED_BEFORE_REQUEST,
                          Reason.CLOSED_DURING_EXCHANGE,
                          Reason.CONNECT_FAILED);
                  // The flag and the reason never contradict each other.
                  assertThat(t.requestMayHaveBeenProcessed())
                      .isEqualTo(t.reason() == Reason.CLOSED_DURING_EXCHANGE);
                })
            .verify(VERIFY);
      }
    }
  }
}
