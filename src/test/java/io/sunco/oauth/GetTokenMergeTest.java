package io.sunco.oauth;

import static io.sunco.oauth.testing.TestServers.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.TestServers;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Concurrent token exchanges of one code on one client are merged: one POST, one outcome for every
 * subscriber, nothing kept afterwards. The server holds each answer until the test releases it, so
 * that the second call provably comes while the first is in flight.
 */
class GetTokenMergeTest {

  private static final long WAIT_SECONDS = 10;
  private static final String CALL_OBSERVATION = "sunco.oauth.client.call";

  private MockWebServer server;
  private SunshineOAuthClient client;

  /**
   * The requests the server has received, in order: path, body and the marketplace bot header when
   * sent.
   */
  private final List<String> posts = new CopyOnWriteArrayList<>();

  /** Released once per answer the server may give. */
  private final Semaphore answers = new Semaphore(0);

  private final AtomicInteger arrived = new AtomicInteger();
  private volatile MockResponse answer = tokenAnswer("tok-1");

  @BeforeEach
  void setUp() {
    server =
        TestServers.answering(
            request -> {
              String bot = request.getHeaders().get("X-Zendesk-Marketplace-Bot-Id");
              posts.add(
                  request.getUrl().encodedPath()
                      + " "
                      + (request.getBody() == null ? "" : request.getBody().utf8())
                      + (bot == null ? "" : " X-Zendesk-Marketplace-Bot-Id: " + bot));
              arrived.incrementAndGet();
              // On MockWebServer's own thread, not an event loop: waiting here is allowed.
              if (!answers.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the answer");
              }
              return answer;
            });
    client = TestServers.clientFor(server).build();
  }

  @AfterEach
  void tearDown() {
    answers.release(100);
    client.close();
    server.close();
  }

  private static MockResponse tokenAnswer(String token) {
    return json(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\"}");
  }

  /** Waits until the server has received {@code count} requests in all. */
  private void awaitArrived(int count) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (arrived.get() < count) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("the server received " + arrived.get() + " of " + count);
      }
      Thread.sleep(5);
    }
  }

  /** The results of two calls for one code, the second subscribed while the first is in flight. */
  private record InFlight(
      CompletableFuture<AccessToken> first, CompletableFuture<AccessToken> second) {}

  /**
   * Subscribes {@code first}; once its request has arrived, subscribes {@code second}; then offers
   * two answers: a second request, were one sent, would be answered and counted.
   */
  private InFlight whileInFlight(
      Supplier<Mono<AccessToken>> first, Supplier<Mono<AccessToken>> second)
      throws InterruptedException {
    CompletableFuture<AccessToken> started = first.get().toFuture();
    awaitArrived(1);
    CompletableFuture<AccessToken> joined = second.get().toFuture();
    answers.release(2);
    return new InFlight(started, joined);
  }

  /**
   * Waits until the server has received two requests, answers both, and checks that each call got
   * its token: exactly these two requests were sent.
   */
  private void assertBothSent(
      CompletableFuture<AccessToken> first, CompletableFuture<AccessToken> second)
      throws Exception {
    awaitArrived(2);
    answers.release(2);

    get(first);
    get(second);
    assertThat(posts).hasSize(2);
  }

  private static <T> T get(CompletableFuture<T> future) throws Exception {
    return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  void getTokenWhenSameCodeWhileInFlightThenOnePostAndBothGetTheToken() throws Exception {
    InFlight calls =
        whileInFlight(() -> client.getToken("code-1"), () -> client.getToken("code-1"));

    assertThat(get(calls.first()).value()).isEqualTo("tok-1");
    assertThat(get(calls.second())).isEqualTo(get(calls.first()));
    assertThat(posts).hasSize(1);
    assertThat(posts.get(0)).contains("\"code\":\"code-1\"");
  }

  @Test
  void getTokenWhenSameCodeWhileInFlightAndRefusedThenOnePostAndBothGetTheSameError()
      throws Exception {
    answer = json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"spent\"}");
    InFlight calls =
        whileInFlight(() -> client.getToken("code-1"), () -> client.getToken("code-1"));

    Throwable firstError = failure(calls.first());
    assertThat(firstError).isInstanceOf(SunshineApiException.class);
    assertThat(((SunshineApiException) firstError).hasErrorCode("invalid_grant")).isTrue();
    assertThat(failure(calls.second())).isSameAs(firstError);
    assertThat(posts).hasSize(1);
  }

  private static Throwable failure(CompletableFuture<?> future) {
    return assertThatThrownBy(() -> get(future))
        .isInstanceOf(ExecutionException.class)
        .actual()
        .getCause();
  }

  @Test
  void getTokenWhenFirstCompletedThenSameCodeSendsANewRequest() throws Exception {
    answers.release();
    assertThat(client.getToken("code-1").block(Duration.ofSeconds(WAIT_SECONDS)).value())
        .isEqualTo("tok-1");

    answer = json(400, "{\"error\":\"invalid_grant\"}");
    answers.release();
    assertThatThrownBy(() -> client.getToken("code-1").block(Duration.ofSeconds(WAIT_SECONDS)))
        .isInstanceOf(SunshineApiException.class);
    assertThat(posts).hasSize(2);
  }

  @Test
  void getTokenWhenDifferentCodesThenNotMerged() throws Exception {
    CompletableFuture<AccessToken> first = client.getToken("code-1").toFuture();
    CompletableFuture<AccessToken> second = client.getToken("code-2").toFuture();

    assertBothSent(first, second);
    assertThat(String.join(" ", posts)).contains("\"code-1\"", "\"code-2\"");
  }

  @Test
  void getTokenWhenSameCodeOnDerivedClientThenMergedWithTheParentsCall() throws Exception {
    SunshineOAuthClient derived =
        client
            .newBuilder()
            .timeouts(Timeouts.defaults().withAttempt(Duration.ofSeconds(20)))
            .build();
    InFlight calls =
        whileInFlight(() -> client.getToken("code-1"), () -> derived.getToken("code-1"));

    assertThat(get(calls.second())).isEqualTo(get(calls.first()));
    assertThat(posts).hasSize(1);
  }

  @Test
  void getTokenWhenDerivedClientWithItsOwnRegistryJoinsTheParentsExchangeThenObservedByTheParent()
      throws Exception {
    TestObservationRegistry parentRegistry = TestObservationRegistry.create();
    TestObservationRegistry derivedRegistry = TestObservationRegistry.create();
    try (SunshineOAuthClient parent =
        TestServers.clientFor(server).observationRegistry(parentRegistry).build()) {
      SunshineOAuthClient derived =
          parent.newBuilder().observationRegistry(derivedRegistry).build();
      InFlight calls =
          whileInFlight(() -> parent.getToken("code-1"), () -> derived.getToken("code-1"));

      assertThat(get(calls.second())).isEqualTo(get(calls.first()));
      assertThat(posts).hasSize(1);
      // As SunshineOAuthClient.Builder#observationRegistry says: the merged exchange is observed
      // where it started, once, and not in the joining client's own registry.
      TestObservationRegistryAssert.assertThat(parentRegistry)
          .hasNumberOfObservationsWithNameEqualTo(CALL_OBSERVATION, 1);
      TestObservationRegistryAssert.assertThat(derivedRegistry).doesNotHaveAnyObservation();
    }
  }

  /** Each way a derived client can send another request for the same code. */
  private SunshineOAuthClient derivedWithAnother(String what) {
    SunshineOAuthClient.Builder builder = client.newBuilder();
    return switch (what) {
      case "client id" -> builder.clientId("other-client").build();
      case "client secret" -> builder.clientSecret("another-secret").build();
      case "base url" -> builder.baseUrl(URI.create(client.baseUrl() + "/other")).build();
      default -> builder.defaultHeader("X-Zendesk-Marketplace-Bot-Id", "bot-2").build();
    };
  }

  /**
   * Each identity but the client id that a derived client can change, with what shows the change in
   * its request.
   */
  static Stream<Arguments> otherIdentities() {
    return Stream.of(
        Arguments.of("client secret", "\"client_secret\":\"another-secret\""),
        Arguments.of("default header", "X-Zendesk-Marketplace-Bot-Id: bot-2"),
        Arguments.of("base url", "/other/oauth/token"));
  }

  /** {@link #otherIdentities()} and the client id. */
  static Stream<Arguments> otherIdentitiesAndClientId() {
    return Stream.concat(
        Stream.of(Arguments.of("client id", "\"client_id\":\"other-client\"")), otherIdentities());
  }

  @ParameterizedTest
  @MethodSource("otherIdentitiesAndClientId")
  void getTokenWhenSameCodeOnDerivedClientWithAnotherIdentityThenNotMerged(
      String what, String inSecondRequest) throws Exception {
    SunshineOAuthClient other = derivedWithAnother(what);
    CompletableFuture<AccessToken> first = client.getToken("code-1").toFuture();
    awaitArrived(1);
    CompletableFuture<AccessToken> second = other.getToken("code-1").toFuture();

    assertBothSent(first, second);
    assertThat(posts.get(1)).contains(inSecondRequest);
  }

  @ParameterizedTest
  @MethodSource("otherIdentities")
  void completeAuthorizationWhenSameCodeOnDerivedClientWithAnotherIdentityThenNotMerged(
      String what, String inSecondRequest) throws Exception {
    SunshineOAuthClient other = derivedWithAnother(what);
    client
        .completeAuthorization("code-1", (token, app) -> Mono.just(token))
        .subscribe(ignored -> {}, error -> {});
    awaitArrived(1);
    other
        .completeAuthorization("code-1", (token, app) -> Mono.just(token))
        .subscribe(ignored -> {}, error -> {});
    awaitArrived(2);

    assertThat(posts).hasSize(2);
    assertThat(posts.get(0)).startsWith("/oauth/token ");
    assertThat(posts.get(1)).contains("/oauth/token ", inSecondRequest);
    // Both exchanges, their token infos and revokes are answered before the client closes.
    answers.release(100);
  }

  @Test
  void getTokenWhenSubscribedTwiceToOneMonoWhileInFlightThenMergedToo() throws Exception {
    Mono<AccessToken> exchange = client.getToken("code-1");
    InFlight calls = whileInFlight(() -> exchange, () -> exchange);

    assertThat(get(calls.second())).isEqualTo(get(calls.first()));
    assertThat(posts).hasSize(1);
  }

  @Nested
  class Cancellation {

    @Test
    void getTokenWhenOneOfTwoCancelsThenTheOtherStillGetsTheToken() throws Exception {
      CountDownLatch cancelled = new CountDownLatch(1);
      Disposable first =
          client.getToken("code-1").doOnCancel(cancelled::countDown).subscribe(token -> {});
      awaitArrived(1);
      CompletableFuture<AccessToken> second = client.getToken("code-1").toFuture();
      first.dispose();
      assertThat(cancelled.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      answers.release(2);

      assertThat(get(second).value()).isEqualTo("tok-1");
      assertThat(posts).hasSize(1);
    }

    @Test
    void getTokenWhenAllCancelThenRequestCancelledAndSameCodeSendsANewRequest() throws Exception {
      CompletableFuture<AccessToken> first = client.getToken("code-1").toFuture();
      awaitArrived(1);
      CompletableFuture<AccessToken> second = client.getToken("code-1").toFuture();
      first.cancel(false);
      second.cancel(false);

      // The exchange is over for everyone: the next call is a call of its own.
      answers.release(2);
      CompletableFuture<AccessToken> third = client.getToken("code-1").toFuture();
      awaitArrived(2);
      assertThat(get(third).value()).isEqualTo("tok-1");
      assertThat(posts).hasSize(2);
    }
  }
}
