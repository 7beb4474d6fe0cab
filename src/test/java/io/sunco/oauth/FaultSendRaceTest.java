package io.sunco.oauth;

import static io.sunco.oauth.TestServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTimeoutException.Deadline;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/**
 * The attempt deadline against a slow send path on the event loop, over many rounds: whether a
 * request was sent is decided once, by whichever of the send path and the deadline claims the
 * attempt first. Exactly one POST reaches the server per round, and the error (if any) says
 * truthfully whether it did.
 */
class FaultSendRaceTest {

  private static final int ROUNDS = 15;
  private static final Duration ATTEMPT = Duration.ofMillis(150);

  /** The longest a slow send path spins when the event it waits for never comes. */
  private static final Duration SPIN_CAP = Duration.ofSeconds(2);

  private static final Duration VERIFY = Duration.ofSeconds(15);

  private MockWebServer server;
  private ConnectionProvider pool;

  @BeforeEach
  void setUp() {
    server = TestServers.start();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return json(200, "{\"access_token\":\"tok\",\"token_type\":\"Bearer\"}");
          }
        });
    pool = ConnectionProvider.builder("send-race").maxConnections(8).build();
  }

  @AfterEach
  void tearDown() {
    pool.disposeLater().block(VERIFY);
    server.close();
  }

  private SunshineOAuthClient clientOver(HttpClient http) {
    return TestServers.fastClientFor(server)
        .httpClient(http)
        .timeouts(Timeouts.defaults().withAttempt(ATTEMPT).withCall(Duration.ofSeconds(10)))
        .build();
  }

  /**
   * Busy-waits on the calling event loop until done or the cap: a plain loop, since BlockHound
   * counts even {@code Thread.onSpinWait()} as blocking.
   */
  private static void spinUntil(BooleanSupplier done) {
    long end = System.nanoTime() + SPIN_CAP.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() - end < 0) {
      // spin
    }
  }

  /**
   * {@code doOnRequest} runs on the event loop before the client's send function, so a deadline
   * that fires while it spins finds the request not yet claimed: the attempt is abandoned, nothing
   * of it is written, and the retry sends the code once. Before the fix the abandoned attempt still
   * wrote its POST after the spin, and the retry sent the same code a second time.
   */
  @Test
  void getTokenWhenDeadlineFiresBeforeTheSendThenAbandonedUnsentAndRetriedOnce()
      throws InterruptedException {
    AtomicBoolean spinNext = new AtomicBoolean();
    AtomicInteger prepared = new AtomicInteger();
    HttpClient slowBeforeSend =
        HttpClient.create(pool)
            .doOnRequest(
                (request, connection) -> {
                  int seen = prepared.incrementAndGet();
                  if (spinNext.compareAndSet(true, false)) {
                    // Until the retry has been prepared: the deadline has fired by then.
                    spinUntil(() -> prepared.get() > seen);
                  }
                });
    try (SunshineOAuthClient client = clientOver(slowBeforeSend)) {
      for (int round = 1; round <= ROUNDS; round++) {
        int before = server.getRequestCount();
        spinNext.set(true);
        StepVerifier.create(client.getToken("code-" + round))
            .assertNext(token -> assertThat(token.value()).isEqualTo("tok"))
            .verifyComplete();
        // Let a late write of the abandoned attempt arrive, if there were one.
        assertThat(requestsAfter(before, Duration.ofMillis(200)))
            .as("POSTs in round %d", round)
            .isEqualTo(1);
      }
    }
  }

  /**
   * Without retries, the same slow {@code doOnRequest}: the call fails with an attempt timeout that
   * says the request did not reach the server, and it did not. Before the fix the error said the
   * same while the POST went out after the spin, spending the code.
   */
  @Test
  void getTokenWhenDeadlineFiresBeforeTheSendAndNoRetryThenErrorSaysUnsentAndNothingArrives()
      throws InterruptedException {
    AtomicBoolean failed = new AtomicBoolean();
    HttpClient slowBeforeSend =
        HttpClient.create(pool)
            // Until the caller has the deadline's error.
            .doOnRequest((request, connection) -> spinUntil(failed::get));
    try (SunshineOAuthClient client =
        TestServers.fastClientFor(server)
            .httpClient(slowBeforeSend)
            .timeouts(Timeouts.defaults().withAttempt(ATTEMPT))
            .retryPolicy(RetryPolicy.none())
            .build()) {
      for (int round = 1; round <= ROUNDS; round++) {
        int before = server.getRequestCount();
        failed.set(false);
        StepVerifier.create(client.getToken("code-" + round).doOnError(e -> failed.set(true)))
            .expectErrorSatisfies(
                e -> {
                  assertThat(e).isInstanceOf(SunshineTimeoutException.class);
                  SunshineTimeoutException t = (SunshineTimeoutException) e;
                  assertThat(t.deadline()).isEqualTo(Deadline.ATTEMPT);
                  assertThat(t.requestMayHaveBeenProcessed()).isFalse();
                })
            .verify(VERIFY);
        assertThat(requestsAfter(before, Duration.ofMillis(300)))
            .as("POSTs in round %d", round)
            .isZero();
      }
    }
  }

  /**
   * A write that spins on the event loop after the send function has claimed the attempt: the
   * deadline that fires meanwhile reports that the request may have been processed, and the token
   * request is not repeated. The one POST does reach the server.
   */
  @Test
  void getTokenWhenDeadlineFiresWhileSendingThenMayHaveBeenProcessedAndOnePost()
      throws InterruptedException {
    AtomicBoolean spinNext = new AtomicBoolean();
    AtomicBoolean failed = new AtomicBoolean();
    HttpClient slowWrite =
        HttpClient.create(pool)
            .doOnChannelInit(
                (observer, channel, address) ->
                    channel
                        .pipeline()
                        .addFirst(
                            new ChannelOutboundHandlerAdapter() {
                              @Override
                              public void write(
                                  ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                                if (spinNext.compareAndSet(true, false)) {
                                  // Until the caller has the deadline's error.
                                  spinUntil(failed::get);
                                }
                                ctx.write(msg, promise);
                              }
                            }));
    try (SunshineOAuthClient client = clientOver(slowWrite)) {
      for (int round = 1; round <= ROUNDS; round++) {
        int before = server.getRequestCount();
        spinNext.set(true);
        failed.set(false);
        StepVerifier.create(client.getToken("code-" + round).doOnError(e -> failed.set(true)))
            .expectErrorSatisfies(
                e -> {
                  assertThat(e).isInstanceOf(SunshineTimeoutException.class);
                  SunshineTimeoutException t = (SunshineTimeoutException) e;
                  assertThat(t.deadline()).isEqualTo(Deadline.ATTEMPT);
                  assertThat(t.attempts()).isEqualTo(1);
                  assertThat(t.requestMayHaveBeenProcessed()).isTrue();
                })
            .verify(VERIFY);
        assertThat(requestsAfter(before, Duration.ofSeconds(5)))
            .as("POSTs in round %d", round)
            .isEqualTo(1);
      }
    }
  }

  /**
   * The number of requests the server received since it had {@code before}: waits for the first one
   * up to {@code wait}, then a short while for any other.
   */
  private int requestsAfter(int before, Duration wait) throws InterruptedException {
    long end = System.nanoTime() + wait.toNanos();
    while (server.getRequestCount() == before && System.nanoTime() - end < 0) {
      Thread.sleep(5);
    }
    Thread.sleep(100);
    return server.getRequestCount() - before;
  }
}
