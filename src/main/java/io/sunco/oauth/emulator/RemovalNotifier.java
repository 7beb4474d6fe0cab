package io.sunco.oauth.emulator;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Tells an integration's {@code removeUrl} that access to an app ended: a fire-and-forget POST,
 * whose failures are logged and otherwise ignored, as a webhook delivery would be.
 */
final class RemovalNotifier implements Disposable {

  private static final Logger LOG = Loggers.getLogger(SunshineOAuthEmulator.class);
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  // No pool: each notification opens and closes its own connection, so nothing lingers after close.
  // Timeouts are Netty's (connect option, response handler), not Reactor's timeout operator, which
  // would run on a scheduler that virtual-time tests in the same JVM may replace.
  private final HttpClient client =
      HttpClient.create(ConnectionProvider.newConnection())
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) TIMEOUT.toMillis())
          .responseTimeout(TIMEOUT)
          .headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
  private final Disposable.Composite pending = Disposables.composite();

  void notifyRemoved(Integration integration, String appId) {
    integration
        .removeUrl()
        .ifPresent(
            url -> {
              Map<String, String> payload = new LinkedHashMap<>();
              payload.put("integrationId", integration.clientId());
              payload.put("appId", appId);
              String target = Integration.withoutQuery(url);
              AtomicReference<Disposable> self = new AtomicReference<>();
              Disposable call =
                  client
                      .post()
                      .uri(url.toString())
                      // Bytes, not a pooled buffer made up front: a notification cancelled by
                      // close()
                      // before it is written must leave nothing unreleased.
                      .send(
                          (request, outbound) ->
                              outbound.sendByteArray(
                                  Mono.just(Json.write(payload).getBytes(StandardCharsets.UTF_8))))
                      .responseSingle(
                          (response, body) ->
                              body.asString(StandardCharsets.UTF_8)
                                  .defaultIfEmpty("")
                                  .thenReturn(response.status().code()))
                      .doFinally(
                          signal -> {
                            Disposable done = self.get();
                            if (done != null) {
                              pending.remove(done);
                            }
                          })
                      .subscribe(
                          status -> LOG.debug("removeUrl {} answered {}", target, status),
                          error ->
                              LOG.warn(
                                  "removeUrl {} failed: {}", target, error.getClass().getName()));
              self.set(call);
              pending.add(call);
              if (call.isDisposed()) {
                pending.remove(call);
              }
            });
  }

  @Override
  public void dispose() {
    pending.dispose();
  }

  @Override
  public boolean isDisposed() {
    return pending.isDisposed();
  }
}
