package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTimeoutException.Deadline;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.LogLines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/**
 * The ordering that made Reactor Netty log a WARN stack trace on a loaded machine: the attempt
 * deadline abandons the attempt on its timer thread, the event loop then runs the send function
 * (which refuses to write), and only after that does the deadline's cancel reach Reactor Netty.
 * Reactor Netty logs an error of the send function on a live connection at WARN ("The connection
 * observed an error", with the stack trace), whoever is still listening.
 *
 * <p>Forced with events, not times: the server accepts (the kernel's backlog) and never reads; a
 * {@code doOnRequest} hook, on the event loop just before the send function, spins until the
 * deadline has abandoned the attempt and started its cancel; the cancel, held by a {@code
 * doOnCancel} between the deadline and the transport, spins until the event loop has run the send
 * function.
 */
class AbandonedSendQuietTest {

  private static final Duration VERIFY = Duration.ofSeconds(20);

  /** Long enough for a loaded machine to connect over loopback before it runs out. */
  private static final Duration ATTEMPT = Duration.ofSeconds(2);

  private ServerSocket silent;
  private ConnectionProvider pool;

  @BeforeEach
  void setUp() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    pool = ConnectionProvider.builder("abandoned-send-quiet").maxConnections(2).build();
  }

  @AfterEach
  void tearDown() throws IOException {
    pool.disposeLater().block(VERIFY);
    silent.close();
  }

  /** A plain loop: BlockHound counts even {@code Thread.onSpinWait()} as blocking. */
  private static void spinUntil(BooleanSupplier done) {
    long end = System.nanoTime() + VERIFY.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() - end < 0) {
      // spin
    }
  }

  @Test
  void exchangeWhenTheDeadlineAbandonsBeforeTheSendAndCancelsAfterItThenNoWarningAndATypedTimeout()
      throws Exception {
    AtomicBoolean cancelling = new AtomicBoolean();
    AtomicReference<Channel> sendingOn = new AtomicReference<>();
    HttpClient http =
        HttpClient.create(pool)
            .disableRetry(true) // as the library configures every client, its own or a user's
            .doOnRequest(
                (request, connection) -> {
                  sendingOn.set(connection.channel());
                  spinUntil(cancelling::get);
                });
    HttpTransport transport =
        new HttpTransport(http, 1 << 16, Duration.ofSeconds(5), Duration.ofSeconds(5));
    CallRunner runner =
        new CallRunner(
            Timeouts.defaults().withAttempt(ATTEMPT).withCall(ATTEMPT.multipliedBy(5)),
            RetryPolicy.none(),
            new RetryThrottle(RetryBudget.unlimited()),
            Schedulers::parallel);
    URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/oauth/token");
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);

    List<String> library = new ArrayList<>();
    List<String> reactor =
        LogLines.warningsDuring(
            "reactor",
            () ->
                library.addAll(
                    LogLines.warningsDuring(
                        "io.sunco.oauth",
                        () -> {
                          StepVerifier.create(
                                  runner.run(
                                      Operation.GET_TOKEN,
                                      tracker ->
                                          transport
                                              .exchange(
                                                  Operation.GET_TOKEN,
                                                  HttpMethod.POST,
                                                  url,
                                                  null,
                                                  body,
                                                  tracker)
                                              .doOnCancel(
                                                  () -> {
                                                    // The deadline has abandoned the attempt.
                                                    cancelling.set(true);
                                                    awaitSendPath(sendingOn);
                                                  })))
                              .expectErrorSatisfies(
                                  e -> {
                                    assertThat(e).isInstanceOf(SunshineTimeoutException.class);
                                    SunshineTimeoutException t = (SunshineTimeoutException) e;
                                    assertThat(t.deadline()).isEqualTo(Deadline.ATTEMPT);
                                    assertThat(t.requestMayHaveBeenProcessed()).isFalse();
                                    assertThat(t.getMessage())
                                        .endsWith("(the request did not reach the server)");
                                  })
                              .verify(VERIFY);
                          drain(sendingOn.get());
                        })));

    assertThat(sendingOn.get()).as("the request reached the send path").isNotNull();
    assertThat(reactor).as("Reactor Netty's warnings").isEmpty();
    assertThat(library).as("the library's warnings").isEmpty();
  }

  /**
   * On the deadline's thread: waits until the event loop has left the spinning hook and run the
   * send function after it (a task queued behind them has run). Spins: the thread is non-blocking.
   */
  private static void awaitSendPath(AtomicReference<Channel> sendingOn) {
    spinUntil(() -> sendingOn.get() != null);
    AtomicBoolean ran = new AtomicBoolean();
    sendingOn.get().eventLoop().execute(() -> ran.set(true));
    spinUntil(ran::get);
  }

  /** Waits for what the event loop queued in turn (the refused send's close), twice over. */
  private static void drain(Channel channel) {
    try {
      for (int i = 0; i < 2; i++) {
        channel.eventLoop().submit(() -> {}).get(VERIFY.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
