package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RouteStrategiesTest.BY_USER_HEADER;
import static io.sunco.oauth.webflux.RouteStrategiesTest.callbackAs;
import static io.sunco.oauth.webflux.RouteStrategiesTest.startAs;
import static io.sunco.oauth.webflux.RoutesFixture.assertOneFlowLine;
import static io.sunco.oauth.webflux.RoutesFixture.flowLines;
import static io.sunco.oauth.webflux.RoutesFixture.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.LogLines;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import reactor.core.publisher.Mono;

/**
 * The callback completes only for the user who started the flow: {@link FlowAttributes}'s default
 * {@code stillMatches} derives the attributes again from the callback's request (the same and
 * another user are in {@link RouteStrategiesTest}, on both strategies), refusing a missing user,
 * {@link FlowAttributes#ofUser} compares one attribute, and {@link
 * FlowAttributes#completableByAnyUser} gives the check up explicitly.
 */
class SameUserTest {

  @AutoClose private final RoutesFixture fixture = new RoutesFixture();

  private int tokenRequests() {
    return fixture.emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH);
  }

  @Test
  void callbackWhenUserSignedOutThen403AndNothingExchanged() {
    WebTestClient web = web(fixture.routes().attributes(BY_USER_HEADER).build());
    String[] flow = startAs(web, "alice");

    web.get()
        .uri(RoutesFixture.APP_URL + flow[0])
        .cookie(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME, flow[1])
        .exchange()
        .expectStatus()
        .isForbidden();

    assertThat(tokenRequests()).isZero();
    assertThat(fixture.sink.saved).isEmpty();
  }

  @Test
  void callbackWhenStartedWithoutUserAndUserSignedInNowThen403() {
    WebTestClient web = web(fixture.routes().attributes(BY_USER_HEADER).build());
    RoutesFixture.Started started = RoutesFixture.start(web);
    String target = RoutesFixture.callbackTarget(RoutesFixture.consent(started.consent()));

    callbackAs(web, new String[] {target, started.cookie().getValue()}, "mallory")
        .expectStatus()
        .isForbidden();

    assertThat(tokenRequests()).isZero();
  }

  /** The callback of {@code flow} from a browser where nobody is signed in. */
  private static WebTestClient.ResponseSpec callbackSignedOut(WebTestClient web, String[] flow) {
    return web.get()
        .uri(RoutesFixture.APP_URL + flow[0])
        .cookie(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME, flow[1])
        .exchange();
  }

  /** A signed-out attacker's flow: started, consented, its callback target and nonce. */
  private static String[] startedSignedOut(WebTestClient web) {
    RoutesFixture.Started started = RoutesFixture.start(web);
    return new String[] {
      RoutesFixture.callbackTarget(RoutesFixture.consent(started.consent())),
      started.cookie().getValue()
    };
  }

  @Test
  void callbackWhenSignedOutAttackerPlantsNonceForSignedOutVictimThen403NothingExchanged() {
    // Both sides without a user compare equal; a flow that bound nobody must not complete.
    for (FlowAttributes attributes :
        List.of(
            BY_USER_HEADER,
            FlowAttributes.ofUser(
                "user", request -> Mono.justOrEmpty(request.headers().firstHeader("X-User"))))) {
      WebTestClient web = web(fixture.routes().attributes(attributes).build());
      String[] planted = startedSignedOut(web);

      callbackSignedOut(web, planted).expectStatus().isForbidden();
    }

    assertThat(tokenRequests()).isZero();
    assertThat(fixture.sink.saved).isEmpty();
  }

  @Test
  void callbackWhenAtStartErrorsWithoutSessionThen403OtherUserAndErrorTypeOnInfoLine() {
    FlowAttributes sessionRequired =
        request -> {
          String user = request.headers().firstHeader("X-User");
          return user == null
              ? Mono.error(new IllegalStateException("no session"))
              : Mono.just(Map.of("user", user));
        };
    WebTestClient web = web(fixture.routes().attributes(sessionRequired).build());
    String[] flow = startAs(web, "alice");

    List<LogLines.Line> lines =
        flowLines(() -> callbackSignedOut(web, flow).expectStatus().isForbidden());

    assertOneFlowLine(
        lines,
        Level.INFO,
        "outcome=other_user",
        "reason=OTHER_SESSION",
        "status=403",
        "cause=java.lang.IllegalStateException");
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void callbackWhenApplicationsOwnStillMatchesErrorsThen500AndWarnLine() {
    FlowAttributes broken =
        new FlowAttributes() {
          @Override
          public Mono<Map<String, String>> atStart(ServerRequest request) {
            return BY_USER_HEADER.atStart(request);
          }

          @Override
          public Mono<Boolean> stillMatches(ServerRequest request, Map<String, String> saved) {
            return Mono.error(new IllegalStateException("session store down"));
          }
        };
    WebTestClient web = web(fixture.routes().attributes(broken).build());
    String[] flow = startAs(web, "alice");

    List<LogLines.Line> lines =
        flowLines(() -> callbackAs(web, flow, "alice").expectStatus().isEqualTo(500));

    assertOneFlowLine(lines, Level.WARNING, "outcome=internal_error", "reason=INTERNAL");
    assertThat(tokenRequests()).isZero();
  }

  @Test
  void callbackWhenOfUserAndAnotherUserThen403ElseConnected() {
    FlowAttributes byUser =
        FlowAttributes.ofUser(
            "userId", request -> Mono.justOrEmpty(request.headers().firstHeader("X-User")));
    WebTestClient web = web(fixture.routes().attributes(byUser).build());

    callbackAs(web, startAs(web, "alice"), "mallory").expectStatus().isForbidden();
    assertThat(tokenRequests()).isZero();
    callbackAs(web, startAs(web, "alice"), "alice").expectStatus().isSeeOther();

    fixture.sink.assertSavedOnce(Map.of("userId", "alice"));
  }

  @Test
  void callbackWhenCompletableByAnyUserThenAnotherUserConnectsUnderTheStartersAttributes() {
    WebTestClient web =
        web(
            fixture
                .routes()
                .attributes(FlowAttributes.completableByAnyUser(BY_USER_HEADER::atStart))
                .build());

    callbackAs(web, startAs(web, "alice"), "mallory").expectStatus().isSeeOther();

    assertThat(fixture.sink.saved)
        .singleElement()
        .satisfies(saved -> assertThat(saved.attributes()).containsEntry("user", "alice"));
  }

  @Test
  void factoriesWhenNullThenNullPointerException() {
    assertThatThrownBy(() -> FlowAttributes.ofUser(null, request -> Mono.empty()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> FlowAttributes.ofUser("user", null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> FlowAttributes.completableByAnyUser(null))
        .isInstanceOf(NullPointerException.class);
  }
}
