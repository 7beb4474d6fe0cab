package io.sunco.oauth.redis;

import static io.sunco.oauth.redis.StoreErrors.failed;
import static io.sunco.oauth.redis.StoreErrors.timedOut;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import io.sunco.oauth.store.SealedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Redis not answering, stopped or answering with an error: every call of {@link RedisSealedRecords}
 * errors with a {@link StoreUnavailableException} at its command's deadline, or at once when the
 * connection rejects commands, and a connection the application passed in is never closed; a
 * subscriber slower than the deadline is not a slow Redis. Each test has its own redis-server.
 */
class RedisSealedRecordsFailureTest extends WithAppRedis {

  private static final Duration SHORT = Duration.ofMillis(300);
  private static final String CLIENT = RedisSealedRecordsTest.CLIENT;
  private static final String APP = RedisSealedRecordsTest.APP;

  private static SealedRecord record() {
    return RedisSealedRecordsTest.record(APP, Map.of("user", "u1"));
  }

  /** The process of {@code server}: the child of this JVM whose command line names its port. */
  private static long pidOf(RedisServer server) {
    return ProcessHandle.current()
        .children()
        .filter(child -> commandLine(child.pid()).contains(":" + server.port()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no redis-server process for " + server))
        .pid();
  }

  private static String commandLine(long pid) {
    try {
      // redis-server rewrites it as "redis-server 127.0.0.1:PORT".
      return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), ISO_8859_1);
    } catch (IOException e) {
      return "";
    }
  }

  private static void signal(String signal, long pid) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(pid)).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(kill.exitValue()).as("kill %s %d", signal, pid).isZero();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Nested
  class NotAnswering {

    private long pid;

    @BeforeEach
    void freezeRedis() {
      // SIGSTOP: the server keeps its connections but answers nothing until SIGCONT, however long
      // the test takes to get there (a CLIENT PAUSE runs out on a loaded machine, and postpones
      // the server's shutdown).
      pid = pidOf(server);
      signal("-STOP", pid);
    }

    @AfterEach
    void thawRedis() {
      signal("-CONT", pid);
    }

    @Test
    void everyCallWhenRedisDoesNotAnswerThenTimedOutAtItsDeadline() {
      RedisSealedRecords records =
          RedisSealedRecords.builder(callers.reactive()).timeout(SHORT).build();
      SealedRecord seen = record().withRevision(1);

      // All at once, each with its own deadline.
      List<StepVerifier> calls =
          List.of(
              StepVerifier.create(records.upsert(record()).subscribeOn(Schedulers.parallel()))
                  .expectErrorSatisfies(timedOut(Operation.WRITE_RECORD, SHORT))
                  .verifyLater(),
              StepVerifier.create(records.find(CLIENT, APP))
                  .expectErrorSatisfies(timedOut(Operation.READ_RECORDS, SHORT))
                  .verifyLater(),
              StepVerifier.create(records.list(CLIENT))
                  .expectErrorSatisfies(timedOut(Operation.READ_RECORDS, SHORT))
                  .verifyLater(),
              StepVerifier.create(records.findByAttribute(CLIENT, "user", "u1"))
                  .expectErrorSatisfies(timedOut(Operation.READ_RECORDS, SHORT))
                  .verifyLater(),
              StepVerifier.create(records.replaceIfUnchanged(seen, record()))
                  .expectErrorSatisfies(timedOut(Operation.WRITE_RECORD, SHORT))
                  .verifyLater(),
              StepVerifier.create(records.deleteIfUnchanged(seen))
                  .expectErrorSatisfies(timedOut(Operation.WRITE_RECORD, SHORT))
                  .verifyLater(),
              StepVerifier.create(records.delete(CLIENT, APP))
                  .expectErrorSatisfies(timedOut(Operation.WRITE_RECORD, SHORT))
                  .verifyLater());

      calls.forEach(StepVerifier::verify);
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
          .expectErrorSatisfies(timedOut(Operation.READ_RECORDS, SHORT))
          .verify();
      StepVerifier.create(records.list(CLIENT).subscribeOn(Schedulers.parallel()))
          .expectErrorSatisfies(timedOut(Operation.READ_RECORDS, SHORT))
          .verify();
    }

    @Test
    void everyCallWhenStoppedAndOwnedConnectionThenFailsAtOnceNotAtTheDeadline() {
      try (RedisStoreConnection redis = RedisStoreConnection.connect(server.uri())) {
        RedisSealedRecords records = RedisSealedRecords.create(redis.commands());
        server.stop();

        // The owned connection rejects commands while disconnected: no deadline, a Lettuce cause.
        StepVerifier.create(records.upsert(record()))
            .expectErrorSatisfies(failed(Operation.WRITE_RECORD, RedisException.class))
            .verify();
        StepVerifier.create(records.find(CLIENT, APP))
            .expectErrorSatisfies(failed(Operation.READ_RECORDS, RedisException.class))
            .verify();
        StepVerifier.create(records.list(CLIENT))
            .expectErrorSatisfies(failed(Operation.READ_RECORDS, RedisException.class))
            .verify();
        StepVerifier.create(records.delete(CLIENT, APP))
            .expectErrorSatisfies(failed(Operation.WRITE_RECORD, RedisException.class))
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
          .expectErrorSatisfies(
              failed(Operation.READ_RECORDS, RedisCommandExecutionException.class))
          .verify();
      StepVerifier.create(records.upsert(record()))
          .expectErrorSatisfies(
              failed(Operation.WRITE_RECORD, RedisCommandExecutionException.class))
          .verify();
      assertThat(callers.isOpen()).isTrue();
    }
  }

  @Nested
  class SlowSubscriber {

    @Test
    void listWhenTheSubscriberWaitsLongerThanTheDeadlineBetweenRequestsThenNoTimeout() {
      // The subscriber's pause is the condition under test, not a wait for an outcome: twice the
      // listing's deadline, which is long enough for one real command on a loaded machine.
      Duration deadline = Duration.ofSeconds(2);
      RedisSealedRecords listing =
          RedisSealedRecords.builder(callers.reactive()).timeout(deadline).build();
      int count = 3 * RedisSealedRecords.SCAN_COUNT;
      RedisSealedRecords filling =
          RedisSealedRecords.builder(callers.reactive()).timeout(Duration.ofSeconds(30)).build();
      Flux.range(0, count)
          .flatMap(
              i -> filling.upsert(RedisSealedRecordsTest.record("app-" + i, Map.of("user", "u"))),
              16)
          .blockLast(Duration.ofSeconds(60));

      StepVerifier.create(listing.list(CLIENT), 1)
          .expectNextCount(1)
          .thenAwait(deadline.multipliedBy(2))
          .thenRequest(Long.MAX_VALUE)
          .expectNextCount(count - 1)
          .expectComplete()
          .verify(Duration.ofSeconds(60));
    }
  }
}
