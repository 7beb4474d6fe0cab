package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.GrantGuard.Phase;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The races inside {@link GrantGuard#run} that {@link GrantGuardInterleavingTest} (the state
 * machine alone) does not see: the {@code ended} flag that a cancel, the function's completion and
 * a failed step each claim, and a join against the exchange's unregister-then-arrive. Each race is
 * run a bounded number of times on two real threads released together by a barrier; what is checked
 * holds whichever thread wins, so no timing is assumed.
 */
class GrantGuardRaceTest {

  private static final int ROUNDS = 2_000;
  private static final AccessToken TOKEN = AccessToken.bearer("token-value-never-logged");
  private static final TokenInfo APP = TokenInfo.of("app-1", "acme", "Acme");

  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() throws InterruptedException {
    threads.shutdownNow();
    assertThat(threads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
  }

  /** Runs {@code a} and {@code b} at once on the two threads and waits for both. */
  private void race(Runnable a, Runnable b) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    Future<?> first = threads.submit(() -> awaitThen(start, a));
    Future<?> second = threads.submit(() -> awaitThen(start, b));
    first.get(1, TimeUnit.MINUTES);
    second.get(1, TimeUnit.MINUTES);
  }

  private static void awaitThen(CyclicBarrier start, Runnable action) {
    try {
      start.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    action.run();
  }

  /** A guard map that remembers the last guard put in (the exchange may remove it at once). */
  private static final class RecordingMap extends ConcurrentHashMap<String, GrantGuard> {
    private static final long serialVersionUID = 1L;
    transient volatile GrantGuard last;

    @Override
    public GrantGuard putIfAbsent(String key, GrantGuard value) {
      last = value;
      return super.putIfAbsent(key, value);
    }
  }

  /** One round's guard map, revokes and detached work. */
  private static final class Round {
    final RecordingMap guards = new RecordingMap();
    final DetachedWork work = new DetachedWork();
    final List<AccessToken> revoked = new CopyOnWriteArrayList<>();

    Mono<Void> revoke(AccessToken token) {
      return Mono.fromRunnable(() -> revoked.add(token));
    }
  }

  @Test
  void runWhenACancelRacesTheFunctionsCompletionThenTheTokenIsRevokedExactlyWhenTheCancelWon()
      throws Exception {
    for (int i = 0; i < ROUNDS; i++) {
      Round round = new Round();
      Sinks.One<String> function = Sinks.one();
      List<String> values = new CopyOnWriteArrayList<>();
      Disposable flow =
          GrantGuard.run(
                  round.guards,
                  "code-1",
                  () -> Mono.just(TOKEN),
                  token -> Mono.just(APP),
                  (token, app) -> function.asMono(),
                  round::revoke,
                  round.work)
              .subscribe(values::add);
      GrantGuard guard = guardOf(round, flow);

      race(() -> function.tryEmitValue("stored"), flow::dispose);

      Phase phase = guard.state().phase();
      assertThat(phase).isIn(Phase.KEPT, Phase.REVOKED);
      assertThat(round.revoked).hasSize(phase == Phase.REVOKED ? 1 : 0);
      if (!values.isEmpty()) {
        assertThat(phase)
            .as("a value the subscriber got is from a kept token")
            .isEqualTo(Phase.KEPT);
      }
      assertThat(round.work.running()).isZero();
    }
  }

  @Test
  void runWhenACancelRacesTokenInfosFailureThenTheTokenIsRevokedOnce() throws Exception {
    for (int i = 0; i < ROUNDS; i++) {
      Round round = new Round();
      Sinks.One<TokenInfo> info = Sinks.one();
      Disposable flow =
          GrantGuard.run(
                  round.guards,
                  "code-1",
                  () -> Mono.just(TOKEN),
                  token -> info.asMono(),
                  (token, app) -> Mono.just("stored"),
                  round::revoke,
                  round.work)
              .subscribe(ignored -> {}, error -> {});
      GrantGuard guard = guardOf(round, flow);

      race(() -> info.tryEmitError(new IllegalStateException("info failed")), flow::dispose);

      assertThat(guard.state().phase()).isEqualTo(Phase.REVOKED);
      assertThat(round.revoked).containsExactly(TOKEN);
      assertThat(round.work.running()).isZero();
    }
  }

  @Test
  void runWhenAFlowJoinsAsTheExchangeEndsThenEachFlowGetsATokenAndNoneIsRevoked() throws Exception {
    AccessToken own = AccessToken.bearer("second-token-never-logged");
    for (int i = 0; i < ROUNDS; i++) {
      Round round = new Round();
      Sinks.One<AccessToken> exchange = Sinks.one();
      AtomicInteger exchanges = new AtomicInteger();
      List<Object> first = new CopyOnWriteArrayList<>();
      List<Object> second = new CopyOnWriteArrayList<>();
      GrantGuard.run(
              round.guards,
              "code-1",
              () -> {
                exchanges.incrementAndGet();
                return exchange.asMono();
              },
              token -> Mono.just(APP),
              (token, app) -> Mono.just(token),
              round::revoke,
              round.work)
          .subscribe(first::add, first::add);

      race(
          () -> exchange.tryEmitValue(TOKEN),
          () ->
              GrantGuard.run(
                      round.guards,
                      "code-1",
                      () -> {
                        exchanges.incrementAndGet();
                        return Mono.just(own);
                      },
                      token -> Mono.just(APP),
                      (token, app) -> Mono.just(token),
                      round::revoke,
                      round.work)
                  .subscribe(second::add, second::add));

      assertThat(first).containsExactly(TOKEN);
      // Joined the first exchange (and got its token) or, once it had ended, started its own.
      assertThat(second).containsExactly(exchanges.get() == 1 ? TOKEN : own);
      assertThat(round.revoked).isEmpty();
      assertThat(round.guards).isEmpty();
      assertThat(round.work.running()).isZero();
    }
  }

  private static GrantGuard guardOf(Round round, Disposable flow) {
    assertThat(flow.isDisposed()).as("the flow is still pending").isFalse();
    return java.util.Objects.requireNonNull(round.guards.last);
  }
}
