package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.errorCode;
import static io.sunco.oauth.emulator.TestHttp.get;
import static io.sunco.oauth.emulator.TestHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The emulator's limits: a capped request body and a bounded request log. */
class LimitsTest {

  private static final int CAP = 64 * 1024;

  @AutoClose private final SunshineOAuthEmulator emulator = emulatorBuilder().start();

  /**
   * Posts a body over the cap. The emulator answers 413 and closes the connection while the client
   * may still be uploading, so the client can see the close (no answer) instead of the 413 (the
   * raw-socket tests below check the 413 itself); empty in that case.
   */
  private static Optional<HttpResponse<String>> postTooLarge(String url, String body) {
    try {
      return Optional.of(postJson(url, body));
    } catch (java.io.UncheckedIOException closedWhileSending) {
      return Optional.empty();
    }
  }

  @Nested
  class BodyCap {

    @Test
    void requestWhenBodyOneByteOverDefaultCapThen413AndRecordedWithoutBody()
        throws InterruptedException {
      Optional<HttpResponse<String>> answered = postTooLarge(tokenUrl(), jsonOfLength(CAP + 1));

      answered.ifPresent(
          response -> {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(errorCode(response)).isEqualTo("payload_too_large");
            assertThat(response.headers().firstValue("Connection")).hasValue("close");
          });
      Optional<RecordedRequest> recorded = emulator.takeRequest(Duration.ofSeconds(1));
      assertThat(recorded)
          .hasValueSatisfying(request -> assertThat(request.body()).isEmpty())
          .hasValueSatisfying(request -> assertThat(request.method()).isEqualTo("POST"));
      assertThat(emulator.requestCount()).isEqualTo(1);
    }

    @Test
    void requestWhenBodyExactlyAtDefaultCapThenReadWhole() throws InterruptedException {
      HttpResponse<String> response = postJson(tokenUrl(), jsonOfLength(CAP));

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(errorCode(response)).isEqualTo("invalid_request");
      assertThat(emulator.takeRequest(Duration.ofSeconds(1)).orElseThrow().body()).hasSize(CAP);
    }

    @Test
    void requestWhenDeclaredLengthOverCapThen413BeforeAnyBodyByteIsSent() throws IOException {
      try (Socket socket = connect()) {
        send(
            socket,
            "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n");

        String answer = readUntilClosed(socket);

        assertThat(answer).startsWith("HTTP/1.1 413 ").containsIgnoringCase("connection: close");
      }
    }

    @Test
    void requestWhenChunkedBodyCrossesCapThen413WithoutWaitingForItsEnd() throws IOException {
      try (Socket socket = connect()) {
        send(
            socket,
            "POST /oauth/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        // Three chunks of 30,000 bytes and never the last-chunk marker: the body has no end.
        String chunk = Integer.toHexString(30_000) + "\r\n" + "a".repeat(30_000) + "\r\n";
        for (int i = 0; i < 3; i++) {
          send(socket, chunk);
        }

        String answer = readUntilClosed(socket);

        assertThat(answer).startsWith("HTTP/1.1 413 ").contains("payload_too_large");
      }
    }

    @Test
    void requestWhenRefusedAsTooLargeThenNextConnectionIsServedNormally() {
      postTooLarge(tokenUrl(), jsonOfLength(CAP + 1))
          .ifPresent(response -> assertThat(response.statusCode()).isEqualTo(413));

      assertThat(get(emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH).statusCode())
          .isEqualTo(401);
    }

    @Test
    void requestWhenScriptQueuedAndBodyTooLargeThen413AndScriptKept() {
      emulator.enqueue(ScriptedResponse.status(503));

      Optional<HttpResponse<String>> tooLarge = postTooLarge(tokenUrl(), jsonOfLength(CAP + 1));
      HttpResponse<String> next = get(emulator.baseUrl() + "/x");

      tooLarge.ifPresent(response -> assertThat(response.statusCode()).isEqualTo(413));
      assertThat(next.statusCode()).isEqualTo(503);
    }

    @Test
    void maxRequestBodyBytesWhenConfiguredThenThatIsTheCap() {
      try (SunshineOAuthEmulator small = emulatorBuilder().maxRequestBodyBytes(16).start()) {
        String url = small.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH;

        assertThat(postJson(url, "{\"a\":\"012345678\"}").statusCode()).isEqualTo(413);
        assertThat(postJson(url, "{\"a\":\"01234567\"}").statusCode()).isEqualTo(400);
      }
      assertThat(SunshineOAuthEmulator.DEFAULT_MAX_REQUEST_BODY_BYTES).isEqualTo(CAP);
      assertThatThrownBy(() -> SunshineOAuthEmulator.builder().maxRequestBodyBytes(0))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class RequestLogBound {

    @Test
    void takeRequestWhenMoreThanDefaultCapacityArrivedThenOldestDroppedAndCounted()
        throws InterruptedException {
      int capacity = 1000;
      for (int i = 0; i < capacity + 5; i++) {
        get(emulator.baseUrl() + "/r" + i);
      }

      int taken = 0;
      Optional<RecordedRequest> first = emulator.takeRequest(Duration.ZERO);
      Optional<RecordedRequest> next = first;
      while (next.isPresent()) {
        taken++;
        next = emulator.takeRequest(Duration.ZERO);
      }

      assertThat(taken).isEqualTo(capacity);
      assertThat(first.map(RecordedRequest::path)).hasValue("/r5");
      assertThat(first.map(RecordedRequest::sequenceNumber)).hasValue(5);
      assertThat(emulator.requestCount()).isEqualTo(capacity + 5);
      assertThat(emulator.droppedRequestCount()).isEqualTo(5);
      assertThat(SunshineOAuthEmulator.DEFAULT_REQUEST_LOG_CAPACITY).isEqualTo(capacity);
    }

    @Test
    void takeRequestWhenCapacityConfiguredThenKeepsTheNewestThatMany() throws InterruptedException {
      try (SunshineOAuthEmulator small = emulatorBuilder().requestLogCapacity(2).start()) {
        for (int i = 0; i < 5; i++) {
          get(small.baseUrl() + "/r" + i);
        }

        assertThat(small.takeRequest(Duration.ZERO).map(RecordedRequest::path)).hasValue("/r3");
        assertThat(small.takeRequest(Duration.ZERO).map(RecordedRequest::path)).hasValue("/r4");
        assertThat(small.takeRequest(Duration.ZERO)).isEmpty();
        assertThat(small.droppedRequestCount()).isEqualTo(3);
        assertThat(small.requestCount()).isEqualTo(5);
      }
      assertThatThrownBy(() -> SunshineOAuthEmulator.builder().requestLogCapacity(0))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void takeRequestWhenTakenInTimeThenNothingIsDropped() throws InterruptedException {
      for (int i = 0; i < 3; i++) {
        get(emulator.baseUrl() + "/r" + i);
        assertThat(emulator.takeRequest(Duration.ofSeconds(1))).isPresent();
      }

      assertThat(emulator.droppedRequestCount()).isZero();
    }

    @Test
    void takeRequestWhenTimeoutIsHugeThenStillReturnsTheWaitingRequest()
        throws InterruptedException {
      get(emulator.baseUrl() + "/r");

      assertThat(emulator.takeRequest(Duration.ofSeconds(Long.MAX_VALUE))).isPresent();
    }
  }

  private String tokenUrl() {
    return emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH;
  }

  /** A JSON object of exactly {@code length} ASCII bytes: one padding member. */
  private static String jsonOfLength(int length) {
    String shell = "{\"pad\":\"\"}";
    return "{\"pad\":\"" + "x".repeat(length - shell.length()) + "\"}";
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(SunshineOAuthEmulator.HOST, emulator.port()), 5_000);
    socket.setSoTimeout(5_000);
    return socket;
  }

  private static void send(Socket socket, String text) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Everything the server sends until it closes the connection; fails after 5 s of silence. */
  private static String readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        received.write(buffer, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError(
          "no close within 5 s; received: " + received.toString(StandardCharsets.US_ASCII), e);
    }
    return received.toString(StandardCharsets.US_ASCII);
  }
}
