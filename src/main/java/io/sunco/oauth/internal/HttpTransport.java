package io.sunco.oauth.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineOAuthException;
import io.sunco.oauth.error.SunshineTimeoutException;
import io.sunco.oauth.error.SunshineTransportException;
import io.sunco.oauth.error.SunshineTransportException.Reason;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

/**
 * One HTTP exchange over Reactor Netty: sends a request, reads the whole answer up to a byte
 * limit, and turns every network failure into a {@link SunshineOAuthException}. It knows nothing
 * of the OAuth protocol; the caller decodes the {@link RawResponse}.
 */
public final class HttpTransport {

  private final HttpClient client;
  private final int maxBodyBytes;
  private final Duration connectTimeout;

  /**
   * @param client the configured client (no redirects followed, no silent retry)
   * @param maxBodyBytes the most bytes of a body that are read before the exchange fails
   * @param connectTimeout the connect timeout configured on {@code client}, for messages
   */
  public HttpTransport(HttpClient client, int maxBodyBytes, Duration connectTimeout) {
    this.client = client;
    this.maxBodyBytes = maxBodyBytes;
    this.connectTimeout = connectTimeout;
  }

  /**
   * Sends one request and reads the answer; nothing happens until subscription.
   *
   * @param operation the call this exchange belongs to, for errors
   * @param method the HTTP method
   * @param url the absolute URL
   * @param authorization the {@code Authorization} header value, or {@code null}
   * @param jsonBody a JSON body to send, or {@code null} for none
   * @return a Mono that emits the answer, whatever its status, or errors with a {@link
   *     SunshineTransportException} or {@link SunshineTimeoutException}
   */
  public Mono<RawResponse> exchange(
      Operation operation, HttpMethod method, String url, String authorization, byte[] jsonBody) {
    HttpClient configured =
        client.headers(
            headers -> {
              if (authorization != null) {
                headers.set(HttpHeaderNames.AUTHORIZATION, authorization);
              }
              if (jsonBody != null) {
                headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
                headers.setInt(HttpHeaderNames.CONTENT_LENGTH, jsonBody.length);
              }
            });
    HttpClient.ResponseReceiver<?> request =
        jsonBody == null
            ? configured.request(method).uri(url)
            : configured
                .request(method)
                .uri(url)
                .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(jsonBody)));
    return request
        .responseConnection(
            (response, connection) -> {
              long announced = contentLength(response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH));
              if (announced > maxBodyBytes) {
                connection.dispose();
                return Mono.error(new BodyCollector.TooLargeException());
              }
              String retryAfter = response.responseHeaders().get(HttpHeaderNames.RETRY_AFTER);
              String contentType = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
              int status = response.status().code();
              return connection
                  .inbound()
                  .receive()
                  .collect(
                      () -> new BodyCollector(maxBodyBytes, announced),
                      (collector, chunk) -> collector.append(chunk))
                  .map(c -> new RawResponse(status, retryAfter, contentType, c.toByteArray()))
                  .doOnError(e -> connection.dispose());
            })
        .next()
        .onErrorMap(e -> !(e instanceof SunshineOAuthException), e -> translate(operation, e));
  }

  /** The announced body length, or -1 when absent or unreadable (the collector still caps). */
  private static long contentLength(String header) {
    if (header == null || header.isEmpty() || header.length() > 18) {
      return header == null || header.isEmpty() ? -1L : Long.MAX_VALUE;
    }
    for (int i = 0; i < header.length(); i++) {
      if (header.charAt(i) < '0' || header.charAt(i) > '9') {
        return -1L;
      }
    }
    return Long.parseLong(header);
  }

  /** Maps a Reactor Netty or JDK I/O error to this library's error tree. */
  SunshineOAuthException translate(Operation operation, Throwable error) {
    if (error instanceof ConnectTimeoutException) {
      return new SunshineTimeoutException(
          operation, SunshineTimeoutException.Deadline.CONNECT, connectTimeout, 1, error);
    }
    if (error instanceof PoolAcquireTimeoutException) {
      return new SunshineTimeoutException(
          operation, SunshineTimeoutException.Deadline.POOL_ACQUIRE, Duration.ZERO, 1, error);
    }
    return new SunshineTransportException(operation, reason(error), error);
  }

  private static Reason reason(Throwable error) {
    if (error instanceof BodyCollector.TooLargeException) {
      return Reason.BODY_TOO_LARGE;
    }
    if (error instanceof PoolAcquirePendingLimitException) {
      return Reason.POOL_EXHAUSTED;
    }
    if (error instanceof ConnectException
        || error instanceof UnknownHostException
        || error instanceof NoRouteToHostException) {
      return Reason.CONNECT_FAILED;
    }
    if (error instanceof SSLException || error.getCause() instanceof SSLException) {
      return Reason.TLS_FAILED;
    }
    if (error instanceof AbortedException && error.getMessage() != null
        && error.getMessage().contains("BEFORE send")) {
      return Reason.CLOSED_BEFORE_REQUEST;
    }
    if (error instanceof PrematureCloseException
        || error instanceof AbortedException
        || error instanceof ClosedChannelException) {
      return Reason.CLOSED_DURING_EXCHANGE;
    }
    if (error instanceof DecoderException || error instanceof IllegalArgumentException) {
      return Reason.MALFORMED_HTTP;
    }
    return Reason.OTHER;
  }
}
