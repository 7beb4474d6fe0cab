package example;

import static io.sunco.oauth.testing.TestServers.tokenInfoOk;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContextBuilder;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.error.SunshineTransportException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.TrustManagerFactory;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.tcp.SslProvider.GenericSslContextSpec;
import reactor.netty.transport.ProxyProvider;
import reactor.test.StepVerifier;

/**
 * The README's "Behind a corporate proxy, with a private trust store, or custom idle/keep-alive"
 * block, run: its client reaches an {@code https} server on 127.0.0.1 whose certificate only the
 * private trust store trusts (loopback is in the block's {@code nonProxyHosts}, so no proxy is
 * needed). What the library still enforces on such a client is {@link
 * CustomHttpClientEnforcementTest}'s.
 */
public class CustomHttpClientTest {

  private static final AccessToken TOKEN = AccessToken.bearer("token");

  @TempDir Path dir;

  private HeldCertificate privateCa;
  private MockWebServer server;

  /** What the block builds: the client, and the pool that the application disposes. */
  public record Corporate(SunshineOAuthClient client, HttpClient http, ConnectionProvider pool) {}

  /** The README's block; {@code BrowserFlowTest} trusts the https emulator through it too. */
  public static Corporate corporateClient(
      String clientId, String secret, Path trustStore, char[] password) throws Exception {
    // tag::readme-custom-http-client[]
    // Your private CA, loaded once at start-up (a file read: not on an event loop).
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(KeyStore.getInstance(trustStore.toFile(), password));
    // The generic spec overload (Reactor Netty 1.3.7 deprecates the ProtocolSslContextSpec one).
    GenericSslContextSpec<SslContextBuilder> privateCa =
        Http11SslContextSpec.forClient().configure(ssl -> ssl.trustManager(trust));

    ConnectionProvider pool =
        ConnectionProvider.builder("sunco-oauth")
            .maxConnections(64)
            .pendingAcquireMaxCount(1024) // one more waiting call fails at once
            .maxIdleTime(Duration.ofSeconds(50)) // shorter than the proxy's idle timeout
            .maxLifeTime(Duration.ofMinutes(10))
            .evictInBackground(Duration.ofSeconds(30))
            .build();

    HttpClient http =
        HttpClient.create(pool)
            .proxy(
                proxy ->
                    proxy
                        .type(ProxyProvider.Proxy.HTTP)
                        .host("proxy.corp.example")
                        .port(3128)
                        .nonProxyHosts("localhost|127\\.0\\.0\\.1")) // reached directly
            .secure(tls -> tls.sslContext(privateCa))
            .option(ChannelOption.SO_KEEPALIVE, true); // TCP keep-alive probes while idle

    SunshineOAuthClient client =
        SunshineOAuthClient.builder()
            .clientId(clientId)
            .clientSecret(secret)
            .httpClient(http) // never disposed by client.close(): dispose the pool yourself
            .build();
    // end::readme-custom-http-client[]
    return new Corporate(client, http, pool);
  }

  @BeforeEach
  void startHttpsServer() throws Exception {
    privateCa = new HeldCertificate.Builder().certificateAuthority(0).build();
    HeldCertificate serverCertificate =
        new HeldCertificate.Builder()
            .addSubjectAlternativeName("127.0.0.1")
            .signedBy(privateCa)
            .build();
    server = new MockWebServer();
    server.useHttps(
        new HandshakeCertificates.Builder()
            .heldCertificate(serverCertificate, privateCa.certificate())
            .build()
            .sslSocketFactory());
    server.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** A PKCS#12 trust store holding the private CA only. */
  private Path trustStore(char[] password) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("corp-ca", privateCa.certificate());
    Path file = dir.resolve("truststore.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, password);
    }
    return file;
  }

  @Test
  void corporateClientWhenServerCertificateFromPrivateCaThenCallSucceedsOverTls() throws Exception {
    char[] password = "changeit".toCharArray();
    Corporate corporate = corporateClient("client-id", "secret", trustStore(password), password);
    try (SunshineOAuthClient client = corporate.client();
        SunshineOAuthClient atServer =
            client.newBuilder().baseUrl("https://127.0.0.1:" + server.getPort()).build()) {
      server.enqueue(tokenInfoOk());

      StepVerifier.create(atServer.getTokenInfo(TOKEN))
          .expectNextCount(1)
          .expectComplete()
          .verify(Duration.ofSeconds(20));

      assertThat(server.takeRequest().getRequestLine()).startsWith("GET /v2/tokenInfo ");
    } finally {
      corporate.pool().dispose();
    }
  }

  @Test
  void defaultClientWhenServerCertificateFromPrivateCaThenTlsFailed() {
    try (SunshineOAuthClient plain =
        SunshineOAuthClient.builder()
            .clientId("client-id")
            .baseUrl("https://127.0.0.1:" + server.getPort())
            .build()) {
      server.enqueue(tokenInfoOk());

      StepVerifier.create(plain.getTokenInfo(TOKEN))
          .expectErrorSatisfies(
              e ->
                  assertThat(((SunshineTransportException) e).reason())
                      .isEqualTo(SunshineTransportException.Reason.TLS_FAILED))
          .verify(Duration.ofSeconds(20));
    }
  }

  @Test
  void corporateClientWhenClosedThenItsHttpClientAndPoolStayUsable() throws Exception {
    char[] password = "changeit".toCharArray();
    Corporate corporate = corporateClient("client-id", "secret", trustStore(password), password);
    String baseUrl = "https://127.0.0.1:" + server.getPort();
    try {
      try (SunshineOAuthClient client = corporate.client();
          SunshineOAuthClient atServer = client.newBuilder().baseUrl(baseUrl).build()) {
        server.enqueue(tokenInfoOk());
        StepVerifier.create(atServer.getTokenInfo(TOKEN))
            .expectNextCount(1)
            .expectComplete()
            .verify(Duration.ofSeconds(20));
      }

      assertThat(corporate.pool().isDisposed()).isFalse();
      try (SunshineOAuthClient next =
          SunshineOAuthClient.builder()
              .clientId("client-id")
              .baseUrl(baseUrl)
              .httpClient(corporate.http())
              .build()) {
        server.enqueue(tokenInfoOk());
        StepVerifier.create(next.getTokenInfo(TOKEN))
            .expectNextCount(1)
            .expectComplete()
            .verify(Duration.ofSeconds(20));
      }
    } finally {
      corporate.pool().dispose();
    }
  }
}
