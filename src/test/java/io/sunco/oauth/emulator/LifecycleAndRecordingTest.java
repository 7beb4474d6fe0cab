package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_SECRET;
import static io.sunco.oauth.emulator.TestHttp.INTEGRATION;
import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.errorCode;
import static io.sunco.oauth.emulator.TestHttp.get;
import static io.sunco.oauth.emulator.TestHttp.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.testing.Ports;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

class LifecycleAndRecordingTest {

  @Test
  void startWhenDefaultsThenBoundToLoopbackOnFreePort() {
    try (SunshineOAuthEmulator emulator = SunshineOAuthEmulator.start(INTEGRATION, APP)) {
      assertThat(emulator.port()).isPositive();
      assertThat(emulator.baseUrl()).isEqualTo("http://127.0.0.1:" + emulator.port());
      assertThat(emulator.isClosed()).isFalse();
    }
  }

  @Test
  void takeRequestWhenRequestArrivesThenRecordedWithCaseInsensitiveHeadersAndBody()
      throws InterruptedException {
    try (SunshineOAuthEmulator emulator = SunshineOAuthEmulator.start(INTEGRATION, APP)) {
      postJson(
          emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH + "?trace=a%20b",
          "{\"code\":\"é\"}",
          "X-Trace",
          "one",
          "X-Trace",
          "two");

      Optional<RecordedRequest> taken = emulator.takeRequest(Duration.ofSeconds(1));

      assertThat(taken)
          .hasValueSatisfying(
              request -> {
                assertThat(request.sequenceNumber()).isZero();
                assertThat(request.method()).isEqualTo("POST");
                assertThat(request.path())
                    .isEqualTo(SunshineOAuthEmulator.TOKEN_PATH + "?trace=a%20b");
                assertThat(request.pathWithoutQuery()).isEqualTo(SunshineOAuthEmulator.TOKEN_PATH);
                assertThat(request.queryParameter("trace")).hasValue("a b");
                assertThat(request.queryParameter("other")).isEmpty();
                assertThat(request.header("content-type")).hasValue("application/json");
                assertThat(request.header("CONTENT-TYPE")).hasValue("application/json");
                assertThat(request.headerValues("x-trace")).containsExactly("one", "two");
                assertThat(request.header("X-Missing")).isEmpty();
                assertThat(request.headerNames()).contains("Content-Type");
                assertThat(request.body()).isEqualTo("{\"code\":\"é\"}");
              });
    }
  }

  @Test
  void takeRequestWhenNothingArrivesThenEmptyAfterTimeout() throws InterruptedException {
    try (SunshineOAuthEmulator emulator = SunshineOAuthEmulator.start(INTEGRATION, APP)) {
      long start = System.nanoTime();

      Optional<RecordedRequest> taken = emulator.takeRequest(Duration.ofMillis(150));

      assertThat(taken).isEmpty();
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
      assertThatThrownBy(() -> emulator.takeRequest(Duration.ofMillis(-1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void takeRequestWhenSeveralThenInArrivalOrderEachOnce() throws InterruptedException {
    try (SunshineOAuthEmulator emulator = SunshineOAuthEmulator.start(INTEGRATION, APP)) {
      get(emulator.baseUrl() + "/first");
      get(emulator.baseUrl() + "/second");

      assertThat(emulator.takeRequest(Duration.ofSeconds(1)).map(RecordedRequest::path))
          .hasValue("/first");
      assertThat(emulator.takeRequest(Duration.ofSeconds(1)).map(RecordedRequest::path))
          .hasValue("/second");
      assertThat(emulator.takeRequest(Duration.ZERO)).isEmpty();
      assertThat(emulator.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void requestWhenUnknownPathThen404V2Error() {
    try (SunshineOAuthEmulator emulator = SunshineOAuthEmulator.start(INTEGRATION, APP)) {
      HttpResponse<String> response = get(emulator.baseUrl() + "/v2/apps");

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(errorCode(response)).isEqualTo("not_found");
      assertThat(emulator.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void closeWhenCalledThenPortIsReleasedAndRequestsFail() throws Exception {
    SunshineOAuthEmulator emulator = SunshineOAuthEmulator.start(INTEGRATION, APP);
    int port = emulator.port();
    get(emulator.baseUrl() + "/keep-alive");

    emulator.close();
    emulator.close();

    assertThat(emulator.isClosed()).isTrue();
    assertThat(emulator.toString()).contains("closed");
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
    assertThatThrownBy(() -> get(emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH))
        .isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void closeLaterWhenSubscribedThenCompletesAndIsShared() {
    SunshineOAuthEmulator emulator = SunshineOAuthEmulator.start(INTEGRATION, APP);

    StepVerifier.create(emulator.closeLater()).verifyComplete();
    StepVerifier.create(emulator.closeLater()).verifyComplete();
    assertThat(emulator.isClosed()).isTrue();
  }

  @Test
  void closeLaterWhenNotSubscribedThenNothingHappens() {
    try (SunshineOAuthEmulator emulator = SunshineOAuthEmulator.start(INTEGRATION, APP)) {
      Mono<Void> closing = emulator.closeLater();

      assertThat(closing).isNotNull();
      assertThat(emulator.isClosed()).isFalse();
      assertThat(get(emulator.baseUrl() + "/x").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void startWhenPortTakenThenFails() {
    try (SunshineOAuthEmulator first = SunshineOAuthEmulator.start(INTEGRATION, APP)) {
      SunshineOAuthEmulator.Builder second = emulatorBuilder().port(first.port());

      assertThatThrownBy(second::start).isInstanceOf(RuntimeException.class);
    }
  }

  @Test
  void startWhenFixedPortThenBoundThere() throws Exception {
    int free = Ports.unused();
    try (SunshineOAuthEmulator emulator = emulatorBuilder().port(free).start()) {
      assertThat(emulator.port()).isEqualTo(free);
    }
  }

  @Test
  void builderWhenArgumentsInvalidThenFailsAtCallTime() {
    SunshineOAuthEmulator.Builder builder = emulatorBuilder();

    assertThatThrownBy(() -> builder.integration(INTEGRATION))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.app(APP)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.integration(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.clock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.consentMode(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder.codeLifetime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.port(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.port(65_536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SunshineOAuthEmulator.builder().app(APP).start())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SunshineOAuthEmulator.builder().integration(INTEGRATION).start())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> SunshineOAuthEmulator.start(INTEGRATION, null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void toStringWhenSecretsConfiguredThenHidesThem() {
    SunshineOAuthEmulator.Builder builder = emulatorBuilder();
    try (SunshineOAuthEmulator emulator = builder.start()) {
      String token = emulator.issueAccessToken(TestHttp.CLIENT_ID, APP.id());

      assertThat(builder.toString()).doesNotContain(CLIENT_SECRET).contains(TestHttp.CLIENT_ID);
      assertThat(emulator.toString()).doesNotContain(CLIENT_SECRET).contains(emulator.baseUrl());
      assertThat(INTEGRATION.toString()).doesNotContain(CLIENT_SECRET).contains("****");
      assertThat(emulator.toString()).doesNotContain(token);
    }
  }

  @Test
  void recordedRequestToStringWhenQueryAndBodyHoldSecretsThenHidesThem()
      throws InterruptedException {
    try (SunshineOAuthEmulator emulator = SunshineOAuthEmulator.start(INTEGRATION, APP)) {
      postJson(
          emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_PATH + "?code=secret-code",
          "{\"client_secret\":\"" + CLIENT_SECRET + "\"}",
          "Authorization",
          "Bearer secret-token");

      String described = emulator.takeRequest(Duration.ofSeconds(1)).orElseThrow().toString();

      assertThat(described)
          .contains("POST /oauth/token")
          .doesNotContain("secret-code")
          .doesNotContain(CLIENT_SECRET)
          .doesNotContain("secret-token");
    }
  }

  @Test
  void blockHoundWhenBlockingOnParallelThreadThenDetected() {
    // Guards the meaning of every other test: BlockHound is really installed in this JVM.
    Mono<Integer> blocking =
        Mono.fromCallable(
                () -> {
                  Thread.sleep(1);
                  return 1;
                })
            .subscribeOn(Schedulers.parallel());

    StepVerifier.create(blocking)
        .expectError(BlockingOperationError.class)
        .verify(Duration.ofSeconds(5));
  }
}
