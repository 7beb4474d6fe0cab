package io.sunco.oauth.emulator;

import static io.sunco.oauth.emulator.TestHttp.APP;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_ID;
import static io.sunco.oauth.emulator.TestHttp.CLIENT_SECRET;
import static io.sunco.oauth.emulator.TestHttp.REDIRECT_URI;
import static io.sunco.oauth.emulator.TestHttp.emulatorBuilder;
import static io.sunco.oauth.emulator.TestHttp.form;
import static io.sunco.oauth.emulator.TestHttp.location;
import static io.sunco.oauth.emulator.TestHttp.queryOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.testing.BlockingHttp;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;

/** The emulator over TLS: every endpoint, the consent page and its redirect, the trust material. */
class TlsTest {

  private static final Pattern HIDDEN =
      Pattern.compile("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">");

  private static SunshineOAuthEmulator.Builder builder() {
    return emulatorBuilder();
  }

  /** The library's client, trusting {@code emulator} through its ready {@code SslContext}. */
  private static SunshineOAuthClient trustingClient(SunshineOAuthEmulator emulator) {
    return SunshineOAuthClient.builder()
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET)
        .baseUrl(emulator.baseUrl())
        .httpClient(HttpClient.create().secure(tls -> tls.sslContext(emulator.clientSslContext())))
        .build();
  }

  private static HttpResponse<String> browse(SunshineOAuthEmulator emulator, HttpRequest request) {
    return BlockingHttp.send(request, emulator.certificatePem());
  }

  @Test
  void tlsWhenConsentIsInteractiveThenThePageTheRedirectAndEveryEndpointWorkOverHttps() {
    try (SunshineOAuthEmulator emulator =
            builder().consentMode(ConsentMode.INTERACTIVE).tls().start();
        SunshineOAuthClient client = trustingClient(emulator)) {
      assertThat(emulator.baseUrl()).isEqualTo("https://127.0.0.1:" + emulator.port());
      assertThat(emulator.isTls()).isTrue();
      assertThat(emulator.toString()).startsWith("SunshineOAuthEmulator[https://127.0.0.1:");

      HttpResponse<String> page =
          browse(
              emulator,
              HttpRequest.newBuilder(URI.create(TestHttp.authorizeUrl(emulator, "state", "s-1")))
                  .timeout(BlockingHttp.DEFAULT_TIMEOUT)
                  .build());
      assertThat(page.statusCode()).isEqualTo(200);
      List<String> fields = new ArrayList<>();
      Matcher hidden = HIDDEN.matcher(page.body());
      while (hidden.find()) {
        fields.add(hidden.group(1));
        fields.add(hidden.group(2));
      }
      fields.addAll(List.of("app_id", APP.id(), "decision", "allow"));
      HttpResponse<String> decision =
          browse(
              emulator,
              HttpRequest.newBuilder(
                      URI.create(emulator.baseUrl() + SunshineOAuthEmulator.DECISION_PATH))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form(fields.toArray(String[]::new))))
                  .timeout(BlockingHttp.DEFAULT_TIMEOUT)
                  .build());
      assertThat(decision.statusCode()).isEqualTo(302);
      assertThat(location(decision)).startsWith(REDIRECT_URI + "?code=");
      String code = queryOf(location(decision)).get("code");
      assertThat(queryOf(location(decision))).containsEntry("state", "s-1");

      AccessToken token = client.getToken(code).block(Duration.ofSeconds(20));
      StepVerifier.create(client.getTokenInfo(token))
          .assertNext(info -> assertThat(info.appId()).isEqualTo(APP.id()))
          .verifyComplete();
      StepVerifier.create(client.revokeAccess(token)).verifyComplete();
      StepVerifier.create(client.getTokenInfo(token))
          .expectErrorSatisfies(e -> assertThat(((SunshineApiException) e).status()).isEqualTo(401))
          .verify();
    }
  }

  @Test
  void tlsWhenTheClientDoesNotTrustTheCertificateThenTheCallFailsWithTlsFailed() {
    try (SunshineOAuthEmulator emulator = builder().tls().start();
        SunshineOAuthClient client =
            SunshineOAuthClient.builder().clientId(CLIENT_ID).baseUrl(emulator.baseUrl()).build()) {
      StepVerifier.create(client.getTokenInfo(AccessToken.bearer("t")))
          .expectErrorSatisfies(
              e ->
                  assertThat(((SunshineTransportException) e).reason())
                      .isEqualTo(SunshineTransportException.Reason.TLS_FAILED))
          .verify();
      assertThat(emulator.requestCount()).isZero();
    }
  }

  @Test
  void certificatePemWhenSelfSignedThenNamesTheLoopbackIsValidNowAndTrustedByTheTrustManager()
      throws Exception {
    try (SunshineOAuthEmulator emulator = builder().tls().start()) {
      String pem = emulator.certificatePem();
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(
                      new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));

      assertThat(pem)
          .startsWith("-----BEGIN CERTIFICATE-----\n")
          .endsWith("-----END CERTIFICATE-----\n");
      certificate.checkValidity();
      certificate.verify(certificate.getPublicKey());
      assertThat(certificate.getSubjectAlternativeNames())
          .extracting(name -> (Object) name.get(1))
          .containsExactlyInAnyOrder("localhost", "127.0.0.1");
      emulator
          .trustManager()
          .checkServerTrusted(new X509Certificate[] {certificate}, "ECDHE_ECDSA");
      assertThat(emulator.trustManager().getAcceptedIssuers()).containsExactly(certificate);
    }
  }

  @Test
  void selfSignedWhenMadeThenIsAnEndEntityForTlsServersOnly() throws Exception {
    X509Certificate certificate = TlsIdentity.selfSigned(java.time.Instant.now()).trusted();

    assertThat(certificate.getBasicConstraints()).as("CA:false").isEqualTo(-1);
    assertThat(certificate.getKeyUsage())
        .as("digitalSignature and nothing else")
        .startsWith(true, false, false, false, false, false, false, false, false);
    assertThat(certificate.getCriticalExtensionOIDs()).containsExactly("2.5.29.15");
    assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
  }

  @Test
  void tlsWhenTheKeyIsNotTheFirstCertificatesThenRefusedAtBuildTime() {
    HeldCertificate served = new HeldCertificate.Builder().addSubjectAlternativeName("x").build();
    HeldCertificate other = new HeldCertificate.Builder().addSubjectAlternativeName("x").build();
    HeldCertificate rsa =
        new HeldCertificate.Builder().addSubjectAlternativeName("x").rsa2048().build();

    assertThatThrownBy(
            () -> builder().tls(other.keyPair().getPrivate(), List.of(served.certificate())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the key of the first certificate");
    assertThatThrownBy(
            () -> builder().tls(rsa.keyPair().getPrivate(), List.of(served.certificate())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(builder().tls(rsa.keyPair().getPrivate(), List.of(rsa.certificate()))).isNotNull();
  }

  @Test
  void toStringWhenATlsIdentityIsShownThenItNamesTheCertificateAndNeverTheKey() {
    TlsIdentity identity = TlsIdentity.selfSigned(java.time.Instant.now());
    String key = java.util.Base64.getEncoder().encodeToString(identity.key().getEncoded());

    assertThat(identity.toString())
        .isEqualTo("TlsIdentity[CN=" + TlsIdentity.COMMON_NAME + ", key not shown]")
        .doesNotContain(key);
  }

  @Test
  void tlsWhenGivenAKeyAndChainThenServesItAndTrustsTheChainsRoot() {
    HeldCertificate root = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate leaf =
        new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").signedBy(root).build();
    try (SunshineOAuthEmulator emulator =
        builder()
            .tls(leaf.keyPair().getPrivate(), List.of(leaf.certificate(), root.certificate()))
            .start()) {
      assertThat(emulator.certificatePem()).isEqualTo(root.certificatePem());

      HttpResponse<String> answer =
          BlockingHttp.send(
              HttpRequest.newBuilder(
                      URI.create(emulator.baseUrl() + SunshineOAuthEmulator.TOKEN_INFO_PATH))
                  .timeout(BlockingHttp.DEFAULT_TIMEOUT)
                  .build(),
              root.certificatePem());

      assertThat(answer.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void trustMaterialWhenPlainHttpOrAnEmptyChainThenRefused() {
    HeldCertificate held = new HeldCertificate.Builder().addSubjectAlternativeName("x").build();
    assertThatThrownBy(() -> builder().tls(held.keyPair().getPrivate(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    try (SunshineOAuthEmulator plain = builder().start()) {
      assertThat(plain.isTls()).isFalse();
      assertThat(plain.baseUrl()).startsWith("http://");
      assertThatThrownBy(plain::certificatePem)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("plain HTTP");
      assertThatThrownBy(plain::trustManager).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(plain::clientSslContext).isInstanceOf(IllegalStateException.class);
    }
  }
}
