package io.sunco.oauth.store;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.error.SunshineApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/** The check of stored tokens and its schedule, behind {@link ConnectedAppStore}. */
final class TokenChecks {

  private static final Logger LOG = Loggers.getLogger(ConnectedAppStore.class);

  private final SealedRecords records;
  private final KeyRing keyRing;
  private final String clientId;
  private final Clock clock;

  TokenChecks(SealedRecords records, KeyRing keyRing, String clientId, Clock clock) {
    this.records = records;
    this.keyRing = keyRing;
    this.clientId = clientId;
    this.clock = clock;
  }

  Mono<CheckReport> check(SunshineOAuthClient client, TokenCheck check) {
    return Mono.defer(
        () -> {
          Counts counts = new Counts();
          return records
              .list(clientId)
              // Their revoke is retried by retryPendingDisconnects; a check would only race it.
              .filter(seen -> seen.status() != ConnectionStatus.DISCONNECT_PENDING)
              // The pause is taken inside the slot, so it also bounds the rate of calls.
              .flatMap(
                  seen ->
                      pause(check.draw(check.jitter()), check)
                          .then(observed(seen, client, check, counts)),
                  check.concurrency())
              .then(Mono.fromSupplier(counts::report));
        });
  }

  Flux<CheckReport> periodically(SunshineOAuthClient client, TokenCheck check) {
    Mono<CheckReport> run =
        Mono.defer(() -> check(client, check))
            .onErrorResume(
                error -> {
                  // Error messages of this library and its backends carry no token.
                  LOG.warn(
                      "Check of stored tokens failed, next run as scheduled: clientId={}, error={}",
                      clientId,
                      error.toString());
                  return Mono.empty();
                });
    Mono<CheckReport> first =
        Mono.defer(() -> pause(check.draw(check.periodJitter()), check)).then(run);
    Mono<CheckReport> next =
        Mono.defer(() -> pause(check.period().plus(check.draw(check.periodJitter())), check))
            .then(run);
    // One run at a time: each pause starts when the previous run ended.
    return Flux.concat(first, next.repeat());
  }

  private static Mono<Void> pause(Duration pause, TokenCheck check) {
    return pause.isZero() ? Mono.empty() : Mono.delay(pause, check.scheduler()).then();
  }

  private Mono<Void> observed(
      SealedRecord seen, SunshineOAuthClient client, TokenCheck check, Counts counts) {
    return Mono.defer(
        () -> {
          CheckObserver.Check observation = check.observer().start();
          AtomicBoolean stopped = new AtomicBoolean();
          return outcome(seen, client, check)
              .doOnNext(
                  outcome -> {
                    counts.add(outcome);
                    if (stopped.compareAndSet(false, true)) {
                      observation.stop(outcome);
                    }
                  })
              .doOnError(
                  error -> {
                    if (stopped.compareAndSet(false, true)) {
                      observation.stop(CheckOutcome.FAILED);
                    }
                  })
              .doOnCancel(
                  () -> {
                    if (stopped.compareAndSet(false, true)) {
                      observation.stop(CheckOutcome.CANCELLED);
                    }
                  })
              .then();
        });
  }

  private Mono<CheckOutcome> outcome(
      SealedRecord seen, SunshineOAuthClient client, TokenCheck check) {
    AccessToken token;
    try {
      token = keyRing.open(seen);
    } catch (SealedTokenException e) {
      // Not this check's to repair: the record stays as it is, and reseal or find names the key.
      return Mono.just(CheckOutcome.FAILED);
    }
    // Sent once: the client's retry policy and retry budget are the only retries.
    return client
        .getTokenInfo(token)
        .map(info -> CheckOutcome.ALIVE)
        .onErrorResume(
            error ->
                Mono.just(
                    error instanceof SunshineApiException api && api.status() == 401
                        ? CheckOutcome.DEAD
                        : CheckOutcome.FAILED))
        .flatMap(
            answer ->
                switch (answer) {
                  case ALIVE -> verified(seen);
                  case DEAD -> refused(seen, check);
                  default -> Mono.just(answer);
                });
  }

  private Mono<CheckOutcome> verified(SealedRecord seen) {
    SealedRecord replacement =
        seen.withState(Optional.of(clock.instant()), ConnectionStatus.CONNECTED);
    return records
        .replaceIfUnchanged(seen, replacement)
        .map(written -> CheckOutcome.ALIVE)
        .defaultIfEmpty(CheckOutcome.CHANGED_MEANWHILE);
  }

  private Mono<CheckOutcome> refused(SealedRecord seen, TokenCheck check) {
    if (check.whenRefused() == TokenCheck.WhenRefused.DELETE) {
      return records
          .deleteIfUnchanged(seen)
          .map(deleted -> deleted ? CheckOutcome.DEAD : CheckOutcome.CHANGED_MEANWHILE);
    }
    return StatusMarks.mark(records, seen, ConnectionStatus.TOKEN_REFUSED)
        .map(marked -> marked ? CheckOutcome.DEAD : CheckOutcome.CHANGED_MEANWHILE);
  }

  /** One check's counts; its records are counted from several threads. */
  private static final class Counts {
    final AtomicLong alive = new AtomicLong();
    final AtomicLong dead = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong changedMeanwhile = new AtomicLong();

    void add(CheckOutcome outcome) {
      switch (outcome) {
        case ALIVE -> alive.incrementAndGet();
        case DEAD -> dead.incrementAndGet();
        case CHANGED_MEANWHILE -> changedMeanwhile.incrementAndGet();
        default -> failed.incrementAndGet();
      }
    }

    CheckReport report() {
      long a = alive.get();
      long d = dead.get();
      long f = failed.get();
      long c = changedMeanwhile.get();
      return new CheckReport(a + d + f + c, a, d, f, c);
    }
  }
}
