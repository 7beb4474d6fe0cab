package com.example.bootapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContextBuilder;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.boot.SunshineOAuthClientCustomizer;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.webflux.ConnectedApp;
import io.sunco.oauth.webflux.SunshineOAuthRoutes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseCookie;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.tcp.SslProvider.GenericSslContextSpec;

/**
 * The whole flow in a Boot application on a random port, under Boot's managed versions: start,
 * consent at the emulator (this test plays the browser), callback, token saved by the application's
 * {@link io.sunco.oauth.webflux.TokenSink}; and the secret in no log line and no actuator answer.
 * The output is captured from before the context starts. The emulator speaks https, as the service
 * does, with a private certificate that the application trusts as the README says: a {@link
 * SunshineOAuthClientCustomizer} bean passing a Reactor Netty client with a private trust store.
 */
@SpringBootTest(
    classes = BootApp.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sunco.oauth.client-id=" + ConnectFlowBootTest.CLIENT_ID,
      "sunco.oauth.client-secret=" + ConnectFlowBootTest.SECRET,
      "sunco.oauth.routes.redirect-uri=" + ConnectFlowBootTest.REDIRECT_URI,
      "sunco.oauth.routes.success-url=/connected",
      "sunco.oauth.retry.max-retries=0",
      // Everything this library logs, and Boot's condition report.
      "logging.level.io.sunco=TRACE",
      "debug=true",
      "management.endpoints.web.exposure.include=env,configprops",
      "management.endpoint.env.show-values=always",
      "management.endpoint.configprops.show-values=always"
    })
// The client's 5 s default is not a deadline under test: on a loaded CI machine the first actuator
// request (the configprops report, with TRACE logging) took 6 s.
@AutoConfigureWebTestClient(timeout = "PT30S")
@ExtendWith(OutputCaptureExtension.class)
@Import(ConnectFlowBootTest.PrivateTrust.class)
class ConnectFlowBootTest {

  static final String CLIENT_ID = "5e4af71a81966cfff3ef6550";
  static final String SECRET = "5XJ85yjUtRcaQu_pDINblPZb";
  // The emulator redirects the browser here; this test sends the callback to the random port.
  static final String REDIRECT_URI = "http://127.0.0.1:8080/oauth/sunshine/callback";
  static final App APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme Support");

  static final SunshineOAuthEmulator EMULATOR =
      SunshineOAuthEmulator.builder()
          .integration(Integration.of(CLIENT_ID, SECRET, REDIRECT_URI))
          .app(APP)
          .tls()
          .start();

  private static final HttpClient BROWSER =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .sslContext(browserTrust())
          .build();

  /** The application's trust in the emulator's private certificate, as the README configures it. */
  @TestConfiguration
  static class PrivateTrust {
    @Bean
    SunshineOAuthClientCustomizer privateTrustStore() throws GeneralSecurityException, IOException {
      TrustManagerFactory trust = trustOfTheEmulator();
      // The generic spec overload: Reactor Netty 1.3.7 deprecates the ProtocolSslContextSpec one.
      GenericSslContextSpec<SslContextBuilder> emulatorCa =
          Http11SslContextSpec.forClient().configure(ssl -> ssl.trustManager(trust));
      return builder ->
          builder.httpClient(
              reactor.netty.http.client.HttpClient.create()
                  .secure(tls -> tls.sslContext(emulatorCa)));
    }
  }

  /** A trust store that holds the emulator's certificate (a file in a real application). */
  private static TrustManagerFactory trustOfTheEmulator()
      throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry(
        "emulator",
        CertificateFactory.getInstance("X.509")
            .generateCertificate(
                new ByteArrayInputStream(
                    EMULATOR.certificatePem().getBytes(StandardCharsets.US_ASCII))));
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    return trust;
  }

  private static SSLContext browserTrust() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trustOfTheEmulator().getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @DynamicPropertySource
  static void emulator(DynamicPropertyRegistry registry) {
    registry.add("sunco.oauth.base-url", EMULATOR::baseUrl);
  }

  @AfterAll
  static void stopEmulator() {
    EMULATOR.close();
  }

  @Autowired WebTestClient web;
  @Autowired SunshineOAuthClient client;

  @BeforeEach
  void clear() {
    BootApp.SAVED.clear();
  }

  @Test
  void connectWhenCustomerAllowsThenTokenSavedAndBrowserSentToSuccessUrl() throws Exception {
    assertThat(client.baseUrl()).isEqualTo(URI.create(EMULATOR.baseUrl()));
    assertThat(EMULATOR.baseUrl()).startsWith("https://127.0.0.1:");

    EntityExchangeResult<byte[]> started =
        web.get()
            .uri("/oauth/sunshine/start")
            .exchange()
            .expectStatus()
            .isFound()
            .expectBody()
            .returnResult();
    URI consent = started.getResponseHeaders().getLocation();
    ResponseCookie nonce =
        started.getResponseCookies().getFirst(SunshineOAuthRoutes.DEFAULT_COOKIE_NAME);
    assertThat(consent.toString()).startsWith(EMULATOR.baseUrl() + "/oauth/authorize?");
    assertThat(nonce).isNotNull();

    URI redirect = consentAtTheEmulator(consent);
    assertThat(redirect.toString()).startsWith(REDIRECT_URI + "?code=");

    web.get()
        .uri(redirect.getRawPath() + "?" + redirect.getRawQuery())
        .cookie(nonce.getName(), nonce.getValue())
        .exchange()
        .expectStatus()
        .isSeeOther()
        .expectHeader()
        .location("/connected");

    assertThat(BootApp.SAVED).hasSize(1);
    ConnectedApp saved = BootApp.SAVED.get(0);
    assertThat(saved.app().appId()).isEqualTo(APP.id());
    assertThat(saved.token().value()).isNotBlank();
  }

  @Test
  void actuatorWhenValuesShownThenSecretMaskedInEnvAndConfigprops() {
    for (String endpoint : new String[] {"/actuator/configprops", "/actuator/env"}) {
      String body =
          new String(
              web.get()
                  .uri(endpoint)
                  .exchange()
                  .expectStatus()
                  .isOk()
                  .expectBody()
                  .returnResult()
                  .getResponseBodyContent(),
              StandardCharsets.UTF_8);
      // The values are shown (the client id is), the secret is not.
      assertThat(body).as(endpoint).contains(CLIENT_ID).doesNotContain(SECRET).contains("******");
    }
  }

  @Test
  void logsWhenStartedAndFlowRunAtTraceThenNoSecret(CapturedOutput output) throws Exception {
    connectWhenCustomerAllowsThenTokenSavedAndBrowserSentToSuccessUrl();

    assertThat(output.getAll())
        .contains("SunshineOAuthAutoConfiguration")
        .doesNotContain(SECRET)
        .doesNotContain(BootApp.SAVED.get(0).token().value());
  }

  /** Plays the browser at the emulator: follows the consent URL, returns where it redirects. */
  private static URI consentAtTheEmulator(URI consent) throws IOException, InterruptedException {
    HttpResponse<String> response =
        BROWSER.send(
            HttpRequest.newBuilder(consent).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(302);
    return URI.create(response.headers().firstValue("Location").orElseThrow());
  }
}
