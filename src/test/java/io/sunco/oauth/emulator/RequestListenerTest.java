package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_SECRET;
import static io.sunco.oauth.emulator.TestHttp.authorizeCode;
import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.exchange;
import static io.sunco.oauth.emulator.TestHttp.get;
import static io.sunco.oauth.emulator.TestHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestListenerTest {

  private final BlockingQueue<HandledRequest> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> threads = new LinkedBlockingQueue<>();
  private SunshineOAuthEmulator emulator;

  @AfterEach
  void stop() {
    if (emulator != null) {
      emulator.close();
    }
  }

  private void start(Consumer<HandledRequest> listener) {
    emulator = emulatorBuilder().requestListener(listener).start();
  }

  private HandledRequest next() throws InterruptedException {
    HandledRequest event = events.poll(5, TimeUnit.SECONDS);
    assertThat(event).as("an event within 5 s").isNotNull();
    return event;
  }

  @Test
  void requestListenerWhenFlowRunsThenOneEventPerRequestWithoutQueryOrSecret()
      throws InterruptedException {
    start(
        event -> {
          threads.add(Thread.currentThread().getName());
          events.add(event);
        });

    String code = authorizeCode(emulator, "state", "s3cret-state");
    exchange(emulator, code);
    postJson(emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH + "?client_secret=leak", "{");

    HandledRequest authorize = next();
    HandledRequest token = next();
    HandledRequest malformed = next();
    assertThat(authorize.sequenceNumber()).isZero();
    assertThat(authorize.method()).isEqualTo("GET");
    assertThat(authorize.path()).isEqualTo(SunshineOAuthEmulator.AUTHORIZE_PATH);
    assertThat(authorize.status()).isEqualTo(302);
    assertThat(token.sequenceNumber()).isEqualTo(1);
    assertThat(token.method()).isEqualTo("POST");
    assertThat(token.path()).isEqualTo(SunshineOAuthEmulator.TOKEN_PATH);
    assertThat(token.status()).isEqualTo(200);
    assertThat(token.duration()).isPositive();
    assertThat(malformed.path()).isEqualTo(SunshineOAuthEmulator.TOKEN_PATH);
    assertThat(malformed.status()).isEqualTo(400);
    for (HandledRequest event : List.of(authorize, token, malformed)) {
      assertThat(event.toString())
          .doesNotContain(code)
          .doesNotContain("s3cret-state")
          .doesNotContain(CLIENT_SECRET)
          .doesNotContain("leak");
    }
    assertThat(threads).containsOnly("sunco-oauth-emulator-listener");
  }

  @Test
  void requestListenerWhenTokenInPathThenSegmentMasked() throws InterruptedException {
    start(events::add);
    String token = emulator.issueAccessToken(TestHttp.CLIENT_ID, APP.id());

    get(emulator.baseUrl() + "/v2/apps/" + token + "/x");

    assertThat(next().path()).isEqualTo("/v2/apps/****/x");
  }

  @Test
  void requestListenerWhenRevokedTokenOrRedeemedCodeInPathThenSegmentMaskedAndFlagged()
      throws InterruptedException {
    start(events::add);
    String token = emulator.issueAccessToken(TestHttp.CLIENT_ID, APP.id());
    String code = emulator.issueAuthorizationCode(TestHttp.CLIENT_ID, APP.id());
    assertThat(exchange(emulator, code).statusCode()).isEqualTo(200);
    next(); // the exchange
    // Both forgotten by the emulator's maps now: the token's authorization ended with the revoke.
    assertThat(TestHttp.revoke(emulator, "Bearer " + token).statusCode()).isEqualTo(200);
    next(); // the revoke

    get(emulator.baseUrl() + "/v2/apps/" + token + "/x");
    get(emulator.baseUrl() + "/v2/codes/" + code);

    assertThat(next().path()).isEqualTo("/v2/apps/****/x");
    assertThat(next().path()).isEqualTo("/v2/codes/****");
    assertThat(emulator.requestsWithSecretInUrl()).hasSize(2);
    assertThat(emulator.requestsWithSecretInUrl().toString())
        .doesNotContain(token)
        .doesNotContain(code);
  }

  @Test
  void requestListenerWhenItBlocksThenRequestsAreStillAnsweredAndEventsFollowInOrder()
      throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    start(
        event -> {
          try {
            // Blocking is allowed here: BlockHound would fail this on an event loop.
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          events.add(event);
        });

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(get(emulator.baseUrl() + "/r" + i).statusCode());
    }
    release.countDown();

    assertThat(statuses).containsExactly(404, 404, 404);
    assertThat(List.of(next().path(), next().path(), next().path()))
        .containsExactly("/r0", "/r1", "/r2");
  }

  @Test
  void requestListenerWhenItThrowsThenNextEventIsStillDelivered() throws InterruptedException {
    start(
        event -> {
          if (event.path().equals("/fail")) {
            throw new IllegalStateException("listener bug");
          }
          events.add(event);
        });

    get(emulator.baseUrl() + "/fail");
    get(emulator.baseUrl() + "/ok");

    assertThat(next().path()).isEqualTo("/ok");
  }

  @Test
  void requestListenerWhenConnectionDroppedOrBodyTooLargeThenStatusZeroOr413()
      throws InterruptedException {
    start(events::add);
    emulator.enqueue(ScriptedResponse.dropConnection());

    // A POST: the JDK client retries a GET once on a dropped connection.
    assertThatThrownBy(() -> postJson(emulator.baseUrl() + "/dropped", "{}"))
        .isInstanceOf(UncheckedIOException.class);
    HandledRequest dropped = next();
    try {
      postJson(emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH, "x".repeat(70_000));
    } catch (UncheckedIOException closedWhileSending) {
      // The emulator answers 413 and closes the connection while the client may still be sending
      // the body: the client can then see the close instead of the answer. What it recorded is
      // what this test checks.
    }
    HandledRequest tooLarge = next();

    assertThat(dropped.path()).isEqualTo("/dropped");
    assertThat(dropped.status()).isZero();
    assertThat(tooLarge.status()).isEqualTo(413);
  }

  @Test
  void requestListenerWhenScriptedThenScriptedStatusAndDelayIncluded() throws InterruptedException {
    start(events::add);
    emulator.enqueue(ScriptedResponse.rateLimited(1).withDelay(Duration.ofMillis(200)));

    get(emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH);

    HandledRequest limited = next();
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void handledRequestWhenComponentsInvalidThenFailsAtConstruction() {
    Duration d = Duration.ZERO;
    assertThatThrownBy(() -> new HandledRequest(-1, "GET", "/", 200, d))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HandledRequest(0, "GET", "/?q", 200, d))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HandledRequest(0, "GET", "/", 99, d))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HandledRequest(0, "GET", "/", 600, d))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HandledRequest(0, "GET", "/", 200, Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HandledRequest(0, null, "/", 200, d))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SunshineOAuthEmulator.builder().requestListener(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(new HandledRequest(0, "GET", "/", 0, d).status()).isZero();
  }
}
