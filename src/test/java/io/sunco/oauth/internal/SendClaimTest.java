package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTimeoutException.Deadline;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/**
 * Who decides whether an attempt's request went out: the deadlines of {@link CallRunner} and the
 * error path of {@link HttpTransport} abandon an attempt through the same {@link AttemptTracker}
 * that the send path claims, so a request that an error called unsent can no longer be sent.
 */
class SendClaimTest {

  private static final Duration VERIFY = Duration.ofSeconds(15);

  @Nested
  class Deadlines {

    private final List<AttemptTracker> trackers = new CopyOnWriteArrayList<>();

    /** An attempt that never answers and has not claimed its send yet. */
    private Mono<String> unsent(AttemptTracker tracker) {
      trackers.add(tracker);
      return Mono.never();
    }

    private CallRunner runner(Timeouts timeouts, RetryPolicy policy) {
      return new CallRunner(
          timeouts, policy, new RetryThrottle(RetryBudget.unlimited()), Schedulers::parallel);
    }

    @Test
    void runWhenAttemptDeadlineBeforeSendThenAttemptAbandonedAndItsSendRefused() {
      CallRunner runner =
          runner(Timeouts.defaults().withAttempt(Duration.ofSeconds(2)), RetryPolicy.none());
      StepVerifier.withVirtualTime(() -> runner.run(Operation.GET_TOKEN, this::unsent))
          .expectSubscription()
          .thenAwait(Duration.ofSeconds(2))
          .expectErrorSatisfies(
              e -> {
                SunshineTimeoutException t = (SunshineTimeoutException) e;
                assertThat(t.deadline()).isEqualTo(Deadline.ATTEMPT);
                assertThat(t.requestMayHaveBeenProcessed()).isFalse();
              })
          .verify(VERIFY);

      assertThat(trackers).hasSize(1);
      // The send path, arriving late on the event loop, must not write.
      assertThat(trackers.get(0).claimSending()).isFalse();
    }

    @Test
    void runWhenCallDeadlineBeforeSendThenAttemptAbandonedAndItsSendRefused() {
      CallRunner runner =
          runner(
              Timeouts.defaults()
                  .withAttempt(Duration.ofSeconds(20))
                  .withCall(Duration.ofSeconds(10)),
              RetryPolicy.defaults());
      StepVerifier.withVirtualTime(() -> runner.run(Operation.GET_TOKEN, this::unsent))
          .expectSubscription()
          .thenAwait(Duration.ofSeconds(10))
          .expectErrorSatisfies(
              e -> {
                SunshineTimeoutException t = (SunshineTimeoutException) e;
                assertThat(t.deadline()).isEqualTo(Deadline.CALL);
                assertThat(t.requestMayHaveBeenProcessed()).isFalse();
              })
          .verify(VERIFY);

      assertThat(trackers).hasSize(1);
      assertThat(trackers.get(0).claimSending()).isFalse();
    }

    @Test
    void runWhenCancelledBeforeSendThenAttemptAbandonedAndItsSendRefused() {
      CallRunner runner = runner(Timeouts.defaults(), RetryPolicy.defaults());
      StepVerifier.withVirtualTime(() -> runner.run(Operation.GET_TOKEN, this::unsent))
          .expectSubscription()
          .thenAwait(Duration.ofSeconds(1))
          .thenCancel()
          .verify(VERIFY);

      assertThat(trackers).hasSize(1);
      assertThat(trackers.get(0).claimSending()).isFalse();
    }

    @Test
    void runWhenCancelledAfterSendThenClaimStands() {
      CallRunner runner = runner(Timeouts.defaults(), RetryPolicy.defaults());
      StepVerifier.withVirtualTime(
              () ->
                  runner.run(
                      Operation.GET_TOKEN,
                      tracker -> {
                        trackers.add(tracker);
                        tracker.claimSending();
                        return Mono.<String>never();
                      }))
          .expectSubscription()
          .thenCancel()
          .verify(VERIFY);

      assertThat(trackers.get(0).requestStarted()).isTrue();
    }

    @Test
    void runWhenAbandonedAttemptRetriedThenRetryHasItsOwnUnclaimedTracker() {
      CallRunner runner =
          runner(
              Timeouts.defaults().withAttempt(Duration.ofSeconds(2)),
              RetryPolicy.defaults().withRandom(() -> 0.5));
      StepVerifier.withVirtualTime(
              () ->
                  runner.run(
                      Operation.GET_TOKEN,
                      tracker -> {
                        if (trackers.isEmpty()) {
                          return unsent(tracker);
                        }
                        trackers.add(tracker);
                        return tracker.claimSending() ? Mono.just("ok") : Mono.error(new Error());
                      }))
          .expectSubscription()
          .thenAwait(Duration.ofSeconds(3))
          .expectNext("ok")
          .verifyComplete();

      assertThat(trackers).hasSize(2);
      assertThat(trackers.get(0).requestStarted()).isFalse();
      assertThat(trackers.get(1).requestStarted()).isTrue();
    }
  }

  @Nested
  class Transport {

    private URI tokenUrl(int port) {
      return URI.create("http://127.0.0.1:" + port + "/oauth/token");
    }

    private Mono<RawResponse> post(HttpTransport transport, int port, AttemptTracker tracker) {
      return transport.exchange(
          Operation.GET_TOKEN,
          HttpMethod.POST,
          tokenUrl(port),
          null,
          "{\"code\":\"c\"}".getBytes(StandardCharsets.UTF_8),
          tracker);
    }

    private HttpTransport transport(ConnectionProvider pool) {
      return new HttpTransport(
          HttpClient.create(pool), 1024, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    /**
     * Abandoned (by a deadline or a cancel, which has told the caller already) before the send
     * path: nothing is written, and the connection is closed rather than reused, which frees the
     * pool's one slot for the next attempt while the first exchange is still subscribed (it never
     * signals; its cancel comes afterwards, as the abandoning party's always does).
     */
    @Test
    void exchangeWhenAttemptAbandonedBeforeSendThenNothingWrittenAndConnectionClosedAndFreed()
        throws Exception {
      ConnectionProvider pool = ConnectionProvider.create("send-claim", 1);
      try (MockWebServer server = new MockWebServer()) {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        CompletableFuture<Channel> sendingOn = new CompletableFuture<>();
        HttpTransport transport =
            new HttpTransport(
                HttpClient.create(pool)
                    .disableRetry(true)
                    .doOnRequest((request, connection) -> sendingOn.complete(connection.channel())),
                1024,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5));
        AttemptTracker tracker = new AttemptTracker();
        tracker.abandon();
        AtomicReference<Object> firstSignal = new AtomicReference<>();

        Disposable first =
            post(transport, server.getPort(), tracker)
                .subscribe(firstSignal::set, firstSignal::set, () -> firstSignal.set("complete"));
        try {
          Channel channel = sendingOn.get(VERIFY.toMillis(), TimeUnit.MILLISECONDS);
          assertThat(channel.closeFuture().await(VERIFY.toMillis()))
              .as("the abandoned attempt's connection closed")
              .isTrue();

          // The first exchange is still subscribed: only the close can have freed the one slot.
          StepVerifier.create(post(transport, server.getPort(), new AttemptTracker()))
              .expectNextCount(1)
              .expectComplete()
              .verify(VERIFY);
          assertThat(server.getRequestCount()).isEqualTo(1);
          assertThat(first.isDisposed()).isFalse();
          assertThat(firstSignal.get()).as("the refused exchange's signal").isNull();
        } finally {
          first.dispose();
        }
      } finally {
        pool.disposeLater().block(VERIFY);
      }
    }

    @Test
    void exchangeWhenConnectFailsThenAttemptAbandoned() throws IOException {
      int closedPort = Ports.unused();
      ConnectionProvider pool = ConnectionProvider.create("send-claim", 1);
      try {
        AttemptTracker tracker = new AttemptTracker();
        StepVerifier.create(post(transport(pool), closedPort, tracker))
            .expectErrorSatisfies(
                e -> {
                  SunshineTransportException t = (SunshineTransportException) e;
                  assertThat(t.reason()).isEqualTo(Reason.CONNECT_FAILED);
                  assertThat(t.requestMayHaveBeenProcessed()).isFalse();
                })
            .verify(VERIFY);
        // The error was decided with the same claim: a send arriving now is refused.
        assertThat(tracker.claimSending()).isFalse();
      } finally {
        pool.disposeLater().block(VERIFY);
      }
    }

    @Test
    void exchangeWhenAnsweredThenAttemptClaimedForSending() throws Exception {
      ConnectionProvider pool = ConnectionProvider.create("send-claim", 1);
      try (MockWebServer server = new MockWebServer()) {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        server.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        AttemptTracker tracker = new AttemptTracker();

        StepVerifier.create(post(transport(pool), server.getPort(), tracker))
            .expectNextCount(1)
            .verifyComplete();
        assertThat(tracker.requestStarted()).isTrue();
        assertThat(tracker.abandon()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(1);
      } finally {
        pool.disposeLater().block(VERIFY);
      }
    }
  }
}
