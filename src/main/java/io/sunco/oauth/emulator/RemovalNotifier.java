package io.sunco.oauth.emulator;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Tells an integration's {@code removeUrl} that access to an app ended: one POST, never retried,
 * whose failures are logged and otherwise ignored, as a webhook delivery would be. The revocation
 * endpoint does not wait for it; {@link SunshineOAuthEmulator#removeIntegration} waits for its
 * outcome.
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

  /**
   * POSTs {@code {"integrationId":..,"appId":..}} to the integration's {@code removeUrl}, if it has
   * one. The call is made now, whether or not the returned {@code Mono} is subscribed, and is
   * cancelled by {@link #dispose()}.
   *
   * @return emits the status the {@code removeUrl} answered, or an empty {@code OptionalInt} when
   *     there is no {@code removeUrl} (at once) or the call failed or was cancelled; never errors
   */
  Mono<OptionalInt> notifyRemoved(Integration integration, String appId) {
    if (integration.removeUrl().isEmpty()) {
      return Mono.just(OptionalInt.empty());
    }
    URI url = integration.removeUrl().get();
    Map<String, String> payload = new LinkedHashMap<>();
    payload.put("integrationId", integration.clientId());
    payload.put("appId", appId);
    String target = Integration.withoutQuery(url);
    Sinks.One<OptionalInt> outcome = Sinks.one();
    AtomicReference<Disposable> self = new AtomicReference<>();
    Disposable call =
        client
            .post()
            .uri(url.toString())
            // Bytes, not a pooled buffer made up front: a notification cancelled by close() before
            // it is written must leave nothing unreleased.
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
                  // Cancelled by close(), or completed without a status: no answer to report.
                  outcome.tryEmitValue(OptionalInt.empty());
                })
            .subscribe(
                status -> {
                  LOG.debug("removeUrl {} answered {}", target, status);
                  outcome.tryEmitValue(OptionalInt.of(status));
                },
                error -> LOG.warn("removeUrl {} failed: {}", target, error.getClass().getName()));
    self.set(call);
    pending.add(call);
    if (call.isDisposed()) {
      pending.remove(call);
    }
    return outcome.asMono();
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
