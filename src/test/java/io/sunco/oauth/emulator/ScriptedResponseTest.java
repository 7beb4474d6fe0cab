package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.errorCode;
import static io.sunco.oauth.emulator.TestHttp.exchange;
import static io.sunco.oauth.emulator.TestHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;

class ScriptedResponseTest {

  @AutoClose
  private final SunshineOAuthEmulator emulator = emulatorBuilder().scriptSeed(42).start();

  private final String tokenInfoUrl = emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH;

  @Test
  void enqueueWhenRateLimitedTimesTwoThenExactlyTwo429ThenNormal() {
    emulator.enqueue(ScriptedResponse.rateLimited(7).times(2));

    HttpResponse<String> first = get(tokenInfoUrl);
    HttpResponse<String> second = get(tokenInfoUrl);
    HttpResponse<String> third = get(tokenInfoUrl);

    for (HttpResponse<String> limited : List.of(first, second)) {
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
      assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(errorCode(limited)).isEqualTo("too_many_requests");
    }
    assertThat(third.statusCode()).isEqualTo(401);
  }

  @Test
  void enqueueWhenSeveralScriptsThenServedInOrder() {
    emulator.enqueue(ScriptedResponse.status(503).withBody("<html>proxy</html>"));
    emulator.enqueue(
        ScriptedResponse.status(500)
            .withHeader("Content-Type", "application/problem+json")
            .withBody("{\"error\":\"x\"}"));

    HttpResponse<String> first = get(tokenInfoUrl);
    HttpResponse<String> second = get(tokenInfoUrl);

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.body()).isEqualTo("<html>proxy</html>");
    assertThat(first.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(second.statusCode()).isEqualTo(500);
    assertThat(second.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(get(tokenInfoUrl).statusCode()).isEqualTo(401);
  }

  @Test
  void enqueueWhenOnlyPathThenOtherPathsAnswerNormally() {
    emulator.enqueue(ScriptedResponse.rateLimited(1).onlyPath(SunshineOAuthEmulator.TOKEN_PATH));

    HttpResponse<String> info = get(tokenInfoUrl);
    HttpResponse<String> token = exchange(emulator, "any-code");
    HttpResponse<String> tokenAgain = exchange(emulator, "any-code");

    assertThat(info.statusCode()).isEqualTo(401);
    assertThat(token.statusCode()).isEqualTo(429);
    assertThat(tokenAgain.statusCode()).isEqualTo(400);
  }

  @Test
  void enqueueWhenDelayedThenNormalAnswerAfterDelay() {
    emulator.enqueue(ScriptedResponse.delayed(Duration.ofMillis(300)));

    long start = System.nanoTime();
    HttpResponse<String> delayed = get(tokenInfoUrl);
    long delayedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(delayed.statusCode()).isEqualTo(401);
    assertThat(delayedMillis).isGreaterThanOrEqualTo(300);
  }

  @Test
  void enqueueWhenDelayedWhileVirtualTimeInstalledThenStillAnswersInRealTime() {
    // A client test in the same JVM may run under StepVerifier.withVirtualTime.
    VirtualTimeScheduler.getOrSet();
    try {
      emulator.enqueue(ScriptedResponse.delayed(Duration.ofMillis(100)));

      assertThat(get(tokenInfoUrl).statusCode()).isEqualTo(401);
    } finally {
      VirtualTimeScheduler.reset();
    }
  }

  @Test
  void enqueueWhenStatusWithDelayThenScriptedAnswerAfterDelay() {
    emulator.enqueue(ScriptedResponse.status(502).withDelay(Duration.ofMillis(200)));

    long start = System.nanoTime();
    HttpResponse<String> response = get(tokenInfoUrl);

    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.body()).isEmpty();
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(200);
  }

  @Test
  void enqueueWhenDropConnectionThenPrematureCloseAndRecorded() throws InterruptedException {
    emulator.enqueue(ScriptedResponse.dropConnection());
    HttpClient client = HttpClient.newConnection().disableRetry(true).baseUrl(emulator.baseUrl());

    Mono<Integer> dropped =
        client
            .post()
            .uri(SunshineOAuthEmulator.TOKEN_PATH)
            .send(reactor.netty.ByteBufFlux.fromString(Mono.just("{\"code\":\"c\"}")))
            .responseSingle((response, body) -> Mono.just(response.status().code()));

    StepVerifier.create(dropped)
        .expectError(PrematureCloseException.class)
        .verify(Duration.ofSeconds(5));
    assertThat(emulator.takeRequest(Duration.ofSeconds(1)))
        .hasValueSatisfying(
            request -> {
              assertThat(request.path()).isEqualTo(SunshineOAuthEmulator.TOKEN_PATH);
              assertThat(request.body()).isEqualTo("{\"code\":\"c\"}");
            });
    Mono<Integer> next =
        client
            .get()
            .uri(SunshineOAuthEmulator.TOKEN_INFO_PATH)
            .responseSingle(
                (response, body) ->
                    body.asString().defaultIfEmpty("").thenReturn(response.status().code()));
    StepVerifier.create(next).expectNext(401).verifyComplete();
  }

  @Test
  void enqueueWhenDropConnectionDelayedThenClientWaitsThenFails() {
    emulator.enqueue(ScriptedResponse.dropConnection().withDelay(Duration.ofMillis(150)));
    HttpClient client = HttpClient.newConnection().disableRetry(true);

    long start = System.nanoTime();
    StepVerifier.create(
            client.get().uri(tokenInfoUrl).responseSingle((response, body) -> Mono.just(1)))
        .expectError(PrematureCloseException.class)
        .verify(Duration.ofSeconds(5));
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
  }

  @Test
  void enqueueWhenProbabilityThenAppliesToAFractionReproduciblyWithSeed() {
    List<Integer> first = statuses(emulator, 60);
    List<Integer> second;
    try (SunshineOAuthEmulator same = emulatorBuilder().scriptSeed(42).start()) {
      second = statuses(same, 60);
    }

    long limited = first.stream().filter(status -> status == 429).count();
    assertThat(limited).isBetween(15L, 45L);
    assertThat(first).containsOnly(429, 401).isEqualTo(second);
  }

  @Test
  void enqueueWhenProbabilityWithTimesThenAtMostThatMany() {
    emulator.enqueue(ScriptedResponse.status(500).probability(0.5).times(3));

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      statuses.add(get(tokenInfoUrl).statusCode());
    }

    assertThat(statuses.stream().filter(status -> status == 500).count()).isEqualTo(3);
  }

  @Test
  void enqueueWhenProbabilityZeroThenNeverApplies() {
    emulator.enqueue(ScriptedResponse.status(500).probability(0).always());

    for (int i = 0; i < 10; i++) {
      assertThat(get(tokenInfoUrl).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void enqueueWhenAlwaysThenUntilCleared() {
    emulator.enqueue(ScriptedResponse.status(503).always());

    assertThat(get(tokenInfoUrl).statusCode()).isEqualTo(503);
    assertThat(get(tokenInfoUrl).statusCode()).isEqualTo(503);
    emulator.clearScripts();
    assertThat(get(tokenInfoUrl).statusCode()).isEqualTo(401);
  }

  @Test
  void enqueueWhenScriptAppliesThenRequestIsStillRecorded() throws InterruptedException {
    emulator.enqueue(ScriptedResponse.rateLimited(1));

    get(tokenInfoUrl, "Authorization", "Bearer abc");

    assertThat(emulator.requestCount()).isEqualTo(1);
    assertThat(emulator.takeRequest(Duration.ofSeconds(1)))
        .hasValueSatisfying(
            request -> {
              assertThat(request.method()).isEqualTo("GET");
              assertThat(request.header("authorization")).hasValue("Bearer abc");
            });
  }

  private static List<Integer> statuses(SunshineOAuthEmulator target, int count) {
    target.enqueue(ScriptedResponse.rateLimited(1).probability(0.5).always());
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      statuses.add(get(target.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH).statusCode());
    }
    return statuses;
  }
}
