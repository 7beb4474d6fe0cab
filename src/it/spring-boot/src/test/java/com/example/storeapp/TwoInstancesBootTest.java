package com.example.storeapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.IntegrationRemoval;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.KeyFile;
import io.sunco.oauth.webflux.ConnectedAppRoutes;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;
import reactor.util.retry.Retry;

/**
 * Issue 26's "Done when", in Spring Boot: two instances of {@link StoreApp} share one PostgreSQL
 * ({@code sunco.oauth.store=postgres}) and one emulator. An app connected through instance A is
 * disconnected through instance B; an admin's removal of the integration in the emulator, whose
 * {@code removeUrl} call reaches B, ends with the record gone for A too. Each instance's store,
 * token sink and routes come from the auto-configuration alone (its database from Boot's {@code
 * spring.r2dbc.url}); another user cannot disconnect an app that is not theirs; the key file is
 * listed and masked in A's actuator output, and no token or key reaches the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class TwoInstancesBootTest {

  static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  static final String SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  // The emulator redirects the browser here; this test sends the callback to the instance's port.
  static final String REDIRECT_URI = "http://127.0.0.1:8080/oauth/sunshine/callback";
  static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");
  static final Duration WAIT = Duration.ofSeconds(40);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final HttpClient BROWSER =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private static LocalPostgres postgres;
  private static Path keyFile;
  // The integration's removeUrl points here: the emulator needs it before the instances have
  // ports; it forwards to instance B once B runs (503 before).
  private static final AtomicInteger removalTarget = new AtomicInteger();
  private static DisposableServer relay;
  private static SunshineOAuthEmulator emulator;
  private static Instance a;
  private static Instance b;

  /** One running instance of the application. */
  record Instance(ConfigurableApplicationContext context, WebTestClient web, int port) {
    ConnectedAppStore store() {
      return context.getBean(ConnectedAppStore.class);
    }
  }

  @BeforeAll
  static void start() throws IOException {
    LocalPostgres.require();
    postgres = LocalPostgres.start();
    keyFile = Files.createTempFile("bootapp-keys-", ".txt");
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(
        keyFile,
        "primary = 2026-12\n" + KeyFile.newKeyLine("2026-12") + "\n",
        StandardCharsets.UTF_8);
    relay = startRelay();
    emulator =
        SunshineOAuthEmulator.builder()
            .integration(
                Integration.of(CLIENT_ID, SECRET, REDIRECT_URI)
                    .withRemoveUrl(
                        URI.create(
                            "http://127.0.0.1:"
                                + relay.port()
                                + ConnectedAppRoutes.DEFAULT_REMOVAL_PATH)))
            .app(APP)
            .start();
    a = startInstance("instance-a");
    b = startInstance("instance-b");
    removalTarget.set(b.port());
  }

  @AfterAll
  static void stop() throws IOException {
    for (Instance instance : new Instance[] {a, b}) {
      if (instance != null) {
        instance.context().close();
      }
    }
    if (emulator != null) {
      emulator.close();
    }
    if (relay != null) {
      relay.disposeNow();
    }
    if (postgres != null) {
      postgres.close();
    }
    if (keyFile != null) {
      Files.deleteIfExists(keyFile);
    }
  }

  /** Forwards each POST to instance B's removal route, answering with B's status. */
  private static DisposableServer startRelay() {
    reactor.netty.http.client.HttpClient forward = reactor.netty.http.client.HttpClient.create();
    return HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .handle(
            (request, response) -> {
              int port = removalTarget.get();
              if (port == 0) {
                return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).send();
              }
              return request
                  .receive()
                  .aggregate()
                  .asByteArray()
                  .defaultIfEmpty(new byte[0])
                  .flatMap(
                      body ->
                          forward
                              .headers(headers -> headers.set("Content-Type", "application/json"))
                              .post()
                              .uri("http://127.0.0.1:" + port + request.uri())
                              .send(Mono.just(Unpooled.wrappedBuffer(body)))
                              .response((answer, content) -> content.then(Mono.just(answer)))
                              .next())
                  .flatMap(answer -> Mono.from(response.status(answer.status()).send()));
            })
        .bindNow();
  }

  private static Instance startInstance(String name) {
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(StoreApp.class)
            .web(WebApplicationType.REACTIVE)
            .properties(
                "spring.application.name=" + name,
                "server.address=127.0.0.1",
                "server.port=0",
                "sunco.oauth.client-id=" + CLIENT_ID,
                "sunco.oauth.client-secret=" + SECRET,
                "sunco.oauth.base-url=" + emulator.baseUrl(),
                "sunco.oauth.retry.max-retries=0",
                "sunco.oauth.routes.redirect-uri=" + REDIRECT_URI,
                "sunco.oauth.store=postgres",
                "sunco.oauth.keys.file=" + keyFile,
                // Both instances create it at start: idempotent, one after the other.
                "sunco.oauth.connected-apps.postgres.create-schema=true",
                // The token check stays off (its default): a run at a random time would race the
                // removal test's check of the same record. Its schedule has tests of its own.
                "spring.r2dbc.url=" + postgres.r2dbcUrl(),
                "management.endpoints.web.exposure.include=env,configprops",
                "management.endpoint.env.show-values=always",
                "management.endpoint.configprops.show-values=always")
            .run();
    int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    WebTestClient web =
        WebTestClient.bindToServer()
            .baseUrl("http://127.0.0.1:" + port)
            .responseTimeout(WAIT)
            .build();
    return new Instance(context, web, port);
  }

  /** Runs the OAuth flow through {@code instance} as {@code user}: start, consent, callback. */
  private static void connectThrough(Instance instance, String user) throws Exception {
    EntityExchangeResult<byte[]> started =
        instance
            .web()
            .get()
            .uri(SunshineOAuthRoutes.DEFAULT_PREFIX + "/start")
            .header("X-User", user)
            .exchange()
            .expectStatus()
            .isFound()
            .expectBody()
            .returnResult();
    URI consent = started.getResponseHeaders().getLocation();
    ResponseCookie nonce =
        started.getResponseCookies().getFirst(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME);
    assertThat(nonce).isNotNull();
    HttpResponse<String> atEmulator =
        BROWSER.send(
            HttpRequest.newBuilder(consent).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(atEmulator.statusCode()).isEqualTo(302);
    URI redirect = URI.create(atEmulator.headers().firstValue("Location").orElseThrow());

    instance
        .web()
        .get()
        .uri(redirect.getRawPath() + "?" + redirect.getRawQuery())
        .header("X-User", user)
        .cookie(nonce.getName(), nonce.getValue())
        .exchange()
        .expectStatus()
        .isSeeOther();
  }

  /** A disconnect request of {@code user}'s, same-origin, naming the app in its form. */
  private static WebTestClient.ResponseSpec disconnectAs(Instance instance, String user) {
    return instance
        .web()
        .post()
        .uri(ConnectedAppRoutes.DEFAULT_DISCONNECT_PATH)
        .header("X-User", user)
        .header("Sec-Fetch-Site", "same-origin")
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData(StoreApp.APP_ID, APP.id()))
        .exchange();
  }

  /** The record of the app as {@code instance} reads it from the shared database. */
  private static ConnectedAppRecord stored(Instance instance) {
    ConnectedAppRecord record = instance.store().find(APP.id()).block(WAIT);
    assertThat(record).as("the app's record, read by " + instance.context().getId()).isNotNull();
    return record;
  }

  private static void assertGoneFor(Instance instance) {
    // The removal check runs detached after the route answered: wait for its delete.
    StepVerifier.create(
            Mono.defer(() -> instance.store().find(APP.id()))
                .flatMap(
                    record -> Mono.<ConnectedAppRecord>error(new IllegalStateException("stored")))
                .retryWhen(Retry.fixedDelay(Long.MAX_VALUE, Duration.ofMillis(100))))
        .expectComplete()
        .verify(WAIT);
  }

  private static void assertRefused(AccessToken token) {
    StepVerifier.create(a.context().getBean(SunshineOAuthClient.class).getTokenInfo(token))
        .expectErrorSatisfies(
            error ->
                assertThat(error)
                    .isInstanceOfSatisfying(
                        SunshineApiException.class, api -> assertThat(api.status()).isEqualTo(401)))
        .verify(WAIT);
  }

  @Test
  void disconnectWhenConnectedThroughAThenDisconnectedThroughBAndTheTokenRevoked(
      CapturedOutput output) throws Exception {
    connectThrough(a, "alice");
    ConnectedAppRecord connected = stored(b);
    assertThat(connected.attributes()).containsEntry(StoreApp.USER, "alice");

    disconnectAs(b, "alice").expectStatus().isNoContent();

    StepVerifier.create(a.store().find(APP.id())).expectComplete().verify(WAIT);
    assertRefused(connected.token());
    assertThat(output.getAll()).doesNotContain(connected.token().value()).doesNotContain(SECRET);
  }

  @Test
  void disconnectWhenAnotherUserNamesAlicesAppThen403AndHerRecordAndTokenAreKept()
      throws Exception {
    connectThrough(a, "alice");
    ConnectedAppRecord connected = stored(b);

    disconnectAs(b, "mallory").expectStatus().isForbidden();

    ConnectedAppRecord kept = stored(a);
    assertThat(kept.token()).isEqualTo(connected.token());
    assertThat(kept.attributes()).containsEntry(StoreApp.USER, "alice");
    StepVerifier.create(a.context().getBean(SunshineOAuthClient.class).getTokenInfo(kept.token()))
        .expectNextCount(1)
        .expectComplete()
        .verify(WAIT);
  }

  @Test
  void removalWhenAnAdminRemovesTheIntegrationThenTheRecordIsGoneForBothInstances()
      throws Exception {
    connectThrough(a, "bob");
    AccessToken token = stored(b).token();

    IntegrationRemoval removal = emulator.removeIntegration(CLIENT_ID, APP.id()).block(WAIT);

    assertThat(removal).isNotNull();
    assertThat(removal.accessEnded()).isTrue();
    assertThat(removal.removeUrlCalled()).isTrue();
    assertThat(removal.removeUrlStatus()).hasValue(202);
    assertGoneFor(b);
    assertGoneFor(a);
    assertRefused(token);
  }

  @Test
  void actuatorWhenValuesShownThenTheKeyFileIsListedMaskedAndNoKeyShown() throws IOException {
    List<String> keyLines =
        Files.readAllLines(keyFile, StandardCharsets.UTF_8).stream()
            .filter(line -> line.startsWith("key."))
            .map(line -> line.substring(line.indexOf('=') + 1).strip())
            .toList();
    assertThat(keyLines).isNotEmpty();
    for (String endpoint : new String[] {"/actuator/configprops", "/actuator/env"}) {
      String body =
          new String(
              a.web()
                  .get()
                  .uri(endpoint)
                  .exchange()
                  .expectStatus()
                  .isOk()
                  .expectBody()
                  .returnResult()
                  .getResponseBodyContent(),
              StandardCharsets.UTF_8);
      assertThat(body).as(endpoint).doesNotContain(keyFile.toString()).doesNotContain(SECRET);
      for (String key : keyLines) {
        assertThat(body).as(endpoint).doesNotContain(key);
      }
      // Not vacuous: the key file's property is in the output, its value masked.
      assertThat(keyFileValues(endpoint, JSON.readTree(body))).as(endpoint).containsOnly("******");
    }
  }

  /**
   * The values shown for the key file: in {@code env}, every property source's {@code
   * sunco.oauth.keys.file}; in {@code configprops}, the {@code keys.file} of the beans bound to
   * {@code sunco.oauth}. Empty when the property is not listed.
   */
  private static List<String> keyFileValues(String endpoint, JsonNode root) {
    List<String> values = new ArrayList<>();
    if (endpoint.endsWith("/env")) {
      for (JsonNode source : root.path("propertySources")) {
        JsonNode property = source.path("properties").path("sunco.oauth.keys.file");
        if (!property.isMissingNode()) {
          values.add(property.path("value").asText());
        }
      }
    } else {
      for (JsonNode context : root.path("contexts")) {
        for (JsonNode bean : context.path("beans")) {
          if (bean.path("prefix").asText().equals("sunco.oauth")) {
            values.add(bean.path("properties").path("keys").path("file").asText());
          }
        }
      }
    }
    return values;
  }
}
