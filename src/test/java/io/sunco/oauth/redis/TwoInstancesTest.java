package io.sunco.oauth.redis;

import static io.sunco.oauth.redis.TwoInstances.body;
import static io.sunco.oauth.redis.TwoInstances.callback;
import static io.sunco.oauth.redis.TwoInstances.callbackAnswered;
import static io.sunco.oauth.redis.TwoInstances.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sunco.oauth.callback.SignedStateCodec;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Two instances, one Redis, once with each way of keeping a flow: pending authorizations in {@link
 * RedisPendingAuthorizationStore}, or signed states (both instances hold the same signing key) with
 * a {@link RedisReplayGuard}. A flow started on one instance completes on the other, once. Instance
 * A has a connection made by {@link RedisStoreConnection} (commands fail at once while Redis is
 * down); instance B has the application's own Lettuce connection (commands wait for a reconnect, so
 * the command deadline ends them).
 */
@ParameterizedClass
@EnumSource(TwoInstancesTest.Keeping.class)
class TwoInstancesTest {

  /** How both instances keep a flow between its start and its callback. */
  enum Keeping {
    STORE(
        (commands, timeout, key) ->
            routes ->
                routes.stateStore(
                    RedisPendingAuthorizationStore.builder(commands).timeout(timeout).build())),
    SIGNED(
        (commands, timeout, key) ->
            routes ->
                routes.signedStates(
                    SignedStateCodec.create(key),
                    RedisReplayGuard.builder(commands).timeout(timeout).build()));

    /** The routes' set-up for one instance, on its connection, with the shared signing key. */
    interface Routes {
      UnaryOperator<SunshineOAuthRoutes.Builder> on(
          RedisClusterReactiveCommands<byte[], byte[]> commands, Duration timeout, byte[] key);
    }

    final Routes routes;

    Keeping(Routes routes) {
      this.routes = routes;
    }
  }

  private static final String UNAVAILABLE = "The authorization is unavailable right now";

  @Parameter Keeping keeping;

  private RedisServer redis;
  private RedisStoreConnection redisOfA;
  private RedisClient lettuceOfB;
  private StatefulRedisConnection<byte[], byte[]> connectionOfB;
  private TwoInstances app;

  @BeforeEach
  void setUp() {
    RedisServer.require();
    redis = RedisServer.start();
    redisOfA = RedisStoreConnection.connect(redis.uri());
    lettuceOfB = RedisClient.create(redis.redisUri());
    connectionOfB = lettuceOfB.connect(ByteArrayCodec.INSTANCE);
    byte[] sharedKey = new byte[32];
    new SecureRandom().nextBytes(sharedKey);
    app =
        new TwoInstances(
            keeping.routes.on(redisOfA.commands(), RedisReplayGuard.DEFAULT_TIMEOUT, sharedKey),
            keeping.routes.on(connectionOfB.reactive(), Duration.ofMillis(500), sharedKey));
  }

  @AfterEach
  void tearDown() {
    if (app != null) {
      app.close();
    }
    if (redisOfA != null) {
      redisOfA.close();
    }
    if (connectionOfB != null) {
      connectionOfB.close(); // first: it ends the reconnect loop (see RedisFailureTest)
    }
    if (lettuceOfB != null) {
      lettuceOfB.shutdown();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void callbackWhenStartedOnAAndBackOnBThenConnectedOnce() {
    TwoInstances.Flow flow = app.startAndConsent(app.a);

    EntityExchangeResult<byte[]> answer = callbackAnswered(app.b, flow, 303);

    assertThat(answer.getResponseHeaders().getFirst("Location")).isEqualTo("/connected");
    assertThat(app.connected)
        .singleElement()
        .satisfies(
            connected -> assertThat(connected.app().appId()).isEqualTo(TwoInstances.APP.id()));
    assertThat(app.tokenRequests()).isEqualTo(1);
  }

  @Test
  void callbackWhenReplayedOnAOrOnBThenRefusedAndNoSecondExchange() {
    TwoInstances.Flow flow = app.startAndConsent(app.a);
    callbackAnswered(app.b, flow, 303);

    callbackAnswered(app.a, flow, 400);
    callbackAnswered(app.b, flow, 400);

    assertThat(app.connected).hasSize(1);
    assertThat(app.tokenRequests()).isEqualTo(1);
  }

  @Test
  void callbackWhenSentToAAndBAtTheSameTimeThenExactlyOneConnects() throws Exception {
    // Two threads of its own: the common pool may have a single thread (or busy ones), and then
    // the second callback would wait for the first, which waits at the barrier for the second.
    ExecutorService browsers = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 5; round++) {
        sendBothAtOnce(round, browsers);
      }
    } finally {
      browsers.shutdownNow();
    }
    assertThat(app.connected).hasSize(5);
    assertThat(app.tokenRequests()).isEqualTo(5);
  }

  private void sendBothAtOnce(int round, ExecutorService browsers) throws Exception {
    TwoInstances.Flow flow = app.startAndConsent(round % 2 == 0 ? app.a : app.b);
    CyclicBarrier together = new CyclicBarrier(2);
    List<CompletableFuture<Integer>> statuses =
        List.of(app.a, app.b).stream()
            .map(
                instance ->
                    CompletableFuture.supplyAsync(
                        () -> {
                          try {
                            together.await(5, TimeUnit.SECONDS);
                          } catch (Exception e) {
                            throw new IllegalStateException(e);
                          }
                          return callback(instance, flow)
                              .expectBody()
                              .returnResult()
                              .getStatus()
                              .value();
                        },
                        browsers))
            .toList();

    List<Integer> answered =
        List.of(
            statuses.get(0).get(20, TimeUnit.SECONDS), statuses.get(1).get(20, TimeUnit.SECONDS));
    assertThat(answered).containsExactlyInAnyOrder(303, 400);
  }

  @Test
  void callbackWhenRedisStopsMidFlowThen503OnBothInstancesAndNoToken() {
    TwoInstances.Flow flow = app.startAndConsent(app.a);
    redis.stop();

    EntityExchangeResult<byte[]> onB = callbackAnswered(app.b, flow, 503);
    EntityExchangeResult<byte[]> onA = callbackAnswered(app.a, flow, 503);

    assertThat(body(onB)).contains(UNAVAILABLE).doesNotContain(flow.state());
    assertThat(body(onA)).contains(UNAVAILABLE).doesNotContain(flow.state());
    assertThat(app.tokenRequests()).as("no POST /oauth/token").isZero();
    assertThat(app.connected).isEmpty();
  }

  @Test
  void startWhenRedisDownThen503WithoutCookieForStoredStatesAndARedirectForSignedOnes() {
    redis.stop();

    for (TwoInstances.Instance instance : List.of(app.a, app.b)) {
      if (keeping == Keeping.STORE) {
        EntityExchangeResult<byte[]> result =
            start(instance).expectStatus().isEqualTo(503).expectBody().returnResult();
        assertThat(body(result)).contains(UNAVAILABLE);
        assertThat(result.getResponseCookies()).isEmpty();
      } else {
        // A signed state is made without Redis: only its callback needs the replay guard.
        EntityExchangeResult<byte[]> result =
            start(instance).expectStatus().isFound().expectBody().returnResult();
        assertThat(result.getResponseCookies())
            .containsKey(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME);
      }
    }
    assertThat(app.emulator.requestCount()).isZero();
  }
}
