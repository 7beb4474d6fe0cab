package io.sunco.oauth.store;

import static io.sunco.oauth.store.Keys.CLIENT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.testing.TestServers;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * Issue 26, item 7: a check of stored tokens sends at most {@link TokenCheck#concurrency()} calls
 * at once, counted by the server. The server holds every call until the test releases one, and the
 * test releases one only after the next call could have arrived: an unbounded check would have
 * every call in flight at once.
 */
class TokenCheckConcurrencyTest {

  static final int RECORDS = 9;
  static final int CONCURRENCY = 3;
  static final long WAIT_SECONDS = 20;

  private MockWebServer server;
  private SunshineOAuthClient client;
  private final Semaphore answers = new Semaphore(0);
  private final Object lock = new Object();
  private int inFlight;
  private int mostInFlight;
  private int arrived;

  private final ConnectedAppStore store =
      ConnectedAppStore.builder()
          .records(InMemorySealedRecords.create())
          .keyRing(Keys.ring("k1", Keys.key()))
          .clientId(CLIENT_ID)
          .build();

  @BeforeEach
  void start() {
    server =
        TestServers.answering(
            request -> {
              synchronized (lock) {
                inFlight++;
                arrived++;
                mostInFlight = Math.max(mostInFlight, inFlight);
                lock.notifyAll();
              }
              // On MockWebServer's own thread, not an event loop: waiting here is allowed.
              boolean released = answers.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS);
              synchronized (lock) {
                inFlight--;
              }
              if (!released) {
                throw new AssertionError("the test never released the answer");
              }
              return TestServers.tokenInfoOk();
            });
    client = TestServers.clientFor(server).build();
    for (int i = 0; i < RECORDS; i++) {
      String appId = "app-" + i;
      StepVerifier.create(store.connect(Keys.token(appId), Keys.app(appId), java.util.Map.of()))
          .expectNextCount(1)
          .verifyComplete();
    }
  }

  @AfterEach
  void stop() {
    answers.release(RECORDS * 2);
    client.close();
    server.close();
  }

  /** Waits until the server has received {@code count} calls in all. */
  private void awaitArrived(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    synchronized (lock) {
      while (arrived < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("only " + arrived + " of " + count + " calls arrived");
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  @Test
  void checkTokensWhenManyRecordsThenAtMostTheConcurrencyIsInFlight() {
    TokenCheck check = TokenCheck.defaults().withJitter(Duration.ZERO).withConcurrency(CONCURRENCY);

    StepVerifier.create(store.checkTokens(client, check))
        .then(
            () -> {
              // Each answer frees one slot; the next call arrives only then.
              for (int released = 0; released < RECORDS; released++) {
                awaitArrived(Math.min(CONCURRENCY + released, RECORDS));
                answers.release();
              }
            })
        .expectNext(new CheckReport(RECORDS, RECORDS, 0, 0, 0))
        .verifyComplete();

    synchronized (lock) {
      assertThat(arrived).isEqualTo(RECORDS);
      assertThat(mostInFlight).isEqualTo(CONCURRENCY);
    }
  }
}
