package io.sunco.oauth.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The one blocking JDK HTTP client of the test suite, for calls from a test thread (never from an
 * event loop): HTTP/1.1, redirects not followed (a test checks the {@code Location} itself), a 5 s
 * connect timeout. Bodies are read as strings; I/O errors are rethrown unchecked. Over TLS, {@link
 * #send(HttpRequest, String)} trusts the PEM certificates it is given and nothing else.
 */
public final class BlockingHttp {

  /** How long a request may take unless the caller says otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One client per trusted PEM text: an emulator's or a test server's certificate. */
  private static final Map<String, HttpClient> TRUSTING = new ConcurrentHashMap<>();

  private BlockingHttp() {}

  /**
   * Sends {@code request} through a client that trusts the certificates of {@code trustedPem} (and,
   * for {@code https}, nothing else), and waits for the whole answer.
   */
  public static HttpResponse<String> send(HttpRequest request, String trustedPem) {
    return send(TRUSTING.computeIfAbsent(trustedPem, BlockingHttp::trusting), request);
  }

  /** A JDK {@code SSLContext} that trusts the certificates of {@code pem} and nothing else. */
  public static SSLContext sslContext(String pem) {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(TrustStores.of(pem));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the given PEM", e);
    }
  }

  private static HttpClient trusting(String pem) {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .sslContext(sslContext(pem))
        .build();
  }

  /**
   * Sends {@code request} and waits for the whole answer.
   *
   * @throws UncheckedIOException when the exchange fails
   * @throws IllegalStateException when the thread is interrupted (its flag is set again)
   */
  public static HttpResponse<String> send(HttpRequest request) {
    return send(CLIENT, request);
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Sends {@code request} with {@code timeout} as its request timeout. */
  public static HttpResponse<String> send(HttpRequest.Builder request, Duration timeout) {
    return send(request.timeout(timeout).build());
  }

  /** A GET of {@code url} with {@link #DEFAULT_TIMEOUT}. */
  public static HttpResponse<String> get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).GET(), DEFAULT_TIMEOUT);
  }

  /** The {@code Location} header of {@code response}; an {@link AssertionError} without one. */
  public static String location(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Location")
        .orElseThrow(() -> new AssertionError("no Location"));
  }
}
