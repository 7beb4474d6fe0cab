package io.sunco.oauth.bench.harness;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.util.function.BiConsumer;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The baseline: the leanest correct token call by hand on Reactor Netty's {@code HttpClient}.
 * One client configured once (headers, no silent retry: a code is single use, so a POST that may
 * have gone out must not be repeated); per call a POST of the JSON body to the absolute URL, the
 * whole body aggregated, the status checked, {@code access_token} pulled out with Jackson's
 * streaming parser ({@link Wire}). No deadlines, no retries, no error decoding.
 */
final class ReferenceClient implements TokenClient {

  private final ConnectionProvider pool;
  private final HttpClient http;
  private final String tokenUrl;

  ReferenceClient(String baseUrl) {
    pool = ConnectionProvider.builder("reference").maxConnections(64).pendingAcquireMaxCount(1024).build();
    http =
        HttpClient.create(pool)
            .disableRetry(true)
            .headers(
                h ->
                    h.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                        .set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON));
    tokenUrl = baseUrl + "/oauth/token";
  }

  @Override
  public void getToken(String code, BiConsumer<String, Throwable> done) {
    http.post()
        .uri(tokenUrl)
        .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(Wire.tokenRequest(code))))
        .responseSingle(
            (response, body) -> {
              int status = response.status().code();
              if (status < 200 || status > 299) {
                return Mono.error(new IllegalStateException("HTTP " + status));
              }
              return body.asByteArray();
            })
        .map(Wire::accessToken)
        .subscribe(new Done(done));
  }

  @Override
  public void close() {
    pool.disposeLater().block();
  }
}
