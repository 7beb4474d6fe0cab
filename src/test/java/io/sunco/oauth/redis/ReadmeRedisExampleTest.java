package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.callback.AuthorizationCallbackException;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.BlockingHttp;
import io.sunco.oauth.testing.StartRoute;
import io.sunco.oauth.webflux.ConnectedApp;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import io.sunco.oauth.webflux.TokenSink;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The README's "Running more than one instance" blocks, each compiled in a method that gives it the
 * variables it uses and run against a real {@code redis-server}.
 */
class ReadmeRedisExampleTest {

  private static final PendingAuthorization DATA =
      PendingAuthorization.of("browser-nonce", Instant.now());

  @RegisterExtension static final SharedRedis harness = new SharedRedis();

  private static PendingAuthorizationStore ownConnection(
      RedisClient redisClient, List<AutoCloseable> toClose) {
    // tag::readme-redis-own-connection[]
    // Your own Lettuce connection, with a byte-array codec (never closed by this library):
    StatefulRedisConnection<byte[], byte[]> redis = redisClient.connect(ByteArrayCodec.INSTANCE);
    PendingAuthorizationStore store = RedisPendingAuthorizationStore.create(redis.reactive());
    // end::readme-redis-own-connection[]
    toClose.add(redis);
    return store;
  }

  private static PendingAuthorizationStore fromUri(String redisUri, List<AutoCloseable> toClose) {
    // tag::readme-redis-from-uri[]
    // Or one made from a URI, which you close at shutdown (it owns its client):
    RedisStoreConnection redis = RedisStoreConnection.connect(redisUri); // "redis://host:6379"
    PendingAuthorizationStore store =
        RedisPendingAuthorizationStore.builder(redis.commands())
            .prefix("myapp:oauth-state:") // default "sunco-oauth:state:"
            .ttl(Duration.ofMinutes(10)) // default 10 min; keep the cookie's max age equal
            .timeout(Duration.ofSeconds(2)) // default 2 s: the deadline of each Redis command
            .build();
    // end::readme-redis-from-uri[]
    toClose.add(redis);
    return store;
  }

  private static SunshineOAuthRoutes routes(
      SunshineOAuthClient client,
      String redirectUri,
      TokenSink sink,
      PendingAuthorizationStore store) {
    // tag::readme-redis-routes[]
    SunshineOAuthRoutes routes =
        SunshineOAuthRoutes.builder()
            .client(client)
            .redirectUri(redirectUri)
            .sink(sink)
            .stateStore(store)
            .build();

    // Or signed states (nothing stored per flow) with a shared replay guard:
    //   .signedStates(SignedStateCodec.create(keyFromVault),
    //       RedisReplayGuard.create(redis.commands()))
    // end::readme-redis-routes[]
    return routes;
  }

  private static void closeAll(List<AutoCloseable> toClose) throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  @Test
  void ownConnectionWhenStateSavedThenInRedisAndConsumedOnce() throws Exception {
    RedisClient redisClient = RedisClient.create(harness.server().redisUri());
    List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    try {
      PendingAuthorizationStore store = ownConnection(redisClient, toClose);

      store.save("state-1", DATA).block();
      assertThat(
              harness
                  .admin()
                  .exists(
                      RedisPendingAuthorizationStoreTest.keyOf(
                          RedisPendingAuthorizationStore.DEFAULT_PREFIX, "state-1")))
          .isEqualTo(1L);
      assertThat(store.consume("state-1").block()).isEqualTo(DATA);
      StepVerifier.create(store.consume("state-1"))
          .expectErrorSatisfies(
              e ->
                  assertThat(((AuthorizationCallbackException) e).reason())
                      .isEqualTo(AuthorizationCallbackException.Reason.REPLAYED_STATE))
          .verify();
    } finally {
      closeAll(toClose);
      redisClient.shutdown();
    }
  }

  @Test
  void fromUriWhenStateSavedThenKeyHasThePrefixAndTwiceTheTtl() throws Exception {
    List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    try {
      PendingAuthorizationStore store = fromUri(harness.server().uri(), toClose);

      store.save("state-2", DATA).block();

      byte[] key = RedisPendingAuthorizationStoreTest.keyOf("myapp:oauth-state:", "state-2");
      assertThat(harness.admin().pttl(key))
          .isBetween(Duration.ofMinutes(19).toMillis(), Duration.ofMinutes(20).toMillis());
      assertThat(store.consume("state-2").block()).isEqualTo(DATA);
    } finally {
      closeAll(toClose);
    }
  }

  @Test
  void routesWhenFlowRunsThenStateKeptInRedisAndTokenHandedToTheSink() throws Exception {
    List<AutoCloseable> toClose = new CopyOnWriteArrayList<>();
    List<ConnectedApp> connected = new CopyOnWriteArrayList<>();
    try (SunshineOAuthEmulator emulator =
            SunshineOAuthEmulator.start(
                io.sunco.oauth.emulator.Integration.of(
                    TwoInstances.CLIENT_ID, TwoInstances.CLIENT_SECRET, TwoInstances.REDIRECT_URI),
                TwoInstances.APP);
        SunshineOAuthClient client =
            SunshineOAuthClient.builder()
                .clientId(TwoInstances.CLIENT_ID)
                .clientSecret(TwoInstances.CLIENT_SECRET)
                .baseUrl(emulator.baseUrl())
                .build()) {
      PendingAuthorizationStore store = fromUri(harness.server().uri(), toClose);
      SunshineOAuthRoutes routes =
          routes(
              client,
              TwoInstances.REDIRECT_URI,
              app -> Mono.fromRunnable(() -> connected.add(app)),
              store);
      WebTestClient browser =
          WebTestClient.bindToRouterFunction(routes.routerFunction())
              .configureClient()
              .responseTimeout(Duration.ofSeconds(20))
              .build();

      EntityExchangeResult<byte[]> started = StartRoute.redirected(browser);
      assertThat(harness.keys())
          .singleElement()
          .satisfies(k -> assertThat(new String(k)).startsWith("myapp:oauth-state:"));
      ResponseCookie cookie =
          started.getResponseCookies().getFirst(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME);
      URI back =
          URI.create(
              BlockingHttp.location(
                  BlockingHttp.get(started.getResponseHeaders().getLocation().toString())));
      browser
          .get()
          .uri(back.getRawPath() + "?" + back.getRawQuery())
          .cookie(cookie.getName(), cookie.getValue())
          .exchange()
          .expectStatus()
          .isSeeOther()
          .expectBody()
          .returnResult();

      assertThat(connected)
          .singleElement()
          .satisfies(app -> assertThat(app.app().appId()).isEqualTo(TwoInstances.APP.id()));
    } finally {
      closeAll(toClose);
    }
  }
}
