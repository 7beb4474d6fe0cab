package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RouteStrategiesTest.BY_USER_HEADER;
import static io.sunco.oauth.webflux.RouteStrategiesTest.callbackAs;
import static io.sunco.oauth.webflux.RouteStrategiesTest.startAs;
import static io.sunco.oauth.webflux.RoutesFixture.web;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The callback completes only for the user who started the flow: {@link FlowAttributes}'s default
 * {@code stillMatches} derives the attributes again from the callback's request (the same and
 * another user are in {@link RouteStrategiesTest}, on both strategies), refusing a missing user,
 * {@link FlowAttributes#ofUser} compares one attribute, and {@link
 * FlowAttributes#completableByAnyUser} gives the check up explicitly.
 */
class SameUserTest {

  private RoutesFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new RoutesFixture();
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

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

  @Test
  void callbackWhenOfUserAndAnotherUserThen403ElseConnected() {
    FlowAttributes byUser =
        FlowAttributes.ofUser(
            "userId", request -> Mono.justOrEmpty(request.headers().firstHeader("X-User")));
    WebTestClient web = web(fixture.routes().attributes(byUser).build());

    callbackAs(web, startAs(web, "alice"), "mallory").expectStatus().isForbidden();
    assertThat(tokenRequests()).isZero();
    callbackAs(web, startAs(web, "alice"), "alice").expectStatus().isSeeOther();

    assertThat(fixture.sink.saved)
        .singleElement()
        .satisfies(
            saved -> assertThat(saved.attributes()).containsExactly(Map.entry("userId", "alice")));
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
