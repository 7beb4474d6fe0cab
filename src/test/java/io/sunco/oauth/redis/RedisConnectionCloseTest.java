package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * {@link RedisStoreConnection#close()}, the blocking close an application calls at shutdown: the
 * commands error afterwards, and a second call does nothing. A real redis-server; no timing
 * involved, so mutation testing runs it.
 */
class RedisConnectionCloseTest {

  @Test
  void closeWhenOpenThenCommandsErrorAndASecondCloseDoesNothing() {
    RedisServer.require();
    try (RedisServer server = RedisServer.start()) {
      RedisStoreConnection redis = RedisStoreConnection.connect(server.uri());
      StepVerifier.create(redis.commands().ping()).expectNext("PONG").verifyComplete();

      redis.close();

      assertThat(redis.isClosed()).isTrue();
      StepVerifier.create(redis.commands().ping())
          .as("the connection is closed")
          .expectError()
          .verify(Duration.ofSeconds(10));
      assertThatNoException().as("the second close").isThrownBy(redis::close);
    }
  }
}
