package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RoutesFixture.APP_URL;
import static io.sunco.oauth.webflux.RoutesFixture.CALLBACK;
import static io.sunco.oauth.webflux.RoutesFixture.CLIENT_ID;
import static io.sunco.oauth.webflux.RoutesFixture.REDIRECT_URI;
import static io.sunco.oauth.webflux.RoutesFixture.assertCleared;
import static io.sunco.oauth.webflux.RoutesFixture.assertSafePage;
import static io.sunco.oauth.webflux.RoutesFixture.body;
import static io.sunco.oauth.webflux.RoutesFixture.callbackAnswer;
import static io.sunco.oauth.webflux.RoutesFixture.callbackTarget;
import static io.sunco.oauth.webflux.RoutesFixture.consent;
import static io.sunco.oauth.webflux.RoutesFixture.query;
import static io.sunco.oauth.webflux.RoutesFixture.start;
import static io.sunco.oauth.webflux.RoutesFixture.web;
import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.LogLines;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/** The callback route when what follows a valid state fails: token exchange, token info, sink. */
class CallbackUpstreamFailureTest {

  @AutoClose private final RoutesFixture fixture = new RoutesFixture();
  private final WebTestClient web = web(fixture.routes().build());

  /** A callback the browser would make: its path and query, and the nonce cookie's value. */
  private record Flow(String target, String nonce) {}

  /** Starts a flow and plays the browser up to the callback. */
  private static Flow validCallback(WebTestClient web) {
    RoutesFixture.Started started = start(web);
    return new Flow(callbackTarget(consent(started.consent())), started.cookie().getValue());
  }

  private static EntityExchangeResult<byte[]> expectFailure(
      WebTestClient web, Flow flow, int status) {
    EntityExchangeResult<byte[]> result = callbackAnswer(web, flow.target(), flow.nonce(), status);
    assertSafePage(result, query(URI.create(APP_URL + flow.target()), "code"), flow.nonce());
    assertCleared(result);
    return result;
  }

  @Test
  void callbackWhenTokenEndpointAnswers500Then502() {
    Flow flow = validCallback(web);
    fixture.emulator.enqueue(
        ScriptedResponse.status(500)
            .withBody("{\"errors\":[{\"code\":\"internal\",\"title\":\"boom\"}]}")
            .onlyPath(SunshineOAuthEmulator.TOKEN_PATH));

    EntityExchangeResult<byte[]> result = expectFailure(web, flow, 502);

    assertThat(body(result)).contains("did not complete the authorization").doesNotContain("boom");
    assertThat(fixture.sink.saved).isEmpty();
  }

  @Test
  void callbackWhenCodeRefusedByServerThen502() {
    RoutesFixture.Started started = start(web);
    consent(started.consent());
    String forgedCode = "not-a-code-the-emulator-issued";

    EntityExchangeResult<byte[]> result =
        callbackAnswer(
            web,
            CALLBACK + "?code=" + forgedCode + "&state=" + started.state(),
            started.cookie().getValue(),
            502);

    assertSafePage(result, forgedCode, "invalid_grant");
    assertThat(fixture.sink.saved).isEmpty();
  }

  @Test
  void callbackWhenTokenEndpointDropsConnectionThen502() {
    Flow flow = validCallback(web);
    fixture.emulator.enqueue(
        ScriptedResponse.dropConnection().onlyPath(SunshineOAuthEmulator.TOKEN_PATH));

    List<String> logged =
        LogLines.during("io.sunco.oauth.webflux", () -> expectFailure(web, flow, 502));

    // The WARN line names the server and the kind of failure, never the code, state or query.
    URI emulator = URI.create(fixture.emulator.baseUrl());
    assertThat(logged)
        .filteredOn(line -> line.contains("flow failed"))
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .contains("outcome=upstream_error", "status=502", "getToken failed")
        .contains("(" + emulator.getHost() + ":" + emulator.getPort() + ")")
        .contains("[PrematureCloseException]")
        .doesNotContain(query(URI.create(APP_URL + flow.target()), "code"))
        .doesNotContain(query(URI.create(APP_URL + flow.target()), "state"))
        .doesNotContain("?");
  }

  @Test
  void callbackWhenTokenEndpointTooSlowThen504() {
    // Long enough for a loaded machine to send the token request before it runs out (the page
    // says "did not answer" only of a request that went out); the answer comes long after it.
    Duration attempt = Duration.ofSeconds(3);
    try (RoutesFixture slow = new RoutesFixture(Timeouts.defaults().withAttempt(attempt))) {
      WebTestClient slowWeb = web(slow.routes().build());
      Flow flow = validCallback(slowWeb);
      slow.emulator.enqueue(
          ScriptedResponse.delayed(attempt.multipliedBy(10))
              .onlyPath(SunshineOAuthEmulator.TOKEN_PATH));

      EntityExchangeResult<byte[]> result = expectFailure(slowWeb, flow, 504);

      assertThat(body(result)).contains("did not answer in time");
    }
  }

  @Test
  void callbackWhenTokenInfoAnswers401Then502AndSinkNotCalled() {
    Flow flow = validCallback(web);
    fixture.emulator.enqueue(
        ScriptedResponse.status(401).onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH));

    expectFailure(web, flow, 502);

    assertThat(fixture.sink.saved).isEmpty();
  }

  /** A sink that errors in its {@code Mono}, returns null, or throws at call time. */
  static Stream<Arguments> failingSinks() {
    Supplier<Mono<Void>> errors = () -> Mono.error(new IllegalStateException("database down"));
    Supplier<Mono<Void>> returnsNull = () -> null;
    Supplier<Mono<Void>> throwing =
        () -> {
          throw new IllegalArgumentException("database down");
        };
    return Stream.of(
        Arguments.of("errors", errors),
        Arguments.of("returns null", returnsNull),
        Arguments.of("throws", throwing));
  }

  @ParameterizedTest(name = "sink {0}")
  @MethodSource("failingSinks")
  void callbackWhenSinkFailsThen500SaveFailedPage(String how, Supplier<Mono<Void>> answer) {
    fixture.sink.answer = answer;
    Flow flow = validCallback(web);

    EntityExchangeResult<byte[]> result = expectFailure(web, flow, 500);

    assertThat(body(result)).contains("could not be saved").doesNotContain("database down");
    assertThat(fixture.sink.saved).hasSize(1);
    assertSafePage(result, fixture.sink.saved.get(0).token().value());
  }

  @Test
  void callbackWhenClientHasNoSecretThen500() {
    try (SunshineOAuthClient noSecret =
        SunshineOAuthClient.builder()
            .clientId(CLIENT_ID)
            .baseUrl(fixture.emulator.baseUrl())
            .build()) {
      WebTestClient web =
          web(
              SunshineOAuthRoutes.builder()
                  .client(noSecret)
                  .redirectUri(REDIRECT_URI)
                  .sink(fixture.sink)
                  .build());

      expectFailure(web, validCallback(web), 500);
    }
  }
}
