package example;

import static example.ExampleEmulator.APP;
import static example.ExampleEmulator.CALLBACK;
import static example.ExampleEmulator.PUBLIC_URL;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.ConsentMode;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.junit.SunshineOAuthEmulatorExtension;
import io.sunco.oauth.testing.BlockingHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The flow guide's "From zero to a connected app" examples run end to end against the emulator: the
 * browser starts at {@code /connect}, follows the redirect to the consent, comes back to {@code
 * /oauth/callback} with its cookie, and the app holds a working token.
 */
class FromZeroTest {

  @RegisterExtension
  static final SunshineOAuthEmulatorExtension SUNCO = ExampleEmulator.extension();

  /** The callback target (path and query) the consent sends the browser back with. */
  private static String consent(String location) {
    assertThat(location).startsWith(SUNCO.baseUrl() + "/oauth/authorize?").contains("&state=");
    URI back = SUNCO.followConsent(URI.create(location));
    assertThat(back.toString()).startsWith(CALLBACK + "?");
    return back.getRawPath() + "?" + back.getRawQuery();
  }

  /** The value of a {@code Set-Cookie} header's cookie. */
  private static String nonceOf(String setCookie) {
    return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
  }

  @Nested
  class PlainReactorNetty {

    private SunshineOAuthClient client;
    private NettyConnectApp app;

    @BeforeEach
    void start(SunshineOAuthClient client) {
      this.client = client;
      app = new NettyConnectApp(client, PUBLIC_URL, 0);
    }

    @AfterEach
    void stop() {
      app.close();
    }

    private HttpResponse<String> get(String target, String cookie) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + target)).GET();
      if (cookie != null) {
        request.header("Cookie", ConnectFlow.COOKIE + "=" + cookie);
      }
      return BlockingHttp.send(request, Duration.ofSeconds(20));
    }

    private static String nonceCookie(HttpResponse<?> response) {
      List<String> cookies = response.headers().allValues("Set-Cookie");
      assertThat(cookies).hasSize(1);
      return cookies.get(0);
    }

    @Test
    void callbackWhenConsentedWithTheCookieThenTokenStoredAndRedirectedToConnected(
        SunshineOAuthEmulator emulator) {
      HttpResponse<String> started = get("/connect", null);
      assertThat(started.statusCode()).isEqualTo(302);
      String setCookie = nonceCookie(started);
      assertThat(setCookie)
          .startsWith(ConnectFlow.COOKIE + "=")
          .contains("Max-Age=600", "Path=/;", "Secure", "HTTPOnly", "SameSite=Lax");
      String nonce = nonceOf(setCookie);
      String target = consent(BlockingHttp.location(started));

      HttpResponse<String> back = get(target, nonce);

      assertThat(back.statusCode()).isEqualTo(303);
      assertThat(BlockingHttp.location(back)).isEqualTo("/connected");
      assertThat(nonceCookie(back)).contains("Max-Age=0");
      assertThat(back.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(app.connections()).containsOnlyKeys(APP.id());
      assertThat(client.getTokenInfo(app.connections().get(APP.id()).token()).block().appId())
          .isEqualTo(APP.id());
      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isEqualTo(1);
    }

    @Test
    void callbackWhenNoCookieThen400AndNoCodeExchanged(SunshineOAuthEmulator emulator) {
      String target = consent(BlockingHttp.location(get("/connect", null)));

      HttpResponse<String> back = get(target, null);

      assertThat(back.statusCode()).isEqualTo(400);
      assertThat(back.body()).contains("Start again from /connect");
      assertThat(app.connections()).isEmpty();
      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
    }

    @Test
    void callbackWhenAccessDeniedThen403AndNoToken(SunshineOAuthEmulator emulator) {
      emulator.consentMode(ConsentMode.DENY);
      HttpResponse<String> started = get("/connect", null);
      String setCookie = nonceCookie(started);
      String nonce = nonceOf(setCookie);
      String target = consent(BlockingHttp.location(started));

      HttpResponse<String> back = get(target, nonce);

      assertThat(back.statusCode()).isEqualTo(403);
      assertThat(back.body()).isEqualTo("Access was denied.");
      assertThat(app.connections()).isEmpty();
    }

    @Test
    void callbackWhenRequestTargetIsNotAUriThen400AndNoCodeExchanged(SunshineOAuthEmulator emulator)
        throws IOException {
      // A target that Netty accepts and java.net.URI refuses: sent on a raw socket, as the JDK
      // client would refuse to send it.
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), app.port())) {
        socket.setSoTimeout(20_000);
        socket
            .getOutputStream()
            .write(
                ("GET /oauth/callback?code=a|b&state=x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Cookie: "
                        + ConnectFlow.COOKIE
                        + "=nonce\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(answer).startsWith("HTTP/1.1 400 ");
      }
      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
    }
  }

  @Nested
  class AnnotatedController {

    private SunshineOAuthClient client;
    private ConnectController controller;
    private WebTestClient browser;

    @BeforeEach
    void start(SunshineOAuthClient client) {
      this.client = client;
      controller = new ConnectController(client, PUBLIC_URL);
      browser =
          WebTestClient.bindToController(controller)
              .configureClient()
              .responseTimeout(Duration.ofSeconds(20))
              .build();
    }

    @Test
    void callbackWhenConsentedWithTheCookieThenTokenStoredAndRedirectedToConnected(
        SunshineOAuthEmulator emulator) {
      EntityExchangeResult<byte[]> started =
          browser
              .get()
              .uri("/connect")
              .exchange()
              .expectStatus()
              .isFound()
              .expectBody()
              .returnResult();
      String setCookie = started.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE);
      assertThat(setCookie)
          .startsWith(ConnectFlow.COOKIE + "=")
          .contains("Max-Age=600", "Path=/;", "Secure", "HttpOnly", "SameSite=Lax");
      String target = consent(started.getResponseHeaders().getLocation().toString());

      EntityExchangeResult<byte[]> back =
          browser
              .get()
              .uri(target)
              .cookie(ConnectFlow.COOKIE, nonceOf(setCookie))
              .exchange()
              .expectStatus()
              .isSeeOther()
              .expectHeader()
              .location("/connected")
              .expectHeader()
              .valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
              .expectBody()
              .returnResult();
      assertThat(back.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE))
          .startsWith(ConnectFlow.COOKIE + "=;")
          .contains("Max-Age=0", "Path=/;", "Secure");

      assertThat(controller.connections()).containsOnlyKeys(APP.id());
      assertThat(
              client.getTokenInfo(controller.connections().get(APP.id()).token()).block().appId())
          .isEqualTo(APP.id());
      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isEqualTo(1);
    }

    @Test
    void callbackWhenAnotherBrowsersCookieThen400AndNoCodeExchanged(
        SunshineOAuthEmulator emulator) {
      EntityExchangeResult<byte[]> started =
          browser.get().uri("/connect").exchange().expectBody().returnResult();
      String target = consent(started.getResponseHeaders().getLocation().toString());

      browser
          .get()
          .uri(target)
          .cookie(ConnectFlow.COOKIE, "another-browsers-nonce")
          .exchange()
          .expectStatus()
          .isBadRequest();

      assertThat(controller.connections()).isEmpty();
      assertThat(emulator.requestCount(SunshineOAuthEmulator.TOKEN_PATH)).isZero();
    }

    @Test
    void callbackWhenAccessDeniedThen403(SunshineOAuthEmulator emulator) {
      emulator.consentMode(ConsentMode.DENY);
      EntityExchangeResult<byte[]> started =
          browser.get().uri("/connect").exchange().expectBody().returnResult();
      String nonce = nonceOf(started.getResponseHeaders().getFirst(HttpHeaders.SET_COOKIE));
      String target = consent(started.getResponseHeaders().getLocation().toString());

      browser
          .get()
          .uri(target)
          .cookie(ConnectFlow.COOKIE, nonce)
          .exchange()
          .expectStatus()
          .isForbidden();

      assertThat(controller.connections()).isEmpty();
    }
  }
}
