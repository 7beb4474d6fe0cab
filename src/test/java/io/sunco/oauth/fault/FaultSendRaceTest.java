package io.sunco.oauth.fault;

import static io.sunco.oauth.testing.TestServers.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTimeoutException.Deadline;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.TestServers;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The attempt deadline against a slow send path on the event loop, over many rounds: whether a
 * request was sent is decided once, by whichever of the send path and the deadline claims the
 * attempt first. In every round the server gets the code at most once, and an error that says the
 * request did not reach the server is true.
 *
 * <p>The slow paths wait for events (the retry prepared, the caller failed), not for a time, so the
 * rounds hit the race whatever the machine's load; a loaded machine may still make an attempt miss
 * its deadline before it even connects, which is why each round checks the invariant first and each
 * test then checks that the race it is about did happen.
 */
class FaultSendRaceTest {

  private static final int ROUNDS = 10;
  private static final Duration ATTEMPT = Duration.ofMillis(400);

  /** The longest a slow send path spins when the event it waits for never comes. */
  private static final Duration SPIN_CAP = Duration.ofSeconds(3);

  private static final Duration VERIFY = Duration.ofSeconds(20);

  private MockWebServer server;
  private ConnectionProvider pool;

  @BeforeEach
  void setUp() {
    server =
        TestServers.answering(
            request -> json(200, "{\"access_token\":\"tok\",\"token_type\":\"Bearer\"}"));
    pool = ConnectionProvider.builder("send-race").maxConnections(8).build();
  }

  @AfterEach
  void tearDown() {
    pool.disposeLater().block(VERIFY);
    server.close();
  }

  private SunshineOAuthClient clientOver(HttpClient http, RetryPolicy retryPolicy) {
    return TestServers.fastClientFor(server)
        .httpClient(http)
        .timeouts(Timeouts.defaults().withAttempt(ATTEMPT).withCall(Duration.ofSeconds(10)))
        .retryPolicy(retryPolicy)
        .build();
  }

  private SunshineOAuthClient clientOver(HttpClient http) {
    return clientOver(
        http,
        RetryPolicy.defaults()
            .withInitialBackoff(Duration.ofMillis(10))
            .withMaxBackoff(Duration.ofMillis(50)));
  }

  /**
   * Busy-waits on the calling event loop until done or the cap: a plain loop, since BlockHound
   * counts even {@code Thread.onSpinWait()} as blocking.
   *
   * @return whether it ended because done
   */
  private static boolean spinUntil(BooleanSupplier done) {
    long end = System.nanoTime() + SPIN_CAP.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
    }
    return true;
  }

  /** A getToken round: what it ended with, and how many POSTs reached the server. */
  private record Round(int number, Object outcome, int posts) {

    boolean succeeded() {
      return outcome instanceof AccessToken;
    }

    SunshineOAuthException error() {
      return (SunshineOAuthException) outcome;
    }

    /**
     * What must hold whatever the timing: the code reached the server at most once, a token means
     * it did, and an error that says it did not is true.
     */
    Round checkInvariant() {
      assertThat(posts).as("POSTs in round %d", number).isLessThanOrEqualTo(1);
      if (succeeded()) {
        assertThat(posts).as("POSTs in round %d, which got a token", number).isEqualTo(1);
      } else if (!error().requestMayHaveBeenProcessed()) {
        assertThat(posts)
            .as("POSTs in round %d, whose error says none reached the server", number)
            .isZero();
      }
      return this;
    }
  }

  private Round round(int number, Mono<AccessToken> call) throws InterruptedException {
    int before = server.getRequestCount();
    Object outcome =
        call.<Object>map(token -> token)
            .onErrorResume(SunshineOAuthException.class, Mono::just)
            .block(VERIFY);
    if (outcome instanceof SunshineOAuthException e && e.requestMayHaveBeenProcessed()) {
      // The POST of an attempt cut off while sending may arrive after the error: wait for it
      // (a loaded machine can take a while to get the event loop and the server's thread going).
      long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (server.getRequestCount() == before && System.nanoTime() - end < 0) {
        Thread.sleep(5);
      }
    }
    // Long enough for a late write of an abandoned attempt to arrive, had there been one.
    Thread.sleep(200);
    return new Round(number, outcome, server.getRequestCount() - before).checkInvariant();
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
    AtomicInteger retriedDuringSpin = new AtomicInteger();
    HttpClient slowBeforeSend =
        HttpClient.create(pool)
            .doOnRequest(
                (request, connection) -> {
                  int seen = prepared.incrementAndGet();
                  // Until the retry has been prepared: the deadline has fired by then.
                  if (spinNext.compareAndSet(true, false)
                      && spinUntil(() -> prepared.get() > seen)) {
                    retriedDuringSpin.incrementAndGet();
                  }
                });
    int tokens = 0;
    try (SunshineOAuthClient client = clientOver(slowBeforeSend)) {
      for (int number = 1; number <= ROUNDS; number++) {
        spinNext.set(true);
        tokens += round(number, client.getToken("code-" + number)).succeeded() ? 1 : 0;
      }
    }
    assertThat(retriedDuringSpin).as("rounds that raced the deadline").hasPositiveValue();
    assertThat(tokens).as("rounds that got the token").isPositive();
  }

  /**
   * Without retries, a {@code doOnRequest} that spins until the caller has the deadline's error:
   * the error says the request did not reach the server, and it did not. Before the fix the error
   * said the same while the POST went out after the spin, spending the code.
   */
  @Test
  void getTokenWhenDeadlineFiresBeforeTheSendAndNoRetryThenErrorSaysUnsentAndNothingArrives()
      throws InterruptedException {
    AtomicBoolean failed = new AtomicBoolean();
    AtomicInteger unsentErrors = new AtomicInteger();
    HttpClient slowBeforeSend =
        HttpClient.create(pool).doOnRequest((request, connection) -> spinUntil(failed::get));
    try (SunshineOAuthClient client = clientOver(slowBeforeSend, RetryPolicy.none())) {
      for (int number = 1; number <= ROUNDS; number++) {
        failed.set(false);
        Round round =
            round(number, client.getToken("code-" + number).doOnError(e -> failed.set(true)));
        assertThat(round.succeeded()).as("round %d succeeded", number).isFalse();
        if (!round.error().requestMayHaveBeenProcessed()) {
          unsentErrors.incrementAndGet();
        }
      }
    }
    // Each round's deadline fired during the spin, before any send: all say "not sent", truly.
    assertThat(unsentErrors).hasValue(ROUNDS);
  }

  /**
   * The caller cancels while {@code doOnRequest} spins: the request, not yet written, is never
   * written. Before, it went out as the connection was being closed, spending the code for a call
   * that nobody waits for any more.
   */
  @Test
  void getTokenWhenCancelledBeforeTheSendThenNothingArrives() throws InterruptedException {
    AtomicBoolean cancelled = new AtomicBoolean();
    AtomicInteger prepared = new AtomicInteger();
    HttpClient slowBeforeSend =
        HttpClient.create(pool)
            .doOnRequest(
                (request, connection) -> {
                  prepared.incrementAndGet();
                  spinUntil(cancelled::get);
                });
    try (SunshineOAuthClient client = clientOver(slowBeforeSend)) {
      for (int number = 1; number <= ROUNDS; number++) {
        int before = server.getRequestCount();
        int preparedBefore = prepared.get();
        cancelled.set(false);
        Disposable call = client.getToken("code-" + number).subscribe();
        while (prepared.get() == preparedBefore) {
          Thread.sleep(1);
        }
        // The cancel has gone all the way up when dispose() returns; only then does the spin end.
        call.dispose();
        cancelled.set(true);
        Thread.sleep(200);

        assertThat(server.getRequestCount() - before).as("POSTs in round %d", number).isZero();
      }
    }
  }

  /**
   * A write that spins on the event loop after the send function has claimed the attempt, until the
   * caller has the deadline's error: that error says the request may have been processed, the token
   * request is not repeated, and the one POST does reach the server.
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
                                  spinUntil(failed::get);
                                }
                                ctx.write(msg, promise);
                              }
                            }));
    try (SunshineOAuthClient client = clientOver(slowWrite)) {
      for (int number = 1; number <= ROUNDS; number++) {
        spinNext.set(true);
        failed.set(false);
        Round round =
            round(number, client.getToken("code-" + number).doOnError(e -> failed.set(true)));

        // An earlier attempt may have missed its deadline before connecting on a loaded
        // machine (abandoned unsent, retried); the one that wrote is the last one.
        assertThat(round.error()).isInstanceOf(SunshineTimeoutException.class);
        SunshineTimeoutException error = (SunshineTimeoutException) round.error();
        assertThat(error.deadline()).isEqualTo(Deadline.ATTEMPT);
        assertThat(error.requestMayHaveBeenProcessed()).isTrue();
        assertThat(round.posts()).as("POSTs in round %d", number).isEqualTo(1);
      }
    }
  }
}
