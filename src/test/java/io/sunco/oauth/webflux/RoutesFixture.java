package io.sunco.oauth.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.callback.InMemoryPendingAuthorizationStore;
import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.PendingAuthorizationStore;
import io.sunco.oauth.callback.StoreUnavailableException;
import io.sunco.oauth.callback.StoreUnavailableException.Operation;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.policy.Timeouts;
import io.sunco.oauth.testing.BlockingHttp;
import io.sunco.oauth.testing.EmulatorClients;
import io.sunco.oauth.testing.LogLines;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.logging.Level;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * What the route tests share: an emulator in AUTOMATIC mode, a client for it, the routes under test
 * behind a {@link WebTestClient}, a sink that records what it gets, and the steps of the flow.
 * Blocking calls here run on the test thread only.
 */
final class RoutesFixture implements AutoCloseable {

  static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  static final String CLIENT_SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  static final String APP_URL = "http://127.0.0.1:8080";
  static final String REDIRECT_URI = APP_URL + "/oauth/sunshine/callback";
  static final String START = "/oauth/sunshine/start";
  static final String CALLBACK = "/oauth/sunshine/callback";
  static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");

  final String redirectUri;
  final SunshineOAuthEmulator emulator;
  final SunshineOAuthClient client;
  final RecordingSink sink = new RecordingSink();

  RoutesFixture() {
    this(Timeouts.defaults());
  }

  RoutesFixture(Timeouts timeouts) {
    this(timeouts, REDIRECT_URI);
  }

  /** With {@code redirectUri} registered at the emulator and set on {@link #routes()}. */
  RoutesFixture(String redirectUri) {
    this(Timeouts.defaults(), redirectUri);
  }

  private RoutesFixture(Timeouts timeouts, String redirectUri) {
    this.redirectUri = redirectUri;
    emulator =
        SunshineOAuthEmulator.start(Integration.of(CLIENT_ID, CLIENT_SECRET, redirectUri), APP);
    client =
        EmulatorClients.clientFor(emulator, CLIENT_ID, CLIENT_SECRET).timeouts(timeouts).build();
  }

  /** A builder with the client, redirect URI and sink of this fixture set. */
  SunshineOAuthRoutes.Builder routes() {
    return SunshineOAuthRoutes.builder()
        .client(client)
        .redirectUri(redirectUri)
        .sink(sink)
        .successUrl("/connected");
  }

  static WebTestClient web(SunshineOAuthRoutes routes) {
    return WebTestClient.bindToRouterFunction(routes.routerFunction())
        .configureClient()
        .baseUrl(APP_URL)
        .responseTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** An observation registry whose observations become timers in {@code meters}, as in Boot. */
  static ObservationRegistry timedInto(MeterRegistry meters) {
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    return observations;
  }

  /** The routes' flow lines ("Sunshine OAuth flow ...") written while {@code body} runs. */
  static List<LogLines.Line> flowLines(Runnable body) {
    return LogLines.withLevels("io.sunco.oauth.webflux", body).stream()
        .filter(line -> line.text().contains("Sunshine OAuth flow"))
        .toList();
  }

  /** Checks {@code lines} is one line, at {@code level}, containing {@code parts}; returns it. */
  static LogLines.Line assertOneFlowLine(List<LogLines.Line> lines, Level level, String... parts) {
    assertThat(lines).as("flow lines").hasSize(1);
    LogLines.Line line = lines.get(0);
    assertThat(line.level()).isEqualTo(level);
    assertThat(line.text()).contains(parts);
    return line;
  }

  /** The start route's answer: the consent URL and the nonce cookie. */
  record Started(URI consent, ResponseCookie cookie) {
    String state() {
      return query(consent, "state");
    }
  }

  static Started start(WebTestClient web) {
    return start(web, SunshineOAuthRoutes.DEFAULT_COOKIE_NAME);
  }

  /** The start route's answer, with the nonce cookie named {@code cookieName}. */
  static Started start(WebTestClient web, String cookieName) {
    EntityExchangeResult<byte[]> result = startAnswer(web, 302);
    ResponseCookie cookie = result.getResponseCookies().getFirst(cookieName);
    assertThat(cookie).as("nonce cookie").isNotNull();
    return new Started(result.getResponseHeaders().getLocation(), cookie);
  }

  /** Plays the browser at the emulator: follows the consent URL, returns where it redirects. */
  static URI consent(URI authorizeUrl) {
    HttpResponse<String> response = BlockingHttp.get(authorizeUrl.toString());
    assertThat(response.statusCode()).as("emulator authorize status").isEqualTo(302);
    return URI.create(BlockingHttp.location(response));
  }

  /** The callback path and query of a redirect to {@link #REDIRECT_URI}. */
  static String callbackTarget(URI redirect) {
    assertThat(redirect.toString()).startsWith(REDIRECT_URI + "?");
    return redirect.getRawPath() + "?" + redirect.getRawQuery();
  }

  /** The start route's answer, checked to have {@code status}. */
  static EntityExchangeResult<byte[]> startAnswer(WebTestClient web, int status) {
    return web.get()
        .uri(START)
        .exchange()
        .expectStatus()
        .isEqualTo(status)
        .expectBody()
        .returnResult();
  }

  /** The callback route's answer to {@code target} with the nonce cookie (none when null). */
  static EntityExchangeResult<byte[]> callbackAnswer(
      WebTestClient web, String target, @Nullable String nonce, int status) {
    return callback(web, target, nonce)
        .expectStatus()
        .isEqualTo(status)
        .expectBody()
        .returnResult();
  }

  /** The body of an answer, as text. */
  static String body(EntityExchangeResult<byte[]> result) {
    return new String(result.getResponseBodyContent(), java.nio.charset.StandardCharsets.UTF_8);
  }

  static WebTestClient.ResponseSpec callback(
      WebTestClient web, String target, @Nullable String nonce) {
    WebTestClient.RequestHeadersSpec<?> request = web.get().uri(URI.create(APP_URL + target));
    if (nonce != null) {
      request = request.cookie(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME, nonce);
    }
    return request.exchange();
  }

  static String query(URI uri, String name) {
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      if (pair.substring(0, eq).equals(name)) {
        return java.net.URLDecoder.decode(
            pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no " + name + " in " + uri);
  }

  /** Checks the plain nonce cookie of a callback answer is cleared, on the routes' path. */
  static void assertCleared(EntityExchangeResult<?> result) {
    assertCleared(result, SunshineOAuthRoutes.DEFAULT_COOKIE_NAME, "/oauth/sunshine", false);
  }

  /**
   * Checks the nonce cookie {@code name} of a callback answer is cleared with the attributes it was
   * set with (a browser keeps a cookie cleared on another path or without Secure).
   */
  static void assertCleared(
      EntityExchangeResult<?> result, String name, String path, boolean secure) {
    assertThat(result.getResponseCookies().keySet()).as("cookies set").containsExactly(name);
    ResponseCookie cleared = result.getResponseCookies().getFirst(name);
    assertThat(cleared).as("cleared cookie").isNotNull();
    assertThat(cleared.getValue()).isEmpty();
    assertThat(cleared.getMaxAge()).isEqualTo(Duration.ZERO);
    assertThat(cleared.getPath()).isEqualTo(path);
    assertThat(cleared.isSecure()).isEqualTo(secure);
    assertThat(cleared.isHttpOnly()).isTrue();
  }

  /** A failure page: fixed text, HTML, no secret, no trace of an exception. */
  static void assertSafePage(EntityExchangeResult<byte[]> result, String... secrets) {
    assertThat(result.getResponseHeaders().getContentType()).hasToString("text/html;charset=UTF-8");
    assertThat(result.getResponseHeaders().getCacheControl()).isEqualTo("no-store");
    assertThat(result.getResponseHeaders().getFirst("Referrer-Policy")).isEqualTo("no-referrer");
    String body = body(result);
    assertThat(body).startsWith("<!DOCTYPE html>").contains("<h1 id=\"title\">");
    assertThat(body).doesNotContain("Exception", "\tat ", "io.sunco", "reactor.", "eyJ");
    for (String secret : secrets) {
      assertThat(body).doesNotContain(secret);
    }
  }

  @Override
  public void close() {
    client.close();
    emulator.close();
  }

  /** Records every token it is handed; answers with what {@link #answer} supplies. */
  static final class RecordingSink implements TokenSink {
    record Saved(AccessToken token, TokenInfo info, Map<String, String> attributes) {}

    final List<Saved> saved = new CopyOnWriteArrayList<>();

    volatile Supplier<Mono<Void>> answer = Mono::empty;

    @Override
    public Mono<Void> save(ConnectedApp connected) {
      saved.add(new Saved(connected.token(), connected.app(), connected.attributes()));
      return answer.get();
    }

    /** Checks that one token was saved, with {@code attributes}. */
    void assertSavedOnce(Map<String, String> attributes) {
      assertThat(saved).singleElement().extracting(Saved::attributes).isEqualTo(attributes);
    }
  }

  /** Saves and consumes in memory while {@link #up}; else times out, as a slow Redis does. */
  static final class FlakyStore implements PendingAuthorizationStore {
    private final InMemoryPendingAuthorizationStore memory =
        InMemoryPendingAuthorizationStore.create();
    volatile boolean up = true;

    @Override
    public Mono<Void> save(String state, PendingAuthorization data) {
      return up ? memory.save(state, data) : Mono.error(down(Operation.SAVE));
    }

    @Override
    public Mono<PendingAuthorization> consume(String state) {
      return up ? memory.consume(state) : Mono.error(down(Operation.CONSUME));
    }

    private static StoreUnavailableException down(Operation operation) {
      return StoreUnavailableException.timedOut(operation, Duration.ofSeconds(2));
    }
  }
}
