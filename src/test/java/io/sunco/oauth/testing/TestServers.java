package io.sunco.oauth.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** Shared set-up of the MockWebServer tests: loopback servers, clients, fixtures. */
public final class TestServers {

  public static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  public static final String CLIENT_SECRET = "5XJ85yjUtRcaQu_pDINblPZb-secret";

  private TestServers() {}

  static {
    warmUp();
  }

  /**
   * Makes one real call, with generous deadlines, before any test uses this class: the first
   * exchange in a JVM loads and instruments (BlockHound) much of Netty and can take longer than the
   * short deadlines of the fault tests.
   */
  private static void warmUp() {
    try (MockWebServer server = start();
        SunshineOAuthClient client = clientFor(server).build()) {
      server.enqueue(json(200, "{\"app\":{\"id\":\"warm-up\"}}"));
      client.getTokenInfo(AccessToken.bearer("warm-up")).block(Duration.ofSeconds(30));
    }
  }

  /** A started MockWebServer on 127.0.0.1 and a free port. */
  public static MockWebServer start() {
    MockWebServer server = new MockWebServer();
    try {
      server.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  /** What a server answers to each request, on MockWebServer's own thread (waiting is allowed). */
  @FunctionalInterface
  public interface Answer {
    /**
     * The answer to {@code request}.
     *
     * @param request the request as received
     * @return the answer
     * @throws InterruptedException if interrupted while waiting to answer
     */
    MockResponse to(RecordedRequest request) throws InterruptedException;
  }

  /** A started server, as {@link #start()}, that answers every request with {@code answer}. */
  public static MockWebServer answering(Answer answer) {
    MockWebServer server = start();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            return answer.to(request);
          }
        });
    return server;
  }

  /** The base URL of a server, as an IP literal so that no name is looked up. */
  public static String baseUrl(MockWebServer server) {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** A client with the test credentials pointed at a server. */
  public static SunshineOAuthClient.Builder clientFor(MockWebServer server) {
    return SunshineOAuthClient.builder()
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET)
        .baseUrl(baseUrl(server));
  }

  /**
   * A client with the test credentials and deadlines and backoffs short enough for fault tests:
   * attempt 1 s, call 5 s, backoff 10 to 50 ms, at most 3 attempts, no shared budget limit.
   */
  public static SunshineOAuthClient.Builder fastClientFor(MockWebServer server) {
    return clientFor(server)
        .timeouts(
            Timeouts.defaults()
                .withConnect(Duration.ofSeconds(1))
                .withAttempt(Duration.ofSeconds(1))
                .withCall(Duration.ofSeconds(5)))
        .retryPolicy(
            RetryPolicy.defaults()
                .withInitialBackoff(Duration.ofMillis(10))
                .withMaxBackoff(Duration.ofMillis(50)))
        .retryBudget(RetryBudget.unlimited());
  }

  /** The token info success answer. */
  public static MockResponse tokenInfoOk() {
    return json(200, fixture("token-info-success.json"));
  }

  /** An answer with a JSON body. */
  public static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** The text of a fixture under {@code src/test/resources/fixtures/}. */
  public static String fixture(String name) {
    try (InputStream in = TestServers.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The next request the server received, failing the test after five seconds. */
  public static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("the server received no request");
    }
    return request;
  }
}
