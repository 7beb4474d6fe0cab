package io.sunco.oauth.fault;

import static io.sunco.oauth.testing.TestServers.take;
import static io.sunco.oauth.testing.TestServers.tokenInfoOk;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.TestServers;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** Bounded pool queue, cancellation, and no signal dropped on the floor. */
class FaultResourcesTest {

  private static final AccessToken TOKEN = AccessToken.bearer("t");

  private MockWebServer server;
  private final ConcurrentLinkedQueue<Object> dropped = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void setUp() {
    server = TestServers.start();
    // Test-scoped hooks: anything Reactor drops after cancellation lands here.
    Hooks.onErrorDropped(dropped::add);
    Hooks.onNextDropped(dropped::add);
  }

  @AfterEach
  void tearDown() {
    Hooks.resetOnErrorDropped();
    Hooks.resetOnNextDropped();
    server.close();
  }

  @Test
  void callWhenPoolQueueFullThenFailsAtOnceWithClearError() {
    for (int i = 0; i < 2; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .body("{\"app\":{\"id\":\"a\"}}")
              .headersDelay(3, TimeUnit.SECONDS)
              .build());
    }
    try (SunshineOAuthClient client =
        TestServers.fastClientFor(server)
            .timeouts(
                Timeouts.defaults()
                    .withAttempt(Duration.ofSeconds(8))
                    .withCall(Duration.ofSeconds(8)))
            .pool(PoolSettings.defaults().withMaxConnections(1).withMaxPendingAcquires(1))
            .build()) {
      Disposable first = client.getTokenInfo(TOKEN).subscribe();
      Disposable second = client.getTokenInfo(TOKEN).subscribe();

      StepVerifier.create(client.getTokenInfo(TOKEN))
          .expectErrorSatisfies(
              e -> {
                SunshineTransportException t = (SunshineTransportException) e;
                assertThat(t.reason()).isEqualTo(Reason.POOL_EXHAUSTED);
                assertThat(t.requestMayHaveBeenProcessed()).isFalse();
                assertThat(t.getMessage()).contains("queue of waiting calls is full");
              })
          .verifyThenAssertThat()
          // At once: long before the busy connection frees up after 3 s.
          .tookLessThan(Duration.ofSeconds(2));
      first.dispose();
      second.dispose();
    }
  }

  @Test
  void callWhenCancelledMidExchangeThenConnectionClosedNotPooled() throws Exception {
    AtomicReference<RecordedRequest> cancelled = new AtomicReference<>();
    // An answer that never comes: only the cancel ends the exchange, whatever the machine's load.
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    server.enqueue(tokenInfoOk());
    try (SunshineOAuthClient client =
        TestServers.fastClientFor(server)
            .timeouts(Timeouts.defaults().withAttempt(Duration.ofSeconds(5)))
            .build()) {
      StepVerifier.create(client.getTokenInfo(TOKEN))
          .expectSubscription()
          // Mid-exchange: once the server has the request (an event, not a time that a loaded
          // machine may overrun), and long before its answer.
          .then(
              () -> {
                try {
                  cancelled.set(take(server));
                } catch (InterruptedException e) {
                  throw new AssertionError(e);
                }
              })
          .thenCancel()
          .verify(Duration.ofSeconds(15));
      StepVerifier.create(client.getTokenInfo(TOKEN)).expectNextCount(1).verifyComplete();
    }
    assertThat(cancelled.get().getConnectionIndex()).isZero();
    // The cancelled exchange's connection was closed: the next call needed a new one.
    assertThat(take(server).getConnectionIndex()).isEqualTo(1);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(dropped).isEmpty();
  }

  /**
   * The answer is held by the server until the attempt deadline has cut the exchange, so it comes
   * late by construction; the test ends once the server has written it. The request has to go out
   * before the deadline for the case to happen: a round whose error says it did not (a loaded
   * machine) is run again with twice the deadline.
   */
  @Test
  @SuppressWarnings("try") // closes the server early on purpose: its close() waits for the answer
  void callWhenAttemptDeadlineCutsExchangeThenNothingDroppedLater() throws Exception {
    for (Duration attempt = Duration.ofMillis(500); ; attempt = attempt.multipliedBy(2)) {
      assertThat(attempt)
          .as("a request that goes out within its deadline")
          .isLessThan(ofSeconds(20));
      try (MockWebServer holding = new MockWebServer()) {
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<RecordedRequest> received = new ConcurrentLinkedQueue<>();
        holding.setDispatcher(
            new Dispatcher() {
              @Override
              public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                received.add(request);
                release.await(20, TimeUnit.SECONDS);
                return tokenInfoOk();
              }
            });
        holding.start(InetAddress.getByName("127.0.0.1"), 0);
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (SunshineOAuthClient client =
            TestServers.fastClientFor(holding)
                .retryPolicy(io.sunco.oauth.policy.RetryPolicy.none())
                .timeouts(
                    Timeouts.defaults().withAttempt(attempt).withCall(attempt.multipliedBy(2)))
                .build()) {
          StepVerifier.create(client.getTokenInfo(TOKEN))
              .expectErrorSatisfies(error::set)
              .verify(Duration.ofSeconds(30));
          assertThat(error.get()).isInstanceOf(SunshineTimeoutException.class);
          if (!((SunshineTimeoutException) error.get()).requestMayHaveBeenProcessed()) {
            assertThat(received).isEmpty();
            continue; // the deadline came before the send: not the case under test
          }
          // The deadline has cut the exchange; only now does the server answer.
          release.countDown();
          holding.close(); // returns once the server's threads are done: the answer is written
          assertThat(received).hasSize(1);
        } finally {
          release.countDown();
        }
      }
      // The client is closed too: no signal can come any more.
      assertThat(dropped).isEmpty();
      return;
    }
  }

  @Test
  void closeWhenCallsPendingThenTheyTerminateInsteadOfHanging() {
    server.enqueue(
        new MockResponse.Builder().code(200).body("{}").headersDelay(3, TimeUnit.SECONDS).build());
    SunshineOAuthClient client =
        TestServers.fastClientFor(server)
            .pool(PoolSettings.defaults().withMaxConnections(1))
            .build();
    Mono<List<Object>> both =
        Mono.zip(
                client.getTokenInfo(TOKEN).<Object>map(i -> i).onErrorResume(Mono::just),
                client.getTokenInfo(TOKEN).<Object>map(i -> i).onErrorResume(Mono::just))
            .map(t -> List.of(t.getT1(), t.getT2()));
    StepVerifier.create(both)
        .then(() -> client.closeLater().subscribe())
        .assertNext(
            outcomes ->
                assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(Throwable.class)))
        .expectComplete()
        .verify(Duration.ofSeconds(10));
  }
}
