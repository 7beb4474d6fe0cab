package io.sunco.oauth.redis;

import static io.sunco.oauth.redis.TwoInstances.body;
import static io.sunco.oauth.redis.TwoInstances.callback;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.callback.SignedStateCodec;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * Two instances, one Redis, signed states: both instances hold the same signing key, and each its
 * own {@link RedisReplayGuard} on its own connection to the shared Redis. A flow started on one
 * instance completes on the other, once; the guard refuses the replay wherever it lands.
 */
class TwoInstancesSignedStatesTest {

  private RedisServer redis;
  private RedisStoreConnection redisOfA;
  private RedisStoreConnection redisOfB;
  private TwoInstances app;

  @BeforeEach
  void setUp() {
    RedisServer.require();
    redis = RedisServer.start();
    redisOfA = RedisStoreConnection.connect(redis.uri());
    redisOfB = RedisStoreConnection.connect(redis.uri());
    byte[] sharedKey = new byte[32];
    new SecureRandom().nextBytes(sharedKey);
    app =
        new TwoInstances(
            routes ->
                routes.signedStates(
                    SignedStateCodec.create(sharedKey),
                    RedisReplayGuard.create(redisOfA.commands())),
            routes ->
                routes.signedStates(
                    SignedStateCodec.create(sharedKey),
                    RedisReplayGuard.create(redisOfB.commands())));
  }

  @AfterEach
  void tearDown() {
    if (app != null) {
      app.close();
    }
    for (RedisStoreConnection connection : new RedisStoreConnection[] {redisOfA, redisOfB}) {
      if (connection != null) {
        connection.close();
      }
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void callbackWhenStartedOnAAndBackOnBThenConnectedOnce() {
    TwoInstances.Flow flow = app.startAndConsent(app.a);

    callback(app.b, flow)
        .expectStatus()
        .isSeeOther()
        .expectHeader()
        .location("/connected")
        .expectBody()
        .returnResult(); // read the body: an unread one would never be released

    assertThat(app.connected).hasSize(1);
    assertThat(app.tokenRequests()).isEqualTo(1);
  }

  @Test
  void callbackWhenReplayedOnAOrOnBThenRefusedAndNoSecondExchange() {
    TwoInstances.Flow flow = app.startAndConsent(app.b);
    callback(app.a, flow)
        .expectStatus()
        .isSeeOther()
        .expectBody()
        .returnResult(); // read the body: an unread one would never be released

    callback(app.a, flow)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .returnResult(); // read the body: an unread one would never be released
    callback(app.b, flow)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .returnResult(); // read the body: an unread one would never be released

    assertThat(app.connected).hasSize(1);
    assertThat(app.tokenRequests()).isEqualTo(1);
  }

  @Test
  void callbackWhenRedisStopsMidFlowThen503AndNoToken() {
    TwoInstances.Flow flow = app.startAndConsent(app.a);
    redis.stop();

    EntityExchangeResult<byte[]> result =
        callback(app.b, flow).expectStatus().isEqualTo(503).expectBody().returnResult();

    assertThat(body(result)).contains("The authorization is unavailable right now");
    assertThat(app.tokenRequests()).as("no POST /oauth/token").isZero();
    assertThat(app.connected).isEmpty();
  }
}
