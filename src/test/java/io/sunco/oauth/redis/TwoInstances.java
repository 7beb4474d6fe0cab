package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.testing.BlockingHttp;
import io.sunco.oauth.testing.EmulatorClients;
import io.sunco.oauth.testing.LoopbackServers;
import io.sunco.oauth.webflux.ConnectedApp;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;

/**
 * Two instances of an application behind a load balancer that does not stick: each a real Reactor
 * Netty server on its own loopback port, with its own {@link SunshineOAuthClient} and its own
 * {@link SunshineOAuthRoutes}, sharing only what the test gives both (a Redis, a token sink), and
 * the emulator. The browser is played by hand: it starts on one instance, follows the consent at
 * the emulator, and comes back to whichever instance the test names. Blocking: test threads only.
 */
final class TwoInstances implements AutoCloseable {

  static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  static final String CLIENT_SECRET = "5XJ85yjUtRcaQu_pDINblPZb";

  /** The public callback URL, at the load balancer; the test sends the browser to A or B. */
  static final String REDIRECT_URI = "http://127.0.0.1:8080/oauth/sunshine/callback";

  static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");

  /** One application instance: its server, its client, and a browser-side client for it. */
  static final class Instance {
    final SunshineOAuthClient client;
    final DisposableServer server;
    final WebTestClient web;

    Instance(SunshineOAuthClient client, DisposableServer server) {
      this.client = client;
      this.server = server;
      this.web =
          // One connection per request, no compression: a browser-like client whose every
          // response is read whole and whose connections end with the request.
          WebTestClient.bindToServer(
                  new ReactorClientHttpConnector(
                      reactor.netty.http.client.HttpClient.newConnection()))
              .baseUrl("http://127.0.0.1:" + server.port())
              .responseTimeout(Duration.ofSeconds(20))
              .build();
    }
  }

  /** What the browser holds after the start and the consent: the redirect target and its cookie. */
  record Flow(String callbackTarget, String cookie, String state) {}

  final SunshineOAuthEmulator emulator =
      SunshineOAuthEmulator.start(Integration.of(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI), APP);

  /** Every token the instances handed over, in order. */
  final List<ConnectedApp> connected = new CopyOnWriteArrayList<>();

  final Instance a;
  final Instance b;

  /**
   * Starts both instances; {@code stateOfA} and {@code stateOfB} choose each one's state strategy
   * on a builder that already has the client, redirect URI, sink and success URL.
   */
  TwoInstances(
      UnaryOperator<SunshineOAuthRoutes.Builder> stateOfA,
      UnaryOperator<SunshineOAuthRoutes.Builder> stateOfB) {
    a = instance(stateOfA);
    b = instance(stateOfB);
  }

  private Instance instance(UnaryOperator<SunshineOAuthRoutes.Builder> state) {
    SunshineOAuthClient client =
        EmulatorClients.clientFor(emulator, CLIENT_ID, CLIENT_SECRET).build();
    SunshineOAuthRoutes routes =
        state
            .apply(
                SunshineOAuthRoutes.builder()
                    .client(client)
                    .redirectUri(REDIRECT_URI)
                    .sink(
                        app -> {
                          connected.add(app);
                          return Mono.empty();
                        })
                    .successUrl("/connected"))
            .build();
    DisposableServer server = LoopbackServers.serve(routes.routerFunction());
    return new Instance(client, server);
  }

  /** The start route of {@code instance}: the raw answer. */
  static WebTestClient.ResponseSpec start(Instance instance) {
    return instance.web.get().uri("/oauth/sunshine/start").exchange();
  }

  /** Starts on {@code instance} and consents at the emulator: what the browser comes back with. */
  Flow startAndConsent(Instance instance) {
    EntityExchangeResult<byte[]> started =
        start(instance).expectStatus().isFound().expectBody().returnResult();
    ResponseCookie cookie =
        started.getResponseCookies().getFirst(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME);
    assertThat(cookie).as("nonce cookie").isNotNull();
    URI consent = started.getResponseHeaders().getLocation();
    URI redirect = consent(consent);
    assertThat(redirect.toString()).startsWith(REDIRECT_URI + "?");
    return new Flow(
        redirect.getRawPath() + "?" + redirect.getRawQuery(), cookie.getValue(), stateOf(consent));
  }

  /** The browser's return from the consent page to {@code instance}, with the cookie. */
  static WebTestClient.ResponseSpec callback(Instance instance, Flow flow) {
    return instance
        .web
        .get()
        .uri(flow.callbackTarget())
        .cookie(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME, flow.cookie())
        .exchange();
  }

  /**
   * The browser's return to {@code instance}, answered with {@code status}; its body read (an
   * unread one would never be released).
   */
  static EntityExchangeResult<byte[]> callbackAnswered(Instance instance, Flow flow, int status) {
    return callback(instance, flow).expectStatus().isEqualTo(status).expectBody().returnResult();
  }

  /** Token requests the emulator received so far. */
  int tokenRequests() {
    return emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH);
  }

  static String body(EntityExchangeResult<byte[]> result) {
    return new String(result.getResponseBodyContent(), StandardCharsets.UTF_8);
  }

  private static URI consent(URI authorizeUrl) {
    HttpResponse<String> response = BlockingHttp.get(authorizeUrl.toString());
    assertThat(response.statusCode()).as("emulator authorize status").isEqualTo(302);
    return URI.create(BlockingHttp.location(response));
  }

  private static String stateOf(URI consent) {
    for (String pair : consent.getRawQuery().split("&")) {
      if (pair.startsWith("state=")) {
        return java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no state in " + consent);
  }

  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (Runnable step :
        List.<Runnable>of(
            a.server::disposeNow,
            b.server::disposeNow,
            a.client::close,
            b.client::close,
            emulator::close)) {
      try {
        step.run();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
