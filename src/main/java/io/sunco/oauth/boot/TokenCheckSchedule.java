package io.sunco.oauth.boot;

import io.sunco.oauth.store.CheckReport;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The scheduled check of stored tokens as a Spring lifecycle: subscribed when the application
 * context has started, disposed when it stops (a run in progress is cancelled). Each run's report
 * (counts only, no token) is logged at INFO.
 */
final class TokenCheckSchedule implements SmartLifecycle {

  private static final Logger LOG = Loggers.getLogger(TokenCheckSchedule.class);

  private final Flux<CheckReport> checks;
  private @Nullable Disposable running;

  TokenCheckSchedule(Flux<CheckReport> checks) {
    this.checks = Objects.requireNonNull(checks, "checks");
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
