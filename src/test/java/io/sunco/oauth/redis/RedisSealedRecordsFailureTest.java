package io.sunco.oauth.redis;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import io.sunco.oauth.store.SealedRecord;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Redis slow, stopped or answering with an error: every call of {@link RedisSealedRecords} errors
 * with a {@link StoreUnavailableException} at its command's deadline, or at once when the
 * connection rejects commands, and a connection the application passed in is never closed; a
 * subscriber slower than the deadline is not a slow Redis. Each test has its own redis-server.
 */
class RedisSealedRecordsFailureTest {

  private static final Duration SHORT = Duration.ofMillis(300);
  private static final String CLIENT = RedisSealedRecordsTest.CLIENT;
  private static final String APP = RedisSealedRecordsTest.APP;

  private RedisServer server;
  private RedisClient client;
  private StatefulRedisConnection<byte[], byte[]> callers;
  private @Nullable StatefulRedisConnection<byte[], byte[]> pauser;

  @BeforeEach
  void setUp() {
    RedisServer.require();
    server = RedisServer.start();
    // The application's own connection, with Lettuce's defaults: commands wait for a reconnect.
    client = RedisClient.create(server.redisUri());
    callers = client.connect(ByteArrayCodec.INSTANCE);
  }

  @AfterEach
  void tearDown() {
    // Connections first, as in RedisFailureTest: no reconnect is half-way through at shutdown.
    if (callers != null) {
      callers.close();
    }
    if (pauser != null) {
      pauser.close();
    }
    if (client != null) {
      client.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  private static SealedRecord record() {
    return RedisSealedRecordsTest.record(APP, Map.of("user", "u1"));
  }

  private static Consumer<Throwable> timedOut(Operation operation, Duration deadline) {
    return error ->
        assertThat(error)
            .isInstanceOfSatisfying(
                StoreUnavailableException.class,
                e -> {
                  assertThat(e.operation()).isEqualTo(operation);
                  assertThat(e.deadline()).contains(deadline);
                });
  }

  private static Consumer<Throwable> failed(Operation operation, Class<?> cause) {
    return error ->
        assertThat(error)
            .isInstanceOfSatisfying(
                StoreUnavailableException.class,
                e -> {
                  assertThat(e.operation()).isEqualTo(operation);
                  assertThat(e.deadline()).isEmpty();
                  assertThat(e.getCause()).isInstanceOf(cause);
                });
  }

  @Nested
  class Slow {

    @BeforeEach
    void pauseRedis() {
      // Redis holds every client's commands for 10 s: a Redis slower than the 300 ms deadline of
      // each of the calls below, one after the other.
      pauser = client.connect(ByteArrayCodec.INSTANCE);
      pauser.sync().clientPause(10_000);
    }

    @Test
    void everyCallWhenRedisSlowerThanTheDeadlineThenTimedOutWithIt() {
      RedisSealedRecords records =
          RedisSealedRecords.builder(callers.reactive()).timeout(SHORT).build();
      SealedRecord seen = record().withRevision(1);

      StepVerifier.create(records.upsert(record()).subscribeOn(Schedulers.parallel()))
          .expectErrorSatisfies(timedOut(Operation.SAVE, SHORT))
          .verify();
      StepVerifier.create(records.find(CLIENT, APP))
          .expectErrorSatisfies(timedOut(Operation.CONNECT, SHORT))
          .verify();
      StepVerifier.create(records.list(CLIENT))
          .expectErrorSatisfies(timedOut(Operation.CONNECT, SHORT))
          .verify();
      StepVerifier.create(records.findByAttribute(CLIENT, "user", "u1"))
          .expectErrorSatisfies(timedOut(Operation.CONNECT, SHORT))
          .verify();
      StepVerifier.create(records.replaceIfUnchanged(seen, record()))
          .expectErrorSatisfies(timedOut(Operation.SAVE, SHORT))
          .verify();
      StepVerifier.create(records.deleteIfUnchanged(seen))
          .expectErrorSatisfies(timedOut(Operation.SAVE, SHORT))
          .verify();
      StepVerifier.create(records.delete(CLIENT, APP))
          .expectErrorSatisfies(timedOut(Operation.SAVE, SHORT))
          .verify();
    }
  }

  @Nested
  class Stopped {

    @Test
    void findAndListWhenStoppedAndTheCallersConnectionWaitsForReconnectThenTimedOut() {
      RedisSealedRecords records =
          RedisSealedRecords.builder(callers.reactive()).timeout(SHORT).build();
      records.upsert(record()).block();
      server.stop();

      StepVerifier.create(records.find(CLIENT, APP).subscribeOn(Schedulers.parallel()))
          .expectErrorSatisfies(timedOut(Operation.CONNECT, SHORT))
          .verify();
      StepVerifier.create(records.list(CLIENT).subscribeOn(Schedulers.parallel()))
          .expectErrorSatisfies(timedOut(Operation.CONNECT, SHORT))
          .verify();
    }

    @Test
    void everyCallWhenStoppedAndOwnedConnectionThenFailsAtOnceNotAtTheDeadline() {
      try (RedisStoreConnection redis = RedisStoreConnection.connect(server.uri())) {
        RedisSealedRecords records = RedisSealedRecords.create(redis.commands());
        server.stop();

        // The owned connection rejects commands while disconnected: no deadline, a Lettuce cause.
        StepVerifier.create(records.upsert(record()))
            .expectErrorSatisfies(failed(Operation.SAVE, RedisException.class))
            .verify();
        StepVerifier.create(records.find(CLIENT, APP))
            .expectErrorSatisfies(failed(Operation.CONNECT, RedisException.class))
            .verify();
        StepVerifier.create(records.list(CLIENT))
            .expectErrorSatisfies(failed(Operation.CONNECT, RedisException.class))
            .verify();
        StepVerifier.create(records.delete(CLIENT, APP))
            .expectErrorSatisfies(failed(Operation.SAVE, RedisException.class))
            .verify();
      }
    }
  }

  @Nested
  class ServerErrors {

    @Test
    void listWhenTheAppSetKeyHoldsAnotherTypeThenFailedWithRedisErrorAndConnectionStaysOpen() {
      RedisSealedRecords records = RedisSealedRecords.create(callers.reactive());
      // Someone else's string under the app set's key: Redis refuses SSCAN with WRONGTYPE.
      byte[] apps = new RecordKeys(records.prefix()).client(CLIENT).apps();
      callers.sync().set(apps, "x".getBytes(US_ASCII));

      StepVerifier.create(records.list(CLIENT))
          .expectErrorSatisfies(failed(Operation.CONNECT, RedisCommandExecutionException.class))
          .verify();
      StepVerifier.create(records.upsert(record()))
          .expectErrorSatisfies(failed(Operation.SAVE, RedisCommandExecutionException.class))
          .verify();
      assertThat(callers.isOpen()).isTrue();
    }
  }

  @Nested
  class SlowSubscriber {

    @Test
    void listWhenTheSubscriberWaitsLongerThanTheDeadlineBetweenRequestsThenNoTimeout() {
      // A deadline shorter than the subscriber's pause, long enough for a real command on a
      // loaded machine; the pause is the condition under test, not a wait for an outcome.
      Duration deadline = Duration.ofSeconds(1);
      RedisSealedRecords records =
          RedisSealedRecords.builder(callers.reactive()).timeout(deadline).build();
      int count = 3 * RedisSealedRecords.SCAN_COUNT;
      Flux.range(0, count)
          .flatMap(
              i ->
                  records.upsert(RedisSealedRecordsTest.record("app-" + i, Map.of("user", "u"))),
              16)
          .blockLast(Duration.ofSeconds(30));

      StepVerifier.create(records.list(CLIENT), 1)
          .expectNextCount(1)
          .thenAwait(deadline.multipliedBy(3))
          .thenRequest(1)
          .expectNextCount(1)
          .thenAwait(deadline.multipliedBy(2))
          .thenRequest(Long.MAX_VALUE)
          .expectNextCount(count - 2)
          .expectComplete()
          .verify(Duration.ofSeconds(30));
    }
  }
}
