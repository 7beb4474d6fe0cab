package io.sunco.oauth.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.ConcurrentCalls;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** A bounded load test: 10,000 concurrent calls through a small pool against a loopback stub. */
class FaultLoadTest {

  private static final int CALLS = 10_000;
  private static final int POOL = 8;
  private static final int QUEUE = 1_000;

  @Test
  void
      getTokenInfoWhen10000ConcurrentCallsThenEachCompletesOrFailsWithPoolErrorAndPoolBoundHolds() {
    AtomicInteger open = new AtomicInteger();
    AtomicInteger maxOpen = new AtomicInteger();
    AtomicInteger requests = new AtomicInteger();
    DisposableServer stub =
        HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            // Counted per TCP connection (doOnConnection would count requests on keep-alive).
            .doOnChannelInit(
                (observer, channel, remoteAddress) -> {
                  maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                  channel.closeFuture().addListener(closed -> open.decrementAndGet());
                })
            .route(
                routes ->
                    routes.get(
                        "/v2/tokenInfo",
                        (request, response) -> {
                          requests.incrementAndGet();
                          return response
                              .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                              .sendString(
                                  Mono.just("{\"app\":{\"id\":\"app-1\",\"subdomain\":\"acme\"}}"));
                        }))
            .bindNow();
    try (SunshineOAuthClient client =
        SunshineOAuthClient.builder()
            .clientId("cid")
            .baseUrl("http://127.0.0.1:" + stub.port())
            .pool(
                PoolSettings.defaults()
                    .withMaxConnections(POOL)
                    .withMaxPendingAcquires(QUEUE)
                    .withAcquireTimeout(Duration.ofSeconds(60)))
            .retryPolicy(RetryPolicy.none())
            .timeouts(
                Timeouts.defaults()
                    .withAttempt(Duration.ofSeconds(60))
                    .withCall(Duration.ofSeconds(60)))
            .build()) {
      List<Object> outcomes =
          ConcurrentCalls.tokenInfoOutcomes(
              client, AccessToken.bearer("t"), CALLS, Duration.ofSeconds(120));

      assertThat(outcomes).hasSize(CALLS);
      long succeeded = outcomes.stream().filter(TokenInfo.class::isInstance).count();
      assertThat(outcomes)
          .allSatisfy(
              outcome -> {
                if (!(outcome instanceof TokenInfo)) {
                  assertThat(outcome).isInstanceOf(SunshineTransportException.class);
                  assertThat(((SunshineTransportException) outcome).reason())
                      .isEqualTo(Reason.POOL_EXHAUSTED);
                }
              });
      // Every call that got into the pool or its queue completed; the rest failed at once.
      assertThat(succeeded).isGreaterThanOrEqualTo(QUEUE);
      assertThat(requests.get()).isEqualTo((int) succeeded);
    } finally {
      stub.disposeNow();
    }
    assertThat(maxOpen.get()).isBetween(1, POOL);
  }
}
