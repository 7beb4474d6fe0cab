package io.sunco.oauth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;

/** Loopback servers that answer the CLI badly, and the answers they give. */
final class Misbehaving {

  /** Control characters a hostile server puts in its error texts. */
  static final String ESCAPES = "\u001b[31m\r\n\u0007";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Misbehaving() {}

  /**
   * What a misbehaving server does, as the answers it queues: more than the CLI's attempts need. A
   * test of {@link #STALL} gives the command a {@code --timeout} and measures against it, never
   * against how quiet the machine is.
   */
  enum Fault {
    SERVER_ERROR_500(() -> Misbehaving.serverErrorWithEscapes(500)),
    UNAVAILABLE_503(() -> Misbehaving.serverErrorWithEscapes(503)),
    NOT_JSON(Misbehaving::notJson),
    OVERSIZED(Misbehaving::oversized),
    STALL(Misbehaving::stall),
    REDIRECT(Misbehaving::redirect),
    DROPPED(Misbehaving::dropped),
    RATE_LIMITED_THEN_OK(() -> Misbehaving.rateLimited(1), () -> Misbehaving.json(200, "{}")),
    /** Over https, a certificate the CLI is not told to trust; over http not applicable. */
    UNTRUSTED(() -> Misbehaving.json(200, "{}"));

    private final List<Supplier<MockResponse>> answers;

    Fault(Supplier<MockResponse> answer) {
      this(answer, answer);
    }

    Fault(Supplier<MockResponse> first, Supplier<MockResponse> then) {
      this.answers = List.of(first, then, then, then);
    }

    /** Queues the answers on {@code server}. */
    void queueOn(MockWebServer server) {
      answers.forEach(answer -> server.enqueue(answer.get()));
    }
  }

  /** A started MockWebServer on 127.0.0.1. */
  static MockWebServer server() {
    return start(new MockWebServer());
  }

  /** Starts {@code server} on 127.0.0.1. */
  static MockWebServer start(MockWebServer server) {
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  static String baseUrl(MockWebServer server) {
    return "http://127.0.0.1:" + server.getPort();
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** {@code 429} with {@code Retry-After: seconds} and a v2 error body. */
  static MockResponse rateLimited(long seconds) {
    return new MockResponse.Builder()
        .code(429)
        .addHeader("Retry-After", Long.toString(seconds))
        .addHeader("Content-Type", "application/json")
        .body("{\"errors\":[{\"code\":\"too_many_requests\",\"title\":\"Slow down\"}]}")
        .build();
  }

  /** A 2xx that is not JSON at all: a proxy's page. */
  static MockResponse notJson() {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "text/html")
        .body("<html><body>Welcome</body></html>")
        .build();
  }

  /** A redirect elsewhere, which the client must not follow. */
  static MockResponse redirect() {
    return new MockResponse.Builder()
        .code(302)
        .addHeader("Location", "http://127.0.0.1:9/elsewhere")
        .build();
  }

  /** A 200 whose body is larger than the library's default limit (64 KiB). */
  static MockResponse oversized() {
    return json(200, "{\"padding\":\"" + "p".repeat(128 * 1024) + "\"}");
  }

  /** The connection closed once the request has arrived, before any answer. */
  static MockResponse dropped() {
    return new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build();
  }

  /** No answer at all. */
  static MockResponse stall() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build();
  }

  /** A 5xx whose error texts carry terminal escapes and line breaks. */
  static MockResponse serverErrorWithEscapes(int status) {
    return json(
        status,
        "{\"errors\":[{\"code\":\"broken\\u001b[31m\",\"title\":\"line\\r\\nbreak\\u0007\"}]}");
  }

  static MockResponse token(String value) {
    return json(200, "{\"access_token\":\"" + value + "\",\"token_type\":\"Bearer\"}");
  }

  /** The one JSON object a {@code --json} run printed on stdout. */
  static JsonNode parse(String stdout) {
    try {
      JsonNode node = JSON.readTree(stdout);
      if (node == null || !node.isObject() || !stdout.endsWith("}\n")) {
        throw new AssertionError("not one JSON object on one line: " + stdout);
      }
      if (stdout.indexOf('\n') != stdout.length() - 1) {
        throw new AssertionError("more than one line: " + stdout);
      }
      return node;
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + stdout, e);
    }
  }
}
