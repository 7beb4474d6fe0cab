package io.sunco.oauth.redis;

import static io.sunco.oauth.redis.StoreErrors.failed;
import static io.sunco.oauth.redis.StoreErrors.timedOut;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Redis slow, stopped, restarted or answering with an error: every operation errors with a typed
 * {@link StoreUnavailableException} within its own deadline, nothing blocks, and a connection the
 * application passed in is never closed. Each test has its own redis-server.
 */
class RedisFailureTest extends WithAppRedis {

  private static final Duration SHORT = Duration.ofMillis(300);
  private static final String PASSWORD = "hunter2-must-not-show";

  private static PendingAuthorization data() {
    return PendingAuthorization.of("binding", Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Nested
  class Slow {

    @BeforeEach
    void pauseRedis() {
      // Redis holds every client's commands for 2 s: a slow Redis, as the application sees it.
      app.connect().sync().clientPause(2_000);
    }

    @Test
    void saveWhenRedisSlowerThanTheDeadlineThenTimedOut() {
      RedisPendingAuthorizationStore store =
          RedisPendingAuthorizationStore.builder(callers.reactive()).timeout(SHORT).build();

      StepVerifier.create(store.save("s", data()))
          .expectErrorSatisfies(timedOut(Operation.SAVE, SHORT))
          .verify();
    }

    @Test
    void consumeWhenRedisSlowerThanTheDeadlineThenTimedOut() {
      RedisPendingAuthorizationStore store =
          RedisPendingAuthorizationStore.builder(callers.reactive()).timeout(SHORT).build();

      StepVerifier.create(store.consume("s").subscribeOn(Schedulers.parallel()))
          .expectErrorSatisfies(timedOut(Operation.CONSUME, SHORT))
          .verify();
    }

    @Test
    void markUsedWhenRedisSlowerThanTheDeadlineThenTimedOut() {
      RedisReplayGuard guard = RedisReplayGuard.builder(callers.reactive()).timeout(SHORT).build();

      StepVerifier.create(guard.markUsed("k", Instant.now()).subscribeOn(Schedulers.parallel()))
          .expectErrorSatisfies(timedOut(Operation.MARK_USED, SHORT))
          .verify();
    }
  }

  @Nested
  class Stopped {

    @Test
    void consumeWhenStoppedAndTheCallersConnectionWaitsForReconnectThenTimedOut() {
      RedisPendingAuthorizationStore store =
          RedisPendingAuthorizationStore.builder(callers.reactive()).timeout(SHORT).build();
      store.save("s", data()).block();
      server.stop();

      StepVerifier.create(store.consume("s").subscribeOn(Schedulers.parallel()))
          .expectErrorSatisfies(timedOut(Operation.CONSUME, SHORT))
          .verify();
    }

    @Test
    void everyOperationWhenStoppedAndOwnedConnectionThenFailsAtOnceNotAtTheDeadline() {
      try (RedisStoreConnection redis = RedisStoreConnection.connect(server.uri())) {
        RedisPendingAuthorizationStore store =
            RedisPendingAuthorizationStore.create(redis.commands());
        RedisReplayGuard guard = RedisReplayGuard.create(redis.commands());
        server.stop();

        // The owned connection rejects commands while disconnected: no deadline, a Lettuce cause.
        StepVerifier.create(store.save("s", data()).subscribeOn(Schedulers.parallel()))
            .expectErrorSatisfies(failed(Operation.SAVE, RedisException.class))
            .verify();
        StepVerifier.create(store.consume("s").subscribeOn(Schedulers.parallel()))
            .expectErrorSatisfies(failed(Operation.CONSUME, RedisException.class))
            .verify();
        StepVerifier.create(guard.markUsed("k", Instant.now()).subscribeOn(Schedulers.parallel()))
            .expectErrorSatisfies(failed(Operation.MARK_USED, RedisException.class))
            .verify();
      }
    }

    @Test
    void consumeWhenRedisRestartedEmptyThenPendingStatesAreUnknownAndTheStoreWorksAgain() {
      RedisPendingAuthorizationStore store =
          RedisPendingAuthorizationStore.builder(callers.reactive())
              .timeout(Duration.ofSeconds(30))
              .build();
      store.save("before", data()).then(store.consume("before")).block();
      store.save("pending", data()).block();
      server.restart();

      // No persistence: the pending state is gone, and Redis forgot the consume script.
      StepVerifier.create(store.consume("pending")).verifyComplete();
      StepVerifier.create(store.save("after", data()).then(store.consume("after")))
          .expectNext(data())
          .verifyComplete();
      // The application's connection came back by itself, open: the store never closes it.
      assertThat(callers.isOpen()).isTrue();
      assertThat(callers.sync().ping()).isEqualTo("PONG");
    }
  }

  @Nested
  class ServerErrors {

    @Test
    void consumeWhenRedisAnswersWithAnErrorThenStateStoreUnavailableWithItAsCause()
        throws Exception {
      RedisPendingAuthorizationStore store =
          RedisPendingAuthorizationStore.create(callers.reactive());
      // Someone else's hash under the state's key: Redis refuses GET with WRONGTYPE.
      byte[] key = RedisPendingAuthorizationStoreTest.keyOf(store.prefix(), "s");
      callers
          .sync()
          .hset(
              key,
              "field".getBytes(StandardCharsets.US_ASCII),
              "x".getBytes(StandardCharsets.US_ASCII));

      StepVerifier.create(store.consume("s"))
          .expectErrorSatisfies(failed(Operation.CONSUME, RedisCommandExecutionException.class))
          .verify();
      assertThat(callers.isOpen()).isTrue();
    }
  }

  @Nested
  class OwnedConnection {

    @Test
    void connectWhenNothingListensThenStateStoreUnavailableOfConnect() {
      server.stop();

      assertThatThrownBy(() -> RedisStoreConnection.connect(server.uri()))
          .satisfies(failed(Operation.CONNECT, RedisConnectionException.class)::accept);
    }

    @Test
    void connectWhenPasswordRightThenWorksAndToStringShowsHostAndPortOnly() {
      try (RedisServer locked = RedisServer.start("--requirepass", PASSWORD);
          RedisStoreConnection redis =
              RedisStoreConnection.connect("redis://" + PASSWORD + "@127.0.0.1:" + locked.port())) {
        RedisPendingAuthorizationStore store =
            RedisPendingAuthorizationStore.create(redis.commands());

        StepVerifier.create(store.save("s", data()).then(store.consume("s")))
            .expectNext(data())
            .verifyComplete();
        assertThat(redis).hasToString("RedisStoreConnection[127.0.0.1:" + locked.port() + "]");
      }
    }

    @Test
    void connectWhenPasswordWrongThenNoMessageInTheChainShowsIt() {
      try (RedisServer locked = RedisServer.start("--requirepass", "the-right-one")) {
        String uri = "redis://" + PASSWORD + "@127.0.0.1:" + locked.port();

        assertThatThrownBy(() -> RedisStoreConnection.connect(uri))
            .isInstanceOf(StoreUnavailableException.class)
            .satisfies(
                error -> {
                  for (Throwable t = error; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(PASSWORD);
                  }
                });
      }
    }

    @Test
    void connectWhenNotARedisUriThenIllegalArgumentWithoutTheUri() {
      assertThatThrownBy(() -> RedisStoreConnection.connect("http://user:" + PASSWORD + "@host"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasNoCause()
          .message()
          .doesNotContain(PASSWORD);
      assertThatThrownBy(() -> RedisStoreConnection.connect((String) null))
          .isInstanceOf(NullPointerException.class);
    }

    @Test
    void closeWhenCalledThenCommandsFailAndClosingAgainDoesNothing() {
      RedisStoreConnection redis = RedisStoreConnection.connect(server.uri());
      RedisPendingAuthorizationStore store =
          RedisPendingAuthorizationStore.create(redis.commands());

      redis.close();
      redis.close();
      StepVerifier.create(redis.closeLater()).verifyComplete();

      assertThat(redis.isClosed()).isTrue();
      assertThat(redis)
          .hasToString("RedisStoreConnection[127.0.0.1:" + server.port() + ", closed]");
      StepVerifier.create(store.save("s", data()))
          .expectErrorSatisfies(failed(Operation.SAVE, Throwable.class))
          .verify();
    }

    @Test
    void closeLaterWhenSubscribedThenClosesWithoutBlocking() {
      RedisStoreConnection redis = RedisStoreConnection.connect(server.uri());

      StepVerifier.create(Mono.defer(redis::closeLater).subscribeOn(Schedulers.parallel()))
          .verifyComplete();
      assertThat(redis.isClosed()).isTrue();
    }
  }
}
