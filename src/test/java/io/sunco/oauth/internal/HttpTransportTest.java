package io.sunco.oauth.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpMethod;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.cert.CertificateExpiredException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;
import reactor.test.StepVerifier;

/**
 * How network errors are classified: above all, whether the request may have reached the server.
 */
class HttpTransportTest {

  private final HttpTransport transport =
      new HttpTransport(HttpClient.create(), 1024, Duration.ofSeconds(5), Duration.ofSeconds(10));

  private static final URI TOKEN_URL =
      URI.create("https://oauth-bridge.zendesk.com/sc/oauth/token");

  private SunshineTransportException transportError(Throwable error, boolean started) {
    SunshineOAuthException e = transport.translate(Operation.GET_TOKEN, TOKEN_URL, error, started);
    assertThat(e).isInstanceOf(SunshineTransportException.class);
    return (SunshineTransportException) e;
  }

  @Test
  void translateWhenPrematureCloseAfterRequestStartedThenMayHaveBeenProcessed() {
    SunshineTransportException e = transportError(PrematureCloseException.TEST_EXCEPTION, true);
    assertThat(e.reason()).isEqualTo(Reason.CLOSED_DURING_EXCHANGE);
    assertThat(e.requestMayHaveBeenProcessed()).isTrue();
    assertThat(e.getMessage()).contains("the authorization code may be spent");
  }

  /**
   * The connection-level failures: the reason, and whether the request may have reached the server,
   * which a closed-before-send decides even when the request had started.
   */
  static Stream<Arguments> connectionFailures() {
    Reason before = Reason.CLOSED_BEFORE_REQUEST;
    Reason connect = Reason.CONNECT_FAILED;
    Reason during = Reason.CLOSED_DURING_EXCHANGE;
    return Stream.of(
        row("closed before send", AbortedException.beforeSend(), true, before, false),
        row(
            "reset before the request",
            new IOException("Connection reset by peer"),
            false,
            before,
            false),
        row("connect refused", new ConnectException("refused"), false, connect, false),
        row("unknown host", new UnknownHostException("nowhere.invalid"), false, connect, false),
        row(
            "aborted after send",
            new AbortedException("Connection has been closed"),
            true,
            during,
            true));
  }

  private static Arguments row(
      String name, Throwable cause, boolean started, Reason reason, boolean processed) {
    return arguments(named(name, cause), started, reason, processed);
  }

  @ParameterizedTest(name = "{0}, started {1}")
  @MethodSource("connectionFailures")
  void translateWhenConnectionFailsThenReasonAndWhetherProcessed(
      Throwable cause, boolean started, Reason reason, boolean processed) {
    SunshineTransportException e = transportError(cause, started);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.requestMayHaveBeenProcessed()).isEqualTo(processed);
  }

  @Test
  void translateWhenConnectFailsThenMessageNamesHostPortAndKindButNoCauseText() {
    SunshineTransportException e =
        transportError(new UnknownHostException("secret-looking-detail.invalid"), false);

    assertThat(e.endpoint()).contains("oauth-bridge.zendesk.com:443");
    assertThat(e.getMessage())
        .isEqualTo(
            "getToken failed: the connection could not be made (oauth-bridge.zendesk.com:443)"
                + " [UnknownHostException] (the request did not reach the server)")
        .doesNotContain("secret-looking-detail")
        .doesNotContain("/sc/oauth/token");
  }

  @Test
  void translateWhenUrlHasPortOrIsHttpThenEndpointUsesIt() {
    SunshineOAuthException explicit =
        transport.translate(
            Operation.REVOKE_ACCESS,
            URI.create("http://127.0.0.1:8089/oauth/authorization?x=y"),
            new ConnectException("refused"),
            false);
    SunshineOAuthException plainHttp =
        transport.translate(
            Operation.REVOKE_ACCESS,
            URI.create("http://localhost/oauth/authorization"),
            new ConnectException("refused"),
            false);

    assertThat(((SunshineTransportException) explicit).endpoint()).contains("127.0.0.1:8089");
    assertThat(explicit.getMessage()).contains("(127.0.0.1:8089) [ConnectException]");
    assertThat(explicit.getMessage()).doesNotContain("x=y");
    assertThat(((SunshineTransportException) plainHttp).endpoint()).contains("localhost:80");
  }

  @Test
  void translateWhenCauseHasARootCauseThenBothKindsNamed() {
    SSLHandshakeException handshake = new SSLHandshakeException("bad certificate");
    handshake.initCause(new CertificateExpiredException("expired"));
    SunshineTransportException e = transportError(new DecoderException(handshake), false);

    assertThat(e.reason()).isEqualTo(Reason.TLS_FAILED);
    assertThat(e.getMessage())
        .contains("[DecoderException, caused by CertificateExpiredException]")
        .doesNotContain("bad certificate");
  }

  @Test
  void transportExceptionWhenMadeWithoutEndpointThenNoneNamed() {
    SunshineTransportException e =
        new SunshineTransportException(Operation.GET_TOKEN, Reason.OTHER, false, null);

    assertThat(e.endpoint()).isEmpty();
    assertThat(e.getMessage())
        .isEqualTo("getToken failed: the exchange failed (the request did not reach the server)");
  }

  @Test
  void translateWhenSslFailureWrappedThenTlsFailed() {
    SunshineTransportException e =
        transportError(
            new RuntimeException(new SSLHandshakeException("PKIX path building failed")), false);
    assertThat(e.reason()).isEqualTo(Reason.TLS_FAILED);
    assertThat(e.requestMayHaveBeenProcessed()).isFalse();
  }

  @Test
  void translateWhenDecoderFailureThenMalformedHttp() {
    assertThat(transportError(new TooLongFrameException("header too long"), true).reason())
        .isEqualTo(Reason.MALFORMED_HTTP);
  }

  @Test
  void translateWhenConnectTimeoutThenConnectDeadlineNotProcessed() {
    SunshineOAuthException e =
        transport.translate(
            Operation.GET_TOKEN_INFO, TOKEN_URL, new ConnectTimeoutException("timed out"), false);
    assertThat(e).isInstanceOf(SunshineTimeoutException.class);
    SunshineTimeoutException t = (SunshineTimeoutException) e;
    assertThat(t.deadline()).isEqualTo(SunshineTimeoutException.Deadline.CONNECT);
    assertThat(t.limit()).isEqualTo(Duration.ofSeconds(5));
    assertThat(t.requestMayHaveBeenProcessed()).isFalse();
  }

  @Test
  void translateWhenUnknownErrorThenOtherFollowingStartedFlag() {
    assertThat(transportError(new IllegalStateException("x"), true).requestMayHaveBeenProcessed())
        .isTrue();
    assertThat(transportError(new IllegalStateException("x"), false).requestMayHaveBeenProcessed())
        .isFalse();
  }

  @Test
  void translateWhenCauseChainLoopsThenEndsWithoutTls() {
    Throwable self =
        new IllegalStateException("self") {
          @Override
          public synchronized Throwable getCause() {
            return this;
          }
        };
    assertThat(transportError(self, false).reason()).isEqualTo(Reason.OTHER);

    IllegalStateException first = new IllegalStateException("first");
    IllegalStateException second = new IllegalStateException("second", first);
    first.initCause(second);
    assertThat(transportError(first, false).reason()).isEqualTo(Reason.OTHER);
  }

  // Exchanges with a local server. The limit is 1024 bytes; a pool of one connection makes a
  // connection that was put back the one the next exchange gets.

  private static final int LIMIT = 1024;
  private static final Duration VERIFY = Duration.ofSeconds(30);

  /**
   * Runs {@code test} against a started local server and a transport with a one-connection pool.
   */
  private static void withServer(ServerTest test) throws Exception {
    ConnectionProvider pool =
        ConnectionProvider.builder("http-transport-test")
            .maxConnections(1)
            .pendingAcquireTimeout(Duration.ofSeconds(5))
            .build();
    try (MockWebServer server = new MockWebServer()) {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
      HttpTransport transport =
          new HttpTransport(
              HttpClient.create(pool), LIMIT, Duration.ofSeconds(5), Duration.ofSeconds(5));
      test.run(server, transport);
    } finally {
      pool.disposeLater().block(VERIFY);
    }
  }

  private interface ServerTest {
    void run(MockWebServer server, HttpTransport transport) throws Exception;
  }

  private static Mono<RawResponse> get(
      HttpTransport transport, MockWebServer server, AttemptTracker tracker) {
    return transport.exchange(
        Operation.GET_TOKEN_INFO,
        HttpMethod.GET,
        URI.create("http://127.0.0.1:" + server.getPort() + "/v2/tokenInfo"),
        "Bearer t",
        null,
        tracker);
  }

  private static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("the server received no request");
    }
    return request;
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder().code(200).body(body).build();
  }

  /** The body {@code {}} under a Content-Length header of {@code contentLength}, as given. */
  private static MockResponse withContentLength(String contentLength) {
    return announcing(contentLength).build();
  }

  /** Headers announcing {@code contentLength} bytes, then a body that never comes. */
  private static MockResponse announcingThenStalling(String contentLength) {
    return announcing(contentLength).onResponseBody(SocketEffect.Stall.INSTANCE).build();
  }

  private static MockResponse.Builder announcing(String contentLength) {
    return new MockResponse.Builder()
        .code(200)
        .body("{}")
        .setHeader("Content-Length", contentLength);
  }

  private static void expectBodyTooLarge(Mono<RawResponse> exchange) {
    StepVerifier.create(exchange)
        .expectErrorSatisfies(
            e -> {
              assertThat(e).isInstanceOf(SunshineTransportException.class);
              assertThat(((SunshineTransportException) e).reason())
                  .isEqualTo(Reason.BODY_TOO_LARGE);
            })
        .verify(VERIFY);
  }

  @Test
  void exchangeWhenBodyExactlyAtLimitThenRead() throws Exception {
    String body = "x".repeat(LIMIT);
    withServer(
        (server, transport) -> {
          server.enqueue(ok(body));
          StepVerifier.create(get(transport, server, new AttemptTracker()))
              .assertNext(
                  response -> {
                    assertThat(response.status()).isEqualTo(200);
                    assertThat(new String(response.body(), UTF_8)).isEqualTo(body);
                  })
              .verifyComplete();
        });
  }

  @Test
  void exchangeWhenNoContentLengthThenChunkedBodyRead() throws Exception {
    String body = "{\"app\":{\"id\":\"a1\"}}";
    withServer(
        (server, transport) -> {
          server.enqueue(
              new MockResponse.Builder()
                  .code(200)
                  .chunkedBody(new Buffer().writeUtf8(body), 4)
                  .build());
          StepVerifier.create(get(transport, server, new AttemptTracker()))
              .assertNext(
                  response -> assertThat(new String(response.body(), UTF_8)).isEqualTo(body))
              .verifyComplete();
        });
  }

  @Test
  void exchangeWhenContentLengthHasLeadingZerosThenBodyRead() throws Exception {
    withServer(
        (server, transport) -> {
          server.enqueue(withContentLength("000000000000000002"));
          StepVerifier.create(get(transport, server, new AttemptTracker()))
              .assertNext(
                  response -> assertThat(new String(response.body(), UTF_8)).isEqualTo("{}"))
              .verifyComplete();
        });
  }

  /**
   * Netty itself rejects a Content-Length that is not a plain non-negative decimal long, before
   * {@code contentLength} sees it: the exchange fails, and never waits for a body.
   */
  @ParameterizedTest
  @ValueSource(strings = {"", "1x", "-1", "+2", "99999999999999999999"})
  void exchangeWhenContentLengthInvalidThenExchangeFails(String contentLength) throws Exception {
    withServer(
        (server, transport) -> {
          server.enqueue(withContentLength(contentLength));
          StepVerifier.create(get(transport, server, new AttemptTracker()))
              .expectErrorSatisfies(
                  e -> {
                    assertThat(e).isInstanceOf(SunshineTransportException.class);
                    assertThat(((SunshineTransportException) e).requestMayHaveBeenProcessed())
                        .isTrue();
                    assertThat(e.getCause()).hasMessageContaining("Content-Length");
                  })
              .verify(VERIFY);
        });
  }

  /**
   * A Content-Length above the limit fails the exchange as soon as the headers arrive, without
   * waiting for the body: the body here never comes.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "1025", // the limit + 1
        "1900",
        "99999",
        "2147483648", // above any int limit
        "100000000000000000", // 18 digits
        "1000000000000000000", // 19 digits
        "9223372036854775807" // Long.MAX_VALUE
      })
  void exchangeWhenContentLengthAboveLimitThenTooLargeBeforeTheBody(String contentLength)
      throws Exception {
    withServer(
        (server, transport) -> {
          server.enqueue(announcingThenStalling(contentLength));
          expectBodyTooLarge(get(transport, server, new AttemptTracker()));
        });
  }

  @Test
  void exchangeWhenContentLengthAboveLimitThenConnectionClosedNotReused() throws Exception {
    withServer(
        (server, transport) -> {
          server.enqueue(ok("x".repeat(LIMIT + 1)));
          server.enqueue(ok("{}"));
          expectBodyTooLarge(get(transport, server, new AttemptTracker()));
          StepVerifier.create(get(transport, server, new AttemptTracker()))
              .assertNext(response -> assertThat(response.body()).hasSize(2))
              .verifyComplete();
          assertThat(take(server).getExchangeIndex()).isZero();
          // The answer too large was not read into the pool's connection: a new one was opened.
          assertThat(take(server).getExchangeIndex()).isZero();
        });
  }

  @Test
  void exchangeWhenBodyWithinLimitThenConnectionReused() throws Exception {
    withServer(
        (server, transport) -> {
          server.enqueue(ok("{}"));
          server.enqueue(ok("{}"));
          StepVerifier.create(get(transport, server, new AttemptTracker()))
              .expectNextCount(1)
              .verifyComplete();
          StepVerifier.create(get(transport, server, new AttemptTracker()))
              .expectNextCount(1)
              .verifyComplete();
          assertThat(take(server).getExchangeIndex()).isZero();
          assertThat(take(server).getExchangeIndex()).isEqualTo(1);
        });
  }

  @Test
  void exchangeWhenConnectionClosesAfterRequestThenMarkedStartedAndClosedDuringExchange()
      throws Exception {
    withServer(
        (server, transport) -> {
          server.enqueue(
              new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
          AttemptTracker tracker = new AttemptTracker();
          StepVerifier.create(get(transport, server, tracker))
              .expectErrorSatisfies(
                  e -> {
                    assertThat(e).isInstanceOf(SunshineTransportException.class);
                    SunshineTransportException t = (SunshineTransportException) e;
                    assertThat(t.reason()).isEqualTo(Reason.CLOSED_DURING_EXCHANGE);
                    assertThat(t.requestMayHaveBeenProcessed()).isTrue();
                  })
              .verify(VERIFY);
          assertThat(tracker.requestStarted()).isTrue();
          assertThat(take(server).getHeaders().get("Authorization")).isEqualTo("Bearer t");
        });
  }
}
