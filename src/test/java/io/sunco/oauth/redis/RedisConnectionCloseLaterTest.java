package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link RedisStoreConnection#closeLater()} closes once, on subscription, whichever subscription
 * comes first; what the connection says of itself ({@code isClosed}, {@code toString}) follows. A
 * real redis-server; no timing involved, so mutation testing runs it (the closing tests of {@code
 * RedisFailureTest} share a class with its timing tests, which it leaves out).
 */
class RedisConnectionCloseLaterTest {

  @Test
  void closeLaterWhenNotSubscribedThenOpenAndWhenSubscribedThenClosedOnce() {
    RedisServer.require();
    try (RedisServer server = RedisServer.start();
        RedisStoreConnection redis = RedisStoreConnection.connect(server.uri())) {
      Mono<Void> closing = redis.closeLater();

      assertThat(redis.isClosed()).as("nothing happens before subscription").isFalse();
      assertThat(redis).hasToString("RedisStoreConnection[127.0.0.1:" + server.port() + "]");
      StepVerifier.create(redis.commands().ping()).expectNext("PONG").verifyComplete();
      StepVerifier.create(closing).verifyComplete();
      StepVerifier.create(redis.commands().ping())
          .as("the connection is closed")
          .expectError()
          .verify(Duration.ofSeconds(10));
      StepVerifier.create(redis.closeLater())
          .as("the second one has nothing to do")
          .verifyComplete();

      assertThat(redis.isClosed()).isTrue();
      assertThat(redis)
          .hasToString("RedisStoreConnection[127.0.0.1:" + server.port() + ", closed]");
    }
  }
}
