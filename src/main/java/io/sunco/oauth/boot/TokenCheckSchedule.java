package io.sunco.oauth.boot;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.store.CheckReport;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.DisconnectResult;
import io.sunco.oauth.store.TokenCheck;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The scheduled check of stored tokens as a Spring lifecycle: subscribed when the application
 * context has started, disposed when it stops (a run in progress is cancelled). The disconnects
 * whose revoke failed ({@code DISCONNECT_PENDING}) are retried once at the start and after each run
 * ({@link ConnectedAppStore#retryPendingDisconnects}), so that a pending record never waits more
 * than one period. Each run's report and each retry's results (counts only, no token) are logged at
 * INFO.
 */
final class TokenCheckSchedule implements SmartLifecycle {

  private static final Logger LOG = Loggers.getLogger(TokenCheckSchedule.class);

  private final Flux<CheckReport> checks;
  private @Nullable Disposable running;

  TokenCheckSchedule(Flux<CheckReport> checks) {
    this.checks = Objects.requireNonNull(checks, "checks");
  }

  /**
   * The schedule of {@code store}: the pending disconnects retried, then the periodic check of
   * {@link ConnectedAppStore#checkTokensPeriodically}, each of whose runs is followed by another
   * retry. A failed retry is logged at WARN and waits for the next run; it never stops the check.
   */
  static TokenCheckSchedule of(
      ConnectedAppStore store, SunshineOAuthClient client, TokenCheck check) {
    Mono<Void> retry = pendingDisconnectsRetried(store, client);
    return new TokenCheckSchedule(
        retry.thenMany(
            store
                .checkTokensPeriodically(client, check)
                .concatMap(report -> retry.thenReturn(report))));
  }

  /** One retry of the pending disconnects: never errors, logs what it did. */
  static Mono<Void> pendingDisconnectsRetried(ConnectedAppStore store, SunshineOAuthClient client) {
    return Mono.defer(
        () ->
            store
                .retryPendingDisconnects(client)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .doOnNext(TokenCheckSchedule::logRetried)
                .then()
                .onErrorResume(
                    error -> {
                      // Its type only, as for the check itself: a driver's message may hold
                      // anything (a URL, a statement).
                      LOG.warn(
                          "Sunshine pending disconnects: retry failed, next after the next token"
                              + " check: {}",
                          error.getClass().getName());
                      return Mono.empty();
                    }));
  }

  private static void logRetried(Map<DisconnectResult, Long> results) {
    if (!results.isEmpty()) {
      LOG.info("Sunshine pending disconnects retried: {}", results);
    }
  }

  @Override
  public synchronized void start() {
    if (running == null) {
      running =
          checks.subscribe(
              report -> LOG.info("Sunshine token check: {}", report),
              error -> LOG.warn("Sunshine token check stopped: {}", error.getClass().getName()));
    }
  }

  @Override
  public synchronized void stop() {
    Disposable subscription = running;
    if (subscription != null) {
      subscription.dispose();
      running = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return running != null;
  }

  /** Whether the schedule's subscription is live: started and not disposed. For tests. */
  synchronized boolean isSubscribed() {
    Disposable subscription = running;
    return subscription != null && !subscription.isDisposed();
  }
}
