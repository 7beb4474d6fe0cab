package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.error.Operation;
import io.sunco.oauth.error.SunshineApiException;
import io.sunco.oauth.testing.LogLines;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import reactor.util.context.Context;

/**
 * {@link GrantGuard} on its own, with the exchange, token info and revoke as plain {@code Mono}s
 * the test controls: the orderings the emulator tests of {@code completeAuthorization} cannot
 * force.
 */
class GrantGuardTest {

  private static final AccessToken TOKEN = AccessToken.bearer("token-value-never-logged");
  private static final TokenInfo APP = TokenInfo.of("app-1", "acme", "Acme");

  private final List<AccessToken> revoked = new CopyOnWriteArrayList<>();
  private final ConcurrentMap<String, GrantGuard> guards = new ConcurrentHashMap<>();
  private final DetachedWork work = new DetachedWork();

  private Mono<Void> revokeRecording(AccessToken token) {
    return Mono.fromRunnable(() -> revoked.add(token));
  }

  /** A flow of the code "code-1" whose exchange, if it starts one, is {@code exchange}. */
  private <T> Mono<T> flow(
      Mono<AccessToken> exchange,
      Function<AccessToken, Mono<TokenInfo>> tokenInfo,
      BiFunction<AccessToken, TokenInfo, Mono<T>> onConnected,
      Function<AccessToken, Mono<Void>> revoke) {
    return GrantGuard.run(guards, "code-1", () -> exchange, tokenInfo, onConnected, revoke, work);
  }

  /**
   * A flow whose token info names {@link #APP}, whose function answers with {@code stored}, and
   * whose revokes are recorded.
   */
  private <T> Mono<T> storing(Mono<AccessToken> exchange, Mono<T> stored) {
    return flow(exchange, token -> Mono.just(APP), (token, app) -> stored, this::revokeRecording);
  }

  /**
   * Runs {@code flow} to its error, checked by {@code failure}, and returns the one WARN line of
   * the revoke that failed after it.
   */
  private static String revokeWarning(Mono<?> flow, Consumer<Throwable> failure) {
    List<String> lines =
        LogLines.during(
            "io.sunco.oauth",
            () -> StepVerifier.create(flow).expectErrorSatisfies(failure).verify());
    List<String> warnings =
        lines.stream().filter(line -> line.startsWith("Could not revoke")).toList();
    assertThat(warnings).hasSize(1);
    return warnings.get(0);
  }

  @Test
  void runWhenCancelledBeforeTheTokenArrivesThenTheTokenIsRevokedOnArrival() {
    Sinks.One<AccessToken> exchange = Sinks.one();

    Disposable flow = storing(exchange.asMono(), Mono.just("connected")).subscribe();
    flow.dispose();
    assertThat(revoked).as("nothing to revoke before the token arrives").isEmpty();

    exchange.tryEmitValue(TOKEN);

    assertThat(revoked).containsExactly(TOKEN);
  }

  @Test
  void runWhenTheFunctionCompletesThenTheTokenIsKeptAndALaterCancelRevokesNothing() {
    Sinks.One<AccessToken> exchange = Sinks.one();
    Sinks.One<String> stored = Sinks.one();
    List<String> results = new CopyOnWriteArrayList<>();

    Disposable flow = storing(exchange.asMono(), stored.asMono()).subscribe(results::add);
    exchange.tryEmitValue(TOKEN);
    stored.tryEmitValue("saved");
    flow.dispose();

    assertThat(results).containsExactly("saved");
    assertThat(revoked).isEmpty();
  }

  @Test
  void runWhenTheRevokeFailsWithAForeignErrorThenTheWarningNamesOnlyItsClass() {
    IllegalStateException foreign = new IllegalStateException("jdbc:postgresql://u:pw@db/x");

    String warning =
        revokeWarning(
            flow(
                Mono.just(TOKEN),
                token -> Mono.just(APP),
                (token, app) -> Mono.error(new IllegalArgumentException("sink failed")),
                token -> Mono.error(foreign)),
            error -> {
              assertThat(error).hasMessage("sink failed");
              assertThat(error.getSuppressed()).containsExactly(foreign);
            });

    assertThat(warning)
        .contains("a later step failed", "java.lang.IllegalStateException")
        // Token info answered: the line names the app (which operators can act on).
        .contains("(app app-1)")
        .doesNotContain("jdbc", "pw@", TOKEN.value());
  }

  @Test
  void runWhenTheRevokeFailsWithOurOwnErrorThenTheWarningCarriesItsMessage() {
    SunshineApiException refused =
        new SunshineApiException(Operation.REVOKE_ACCESS, 503, List.of(), null);

    String warning =
        revokeWarning(
            flow(
                Mono.just(TOKEN),
                token -> Mono.error(new IllegalStateException("info failed")),
                (token, app) -> Mono.just("never"),
                token -> Mono.error(refused)),
            error -> assertThat(error).hasMessage("info failed"));

    assertThat(warning)
        .contains("SunshineApiException: " + refused.getMessage())
        .doesNotContain(TOKEN.value());
  }

  @Test
  void runWhenCancelledWhileTheRevokeAfterAFailedStepRunsThenTheRevokeIsNotCancelled() {
    Sinks.Empty<Void> revokeAnswer = Sinks.empty();
    AtomicInteger revokeCancels = new AtomicInteger();
    AtomicInteger revokeDone = new AtomicInteger();

    Disposable flow =
        flow(
                Mono.just(TOKEN),
                token -> Mono.just(APP),
                (token, app) -> Mono.error(new IllegalStateException("duplicate key")),
                token ->
                    revokeAnswer
                        .asMono()
                        .doOnCancel(revokeCancels::incrementAndGet)
                        .doOnSuccess(ignored -> revokeDone.incrementAndGet()))
            .subscribe(ignored -> {}, error -> {});
    // The flow waits for the revoke; its subscriber goes away (a gateway timeout, Ctrl-C).
    flow.dispose();
    revokeAnswer.tryEmitEmpty();

    assertThat(revokeCancels).hasValue(0);
    assertThat(revokeDone).hasValue(1);
  }

  @Test
  void runWhenTwoFlowsShareTheTokenAndOneStoredItThenTheOthersFailureRevokesNothing() {
    Sinks.One<AccessToken> exchange = Sinks.one();
    Sinks.One<String> slowStore = Sinks.one();
    AtomicInteger exchanges = new AtomicInteger();
    Mono<AccessToken> counted = exchange.asMono().doOnSubscribe(s -> exchanges.incrementAndGet());
    List<Object> first = new CopyOnWriteArrayList<>();
    List<Object> second = new CopyOnWriteArrayList<>();

    storing(counted, slowStore.asMono()).subscribe(first::add, first::add);
    storing(counted, Mono.just("stored")).subscribe(second::add, second::add);
    exchange.tryEmitValue(TOKEN);
    slowStore.tryEmitError(new IllegalStateException("duplicate key"));

    assertThat(exchanges).as("one exchange for both flows").hasValue(1);
    assertThat(second).containsExactly("stored");
    assertThat(first).singleElement().isInstanceOf(IllegalStateException.class);
    assertThat(revoked).isEmpty();
  }

  @Test
  void runWhenTwoFlowsShareTheTokenAndBothFailThenOnlyTheLastRevokesOnce() {
    Sinks.One<AccessToken> exchange = Sinks.one();
    Sinks.One<String> firstStore = Sinks.one();
    Sinks.One<String> secondStore = Sinks.one();
    List<Object> first = new CopyOnWriteArrayList<>();

    storing(exchange.asMono(), firstStore.asMono()).subscribe(first::add, first::add);
    Disposable second = storing(exchange.asMono(), secondStore.asMono()).subscribe();
    exchange.tryEmitValue(TOKEN);
    firstStore.tryEmitError(new IllegalStateException("refused"));
    assertThat(first).as("reported at once: the other flow may still store it").hasSize(1);
    assertThat(revoked).isEmpty();

    second.dispose();

    assertThat(revoked).containsExactly(TOKEN);
  }

  @Test
  void runWhenAFlowComesAfterTheExchangeEndedThenItStartsAnExchangeOfItsOwn() {
    AtomicInteger exchanges = new AtomicInteger();
    Mono<AccessToken> counted = Mono.just(TOKEN).doOnSubscribe(s -> exchanges.incrementAndGet());

    StepVerifier.create(storing(counted, Mono.just(1))).expectNext(1).verifyComplete();
    StepVerifier.create(storing(counted, Mono.just(2))).expectNext(2).verifyComplete();

    assertThat(exchanges).hasValue(2);
    assertThat(guards).as("nothing kept once the exchanges ended").isEmpty();
  }

  @Test
  void runWhenTokenInfoCompletesEmptyThenTheFlowFailsAndTheTokenIsRevoked() {
    List<String> called = new CopyOnWriteArrayList<>();

    StepVerifier.create(
            flow(
                Mono.just(TOKEN),
                token -> Mono.empty(),
                (token, app) -> {
                  called.add("onConnected");
                  return Mono.just("connected");
                },
                this::revokeRecording))
        .expectErrorMessage("getTokenInfo completed empty")
        .verify();

    assertThat(called).as("the function never ran").isEmpty();
    assertThat(revoked).containsExactly(TOKEN);
  }

  @Test
  void leaveWhenNoLeaseIsLeftThenIllegalStateException() {
    GrantGuard guard = new GrantGuard(this::revokeRecording, work);
    guard.leave(false);

    assertThatThrownBy(() -> guard.leave(false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("never taken");
    assertThat(guard.state().leases()).isZero();
  }

  @Test
  void startWhenTheExchangeEmitsATokenThenItUnregistersOnce() {
    GrantGuard guard = new GrantGuard(this::revokeRecording, work);
    AtomicInteger unregistered = new AtomicInteger();

    guard.start(Mono.just(TOKEN), unregistered::incrementAndGet, Context.empty());

    assertThat(unregistered).hasValue(1);
    assertThat(guard.state().phase()).isEqualTo(GrantGuard.Phase.HELD);
  }

  @Test
  void runWhenTheRevokeOfATokenNobodyHoldsFailsThenTheWarningNamesItsFingerprintOnly() {
    Sinks.One<AccessToken> exchange = Sinks.one();

    List<String> lines =
        LogLines.during(
            "io.sunco.oauth",
            () -> {
              flow(
                      exchange.asMono(),
                      token -> Mono.just(APP),
                      (token, app) -> Mono.just("connected"),
                      token -> Mono.error(new IllegalStateException("down")))
                  .subscribe()
                  .dispose();
              exchange.tryEmitValue(TOKEN);
            });

    assertThat(GrantGuard.fingerprint(TOKEN)).matches("[0-9a-f]{8}");
    assertThat(lines)
        .filteredOn(line -> line.startsWith("Could not revoke"))
        .singleElement()
        .asString()
        .contains("(token sha256:" + GrantGuard.fingerprint(TOKEN) + ")")
        .doesNotContain(TOKEN.value());
  }

  @Test
  void runWhenTheRevokeIsPendingThenTheDetachedWorkIsNotDrainedUntilItEnds() {
    Sinks.Empty<Void> revokeAnswer = Sinks.empty();
    flow(
            Mono.just(TOKEN),
            token -> Mono.just(APP),
            (token, app) -> Mono.error(new IllegalStateException("duplicate key")),
            token -> revokeAnswer.asMono())
        .subscribe(ignored -> {}, error -> {})
        .dispose();
    AtomicInteger drained = new AtomicInteger();
    work.drained().subscribe(null, null, drained::incrementAndGet);
    assertThat(drained).as("the revoke still runs").hasValue(0);

    revokeAnswer.tryEmitEmpty();

    assertThat(drained).hasValue(1);
    assertThat(work.running()).isZero();
  }
}
