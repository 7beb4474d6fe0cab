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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ReactorNetty;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * The ordering that made Reactor Netty log a WARN stack trace on a loaded machine: the attempt
 * deadline abandons the attempt on its timer thread, the event loop then runs the send function
 * (which refuses to write), and only after that does the deadline's cancel reach Reactor Netty.
 * Reactor Netty logs an error of the send function on a live connection at WARN ("The connection
 * observed an error", with the stack trace), whoever is still listening. Over plain HTTP and over
 * TLS (a server with a private CA), and with the deadline or a cancel inside the TLS handshake;
 * every logger is captured (the root logger: Netty's and Reactor's lines included).
 *
 * <p>Forced with events, not times: a {@code doOnRequest} hook, on the event loop just before the
 * send function, spins until the deadline has abandoned the attempt and started its cancel; the
 * cancel, held by a {@code doOnCancel} between the deadline and the transport, spins until the
 * event loop has run the send function. The one thing left to time is that the deadline comes after
 * the connection is ready: a round where it came first (a loaded machine) is not the case under
 * test and runs again with twice the deadline.
 */
class AbandonedSendQuietTest {

  private static final Duration VERIFY = Duration.ofSeconds(20);

  /** The first round's attempt deadline; doubled while it runs out before the connection. */
  private static final Duration FIRST_ATTEMPT = Duration.ofMillis(250);

  private ServerSocket silent;
  private ConnectionProvider pool;
  private HeldCertificate privateCa;

  @BeforeEach
  void setUp() throws IOException {
    // Accepts (the kernel's backlog) and never reads, never answers a TLS ClientHello.
    silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    pool = ConnectionProvider.builder("abandoned-send-quiet").maxConnections(2).build();
    privateCa = new HeldCertificate.Builder().certificateAuthority(0).build();
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

  private HttpClient trustingThePrivateCa() {
    HandshakeCertificates trust =
        new HandshakeCertificates.Builder().addTrustedCertificate(privateCa.certificate()).build();
    return HttpClient.create(pool)
        .secure(
            tls ->
                tls.sslContext(
                    (SslProvider.GenericSslContextSpec<?>)
                        Http11SslContextSpec.forClient()
                            .configure(ssl -> ssl.trustManager(trust.trustManager()))));
  }

  private CallRunner runner(Duration attempt) {
    return new CallRunner(
        Timeouts.defaults().withAttempt(attempt).withCall(attempt.multipliedBy(5)),
        RetryPolicy.none(),
        new RetryThrottle(RetryBudget.unlimited()),
        Schedulers::parallel);
  }

  @Test
  void
      exchangeWhenTheDeadlineAbandonsBeforeTheSendAndCancelsAfterItThenNoWarningAndATypedTimeout() {
    URI url = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/oauth/token");

    assertQuietWhenForced(HttpClient.create(pool), url);
  }

  @Test
  void exchangeOverTlsWhenTheDeadlineAbandonsBeforeTheSendThenNoWarningAndATypedTimeout()
      throws IOException {
    HeldCertificate serverCertificate =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(privateCa)
            .build();
    try (MockWebServer server = new MockWebServer()) {
      server.useHttps(
          new HandshakeCertificates.Builder()
              .heldCertificate(serverCertificate, privateCa.certificate())
              .build()
              .sslSocketFactory());
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      URI url = URI.create("https://127.0.0.1:" + server.getPort() + "/oauth/token");

      assertQuietWhenForced(trustingThePrivateCa(), url);
      assertThat(server.getRequestCount()).as("requests that reached the server").isZero();
    }
  }

  /**
   * The server accepts and never answers the ClientHello. A round counts when the connection was up
   * at the deadline (so the deadline landed in the handshake); one where it came before the connect
   * runs again with twice the deadline.
   */
  @Test
  void exchangeWhenTheDeadlineLandsInTheTlsHandshakeThenNoWarningAndATypedTimeout()
      throws IOException {
    for (Duration attempt = FIRST_ATTEMPT; ; attempt = attempt.multipliedBy(2)) {
      assertThat(attempt).as("a deadline that comes after the connect").isLessThan(VERIFY);
      try (ServerSocket handshakeNeverAnswered =
          new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
        if (handshakeRoundWasQuiet(handshakeNeverAnswered, attempt)) {
          return;
        }
      }
    }
  }

  /**
   * A subscriber that goes away while the TLS handshake is in progress (the connection is up, the
   * server never answers the ClientHello): nothing is logged at WARN when the server then resets
   * the connection, the connection is closed, and the cancelled subscriber gets no signal.
   */
  @Test
  void exchangeWhenCancelledDuringTheTlsHandshakeThenNoWarningAndTheConnectionClosed()
      throws IOException {
    try (ServerSocket handshakeNeverAnswered =
        new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      URI url =
          URI.create("https://127.0.0.1:" + handshakeNeverAnswered.getLocalPort() + "/oauth/token");
      AtomicReference<Channel> opened = new AtomicReference<>();
      HttpTransport transport = overTlsNoting(opened);
      List<Object> signals = new ArrayList<>();

      List<String> warnings =
          LogLines.warningsDuring(
              "",
              () -> {
                // No deadline of the library's within the test: only the cancel ends the attempt.
                Disposable subscription =
                    runner(VERIFY)
                        .run(Operation.GET_TOKEN, tracker -> post(transport, url, tracker))
                        .contextWrite(Context.of(AbandonedSendQuietTest.class, "the subscriber"))
                        .subscribe(signals::add, signals::add, () -> signals.add("complete"));
                cancelInTheHandshakeThenReset(handshakeNeverAnswered, opened, subscription);
                awaitClosed(opened.get());
              });

      assertThat(warnings).as("warnings of any logger").isEmpty();
      assertThat(signals).as("signals to the cancelled subscriber").isEmpty();
    }
  }

  /**
   * Once the ClientHello has arrived (the handshake is in progress, the send not reached) and the
   * pool has handed the connection to the exchange (which gives the channel the subscriber's
   * context, not empty here), cancels; then the server resets the connection.
   */
  private static void cancelInTheHandshakeThenReset(
      ServerSocket server, AtomicReference<Channel> opened, Disposable subscription) {
    try (Socket accepted = server.accept()) {
      assertThat(accepted.getInputStream().read()).as("a TLS handshake record").isEqualTo(0x16);
      spinUntil(() -> ReactorNetty.getChannelContext(opened.get()) != null);
      assertThat(ReactorNetty.getChannelContext(opened.get())).as("acquired").isNotNull();
      subscription.dispose();
      accepted.setSoLinger(true, 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A transport over TLS to the private CA's servers that puts each new channel in opened. */
  private HttpTransport overTlsNoting(AtomicReference<Channel> opened) {
    return new HttpTransport(
        trustingThePrivateCa()
            .disableRetry(true)
            .doOnChannelInit((observer, channel, address) -> opened.set(channel)),
        1 << 16,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5));
  }

  /** One round: {@code true} when it counted (and was quiet), {@code false} when it did not. */
  private boolean handshakeRoundWasQuiet(ServerSocket server, Duration attempt) {
    URI url = URI.create("https://127.0.0.1:" + server.getLocalPort() + "/oauth/token");
    AtomicReference<Channel> opened = new AtomicReference<>();
    AtomicBoolean upAtTheDeadline = new AtomicBoolean();
    HttpTransport transport = overTlsNoting(opened);

    List<String> warnings =
        LogLines.warningsDuring(
            "",
            () -> {
              StepVerifier.create(
                      runner(attempt)
                          .run(Operation.GET_TOKEN, tracker -> post(transport, url, tracker)))
                  .expectErrorSatisfies(
                      e -> {
                        Channel channel = opened.get();
                        upAtTheDeadline.set(channel != null && channel.isActive());
                        assertUnsentAttemptTimeout(e);
                      })
                  .verify(VERIFY);
              // The server gives up on the handshake (its backlog connections are reset): the
              // abandoned connection ends, and whatever it logs, it logs by its close.
              closeQuietly(server);
              if (opened.get() != null) {
                awaitClosed(opened.get());
              }
            });

    assertThat(warnings).as("warnings of any logger").isEmpty();
    return upAtTheDeadline.get();
  }

  /** The token request of the tests: what the library sends, through the transport under test. */
  private static Mono<RawResponse> post(HttpTransport transport, URI url, AttemptTracker tracker) {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    return transport.exchange(Operation.GET_TOKEN, HttpMethod.POST, url, null, body, tracker);
  }

  private static void assertUnsentAttemptTimeout(Throwable e) {
    assertThat(e).isInstanceOf(SunshineTimeoutException.class);
    SunshineTimeoutException t = (SunshineTimeoutException) e;
    assertThat(t.deadline()).isEqualTo(Deadline.ATTEMPT);
    assertThat(t.requestMayHaveBeenProcessed()).isFalse();
    assertThat(t.getMessage()).endsWith("(the request did not reach the server)");
  }

  /** Forces the ordering over {@code http}, repeating with a longer deadline until it happened. */
  private void assertQuietWhenForced(HttpClient http, URI url) {
    for (Duration attempt = FIRST_ATTEMPT; ; attempt = attempt.multipliedBy(2)) {
      assertThat(attempt).as("a deadline that comes after the connection").isLessThan(VERIFY);
      AtomicReference<Channel> sendingOn = new AtomicReference<>();
      List<String> warnings = new ArrayList<>();
      boolean happened = forceOnce(http, url, attempt, sendingOn, warnings);
      if (happened) {
        // The test's own server notes each connection that sent no request: what is wanted here.
        assertThat(warnings)
            .filteredOn(line -> !line.contains(" mockwebserver3."))
            .as("warnings of any logger but the test server's")
            .isEmpty();
        return;
      }
    }
  }

  /**
   * One round; whether the deadline came after the connection was ready (the case under test).
   * Warnings of every logger during the round go into {@code warnings}.
   */
  private boolean forceOnce(
      HttpClient base,
      URI url,
      Duration attempt,
      AtomicReference<Channel> sendingOn,
      List<String> warnings) {
    AtomicBoolean connected = new AtomicBoolean();
    AtomicBoolean cancelling = new AtomicBoolean();
    AtomicBoolean missed = new AtomicBoolean();
    HttpClient http =
        base.disableRetry(true) // as the library configures every client, its own or a user's
            .doOnConnected(connection -> connected.set(true))
            .doOnRequest(
                (request, connection) -> {
                  sendingOn.set(connection.channel());
                  spinUntil(cancelling::get);
                });
    HttpTransport transport =
        new HttpTransport(http, 1 << 16, Duration.ofSeconds(5), Duration.ofSeconds(5));
    warnings.addAll(
        LogLines.warningsDuring(
            "",
            () -> {
              StepVerifier.create(
                      runner(attempt)
                          .run(
                              Operation.GET_TOKEN,
                              tracker ->
                                  post(transport, url, tracker)
                                      .doOnCancel(
                                          () -> {
                                            // The deadline has abandoned the attempt.
                                            cancelling.set(true);
                                            if (sendingOn.get() == null && !connected.get()) {
                                              missed.set(true); // before the connection
                                              return;
                                            }
                                            awaitSendPath(sendingOn);
                                          })))
                  .expectErrorSatisfies(AbandonedSendQuietTest::assertUnsentAttemptTimeout)
                  .verify(VERIFY);
              if (sendingOn.get() != null) {
                awaitClosed(sendingOn.get());
              }
            }));
    return !missed.get() && sendingOn.get() != null;
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

  private static void closeQuietly(ServerSocket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the refused send's connection is closed: whatever it logs, it has logged. */
  private static void awaitClosed(Channel channel) {
    assertThat(channel.closeFuture().awaitUninterruptibly(VERIFY.toMillis()))
        .as("the refused send's connection closed")
        .isTrue();
  }
}
