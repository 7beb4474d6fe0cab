package io.sunco.oauth.webflux;

import static io.sunco.oauth.webflux.RoutesFixture.callback;
import static io.sunco.oauth.webflux.RoutesFixture.callbackTarget;
import static io.sunco.oauth.webflux.RoutesFixture.consent;
import static io.sunco.oauth.webflux.RoutesFixture.start;
import static io.sunco.oauth.webflux.RoutesFixture.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.emulator.RecordedRequest;
import io.sunco.oauth.emulator.ScriptedResponse;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.LoopbackServers;
import io.sunco.oauth.testing.Revocations;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * The callback route never leaves a live grant behind: when the token info call or the sink fails,
 * or the browser goes away while the sink is saving, the emulator sees the token revoked.
 */
class CallbackRevokeTest {

  @AutoClose private final RoutesFixture fixture = new RoutesFixture();

  /** Plays the browser up to the callback: its path and query, and the nonce cookie. */
  private static String[] validCallback(WebTestClient web) {
    RoutesFixture.Started started = start(web);
    return new String[] {callbackTarget(consent(started.consent())), started.cookie().getValue()};
  }

  private AccessToken revokedAfterCallback() throws InterruptedException {
    // The emulator's log holds the authorize request first; the revoke comes after the exchange.
    List<RecordedRequest> seen = Revocations.requestsUntilRevoke(fixture.emulator);
    assertThat(seen)
        .extracting(r -> r.method() + " " + r.pathWithoutQuery())
        .endsWith("POST /oauth/token", "GET /v2/tokenInfo", "DELETE /oauth/authorization");
    String header = seen.get(seen.size() - 1).header("Authorization").orElseThrow();
    return AccessToken.bearer(header.substring("Bearer ".length()));
  }

  @Test
  void callbackWhenTokenInfoFailsThen502AndTokenRevoked() throws Exception {
    WebTestClient web = web(fixture.routes().build());
    String[] flow = validCallback(web);
    fixture.emulator.enqueue(
        ScriptedResponse.status(503).onlyPath(SunshineOAuthEmulator.TOKEN_INFO_PATH).times(1));

    callback(web, flow[0], flow[1]).expectStatus().isEqualTo(502);

    Revocations.assertRefused(fixture.client, revokedAfterCallback());
    assertThat(fixture.sink.saved).isEmpty();
  }

  @Test
  void callbackWhenSinkFailsThen500AndTheSinksTokenRevoked() throws Exception {
    fixture.sink.answer = () -> Mono.error(new IllegalStateException("database down"));
    WebTestClient web = web(fixture.routes().build());
    String[] flow = validCallback(web);

    callback(web, flow[0], flow[1]).expectStatus().isEqualTo(500);

    AccessToken revoked = revokedAfterCallback();
    assertThat(fixture.sink.saved)
        .singleElement()
        .satisfies(s -> assertThat(s.token()).isEqualTo(revoked));
    Revocations.assertRefused(fixture.client, revoked);
  }

  @Test
  void callbackWhenSinkSucceedsThen303AndTokenKept() throws Exception {
    WebTestClient web = web(fixture.routes().build());
    String[] flow = validCallback(web);

    callback(web, flow[0], flow[1]).expectStatus().isSeeOther();

    List<RecordedRequest> seen = Revocations.requestsUntilRevoke(fixture.emulator);
    assertThat(seen).extracting(RecordedRequest::method).doesNotContain("DELETE");
    Revocations.assertValid(fixture.client, fixture.sink.saved.get(0).token());
  }

  @Test
  void callbackWhenBrowserDisconnectsWhileSavingThenTokenRevoked() throws Exception {
    fixture.sink.answer = Mono::never;
    SunshineOAuthRoutes routes = fixture.routes().build();
    String[] flow = validCallback(web(routes));
    DisposableServer server = LoopbackServers.serve(routes.routerFunction());
    try (Socket browser = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = browser.getOutputStream();
      out.write(
          ("GET "
                  + flow[0]
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: "
                  + SunshineOAuthRoutes.DEFAULT_COOKIE_NAME
                  + "="
                  + flow[1]
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (fixture.sink.saved.isEmpty() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(fixture.sink.saved).as("the sink holds the token").hasSize(1);
    } finally {
      // The socket is closed here: the browser went away while the sink was still saving.
      try {
        AccessToken revoked = revokedAfterCallback();
        assertThat(revoked).isEqualTo(fixture.sink.saved.get(0).token());
        Revocations.assertRefused(fixture.client, revoked);
      } finally {
        server.disposeNow();
      }
    }
  }
}
