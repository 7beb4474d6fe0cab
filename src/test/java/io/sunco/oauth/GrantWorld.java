package io.sunco.oauth;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.scheduler.VirtualTimeScheduler;
import reactor.util.retry.Retry;

/**
 * A closed world for the flows of one code through {@link GrantGuard}: every exchange, token info,
 * function and revoke attempt is a sink the explorer completes or fails, the revoke's retry waits
 * on virtual time, and the world records which tokens are alive. {@link #enabled()} lists what can
 * happen next; {@link GrantOrderingSearchTest} runs every sequence of it.
 */
final class GrantWorld {

  /** Where a flow (or the revoke it waits for) stands when an event hits it. */
  enum Step {
    EXCHANGE_PENDING,
    TOKEN_ARRIVED,
    TOKEN_INFO_PENDING,
    FUNCTION_PENDING,
    FUNCTION_COMPLETED,
    REVOKE_IN_FLIGHT,
    REVOKE_WAITING_TO_RETRY
  }

  /** What hits it. */
  enum Event {
    CANCEL,
    FAILURE
  }

  /** What a flow's subscriber does in the two synchronous windows a sink cannot reach. */
  enum Mode {
    PLAIN,
    CANCEL_ON_ARRIVAL,
    THROW_ON_ARRIVAL,
    CANCEL_ON_VALUE,
    THROW_ON_VALUE
  }

  /**
   * Whether the flow an event hits holds the last lease of its guard (it alone decides the token's
   * fate) or shares the token with other flows still running.
   */
  enum Lease {
    LAST,
    SHARED
  }

  /** One thing that can happen next. */
  record Action(String label, Runnable effect) {}

  /** A scripted failure; without a stack trace, as the search makes hundreds of thousands. */
  static class Failure extends RuntimeException {
    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** A revoke's failure that its retry policy retries once. */
  static final class Retryable extends Failure {
    Retryable() {
      super("503");
    }
  }

  private static final TokenInfo APP = TokenInfo.of("app-1", "acme", "Acme");

  private final VirtualTimeScheduler time = VirtualTimeScheduler.create();
  private final ConcurrentMap<String, GrantGuard> guards = new ConcurrentHashMap<>();
  private final DetachedWork work = new DetachedWork();
  private final int flowCount;
  private final List<Flow> flows = new ArrayList<>();
  private final List<Sinks.One<AccessToken>> exchanges = new ArrayList<>();
  private final Set<Integer> answered = new HashSet<>();
  private final Map<AccessToken, Chain> chains = new LinkedHashMap<>();

  /** Tokens issued and not revoked by a successful revoke. */
  private final Set<AccessToken> alive = new LinkedHashSet<>();

  /** Tokens some flow's function completed with. */
  private final Set<AccessToken> kept = new HashSet<>();

  /** Each (step, event, lease) that happened, "STEP x EVENT x LEASE". */
  final Set<String> cases = new LinkedHashSet<>();

  /** Broken promises seen while running; the explorer fails on any. */
  final List<String> violations = new ArrayList<>();

  GrantWorld(int flowCount) {
    this.flowCount = flowCount;
  }

  /** The revoke chain of one token: its attempts and whether it waits to retry. */
  private static final class Chain {
    Sinks.@Nullable Empty<Void> inFlight;
    boolean waiting;
    boolean settled;
    boolean failed;
    int attempts;
  }

  private final class Flow {
    final int index;
    final Mode mode;
    final Sinks.One<TokenInfo> info = Sinks.one();
    final Sinks.One<String> function = Sinks.one();
    Disposable subscription = () -> {};
    @Nullable GrantGuard guard;
    @Nullable AccessToken token;
    boolean infoPending;
    boolean functionPending;
    boolean ended;

    Flow(int index, Mode mode) {
      this.index = index;
      this.mode = mode;
    }

    void subscribe() {
      subscription =
          GrantGuard.run(
                  guards,
                  "code-1",
                  this::exchange,
                  this::tokenInfo,
                  (t, app) -> {
                    functionPending = true;
                    return function.asMono().doFinally(s -> functionPending = false);
                  },
                  GrantWorld.this::revoke,
                  work)
              .subscribe(this::onValue, this::onError, this::onComplete);
      // The guard this flow joined or started: the entry is there until its exchange ends, which
      // only an action of the explorer does.
      guard = guards.get("code-1");
    }

    private Mono<AccessToken> exchange() {
      Sinks.One<AccessToken> exchange = Sinks.one();
      exchanges.add(exchange);
      return exchange.asMono();
    }

    private Mono<TokenInfo> tokenInfo(AccessToken issued) {
      token = issued;
      if (mode == Mode.CANCEL_ON_ARRIVAL) {
        cancel(Step.TOKEN_ARRIVED);
      } else if (mode == Mode.THROW_ON_ARRIVAL) {
        reach(Step.TOKEN_ARRIVED, Event.FAILURE, lease());
        throw new Failure("token info refused at once");
      }
      infoPending = true;
      return info.asMono().doFinally(s -> infoPending = false);
    }

    private void onValue(String value) {
      if (mode == Mode.CANCEL_ON_VALUE) {
        cancel(Step.FUNCTION_COMPLETED, othersLeft());
      } else if (mode == Mode.THROW_ON_VALUE) {
        reach(Step.FUNCTION_COMPLETED, Event.FAILURE, othersLeft());
        throw new Failure("the subscriber's own handler failed");
      }
    }

    private void onError(Throwable error) {
      ended = true;
      Chain chain = token == null ? null : chains.get(token);
      // Whether this flow gave up the last lease of a token nobody kept: then it owed the revoke,
      // and must report only once that revoke has settled (even one started after this point).
      GrantGuard.State state = guard == null ? null : guard.state();
      boolean last =
          token != null
              && state != null
              && state.phase() == GrantGuard.Phase.REVOKED
              && state.leases() == 0;
      if ((last && (chain == null || !chain.settled)) || (chain != null && !chain.settled)) {
        violations.add("flow " + index + " reported its error before the revoke ended");
      }
    }

    private void onComplete() {
      ended = true;
    }

    Step step() {
      Chain chain = token == null ? null : chains.get(token);
      if (chain != null && !chain.settled) {
        return chain.waiting ? Step.REVOKE_WAITING_TO_RETRY : Step.REVOKE_IN_FLIGHT;
      }
      if (functionPending) {
        return Step.FUNCTION_PENDING;
      }
      return infoPending ? Step.TOKEN_INFO_PENDING : Step.EXCHANGE_PENDING;
    }

    Lease lease() {
      return GrantWorld.lease(guard);
    }

    /** After its function completed: whether other flows still lease the token. */
    Lease othersLeft() {
      return guard == null || guard.state().leases() == 0 ? Lease.LAST : Lease.SHARED;
    }

    void cancel(Step step) {
      cancel(step, lease());
    }

    void cancel(Step step, Lease lease) {
      reach(step, Event.CANCEL, lease);
      ended = true;
      subscription.dispose();
    }
  }

  /** The lease of a flow of {@code guard} as an event hits it, read from the guard's own state. */
  private static Lease lease(@Nullable GrantGuard guard) {
    return guard == null || guard.state().leases() <= 1 ? Lease.LAST : Lease.SHARED;
  }

  private void reach(Step step, Event event, Lease lease) {
    cases.add(step + " x " + event + " x " + lease);
  }

  private Mono<Void> revoke(AccessToken token) {
    Chain chain = new Chain();
    if (chains.put(token, chain) != null) {
      violations.add("a second revoke of one token");
    }
    if (kept.contains(token)) {
      violations.add("a revoke of a token a function completed with");
    }
    return Mono.defer(
            () -> {
              Sinks.Empty<Void> attempt = Sinks.empty();
              chain.inFlight = attempt;
              chain.waiting = false;
              chain.attempts++;
              return attempt.asMono();
            })
        .retryWhen(
            Retry.fixedDelay(1, Duration.ofSeconds(1))
                .filter(Retryable.class::isInstance)
                .scheduler(time))
        .doOnCancel(
            () -> {
              violations.add("a revoke was cancelled");
              chain.settled = true;
            })
        .doOnSuccess(ignored -> alive.remove(token))
        // Before the outcome reaches the flow that waits for it.
        .doOnTerminate(() -> chain.settled = true);
  }

  /** What can happen next; empty once every flow and every revoke has ended. */
  List<Action> enabled() {
    List<Action> next = new ArrayList<>();
    if (flows.size() < flowCount) {
      int index = flows.size();
      for (Mode mode : Mode.values()) {
        next.add(
            new Action(
                "subscribe " + index + " " + mode,
                () -> {
                  Flow flow = new Flow(index, mode);
                  flows.add(flow);
                  flow.subscribe();
                }));
      }
    }
    for (int e = 0; e < exchanges.size(); e++) {
      Sinks.One<AccessToken> exchange = exchanges.get(e);
      if (!answered.contains(e)) {
        int answer = e;
        AccessToken token = AccessToken.bearer("token-" + e);
        next.add(
            new Action(
                "exchange " + e + " answers",
                () -> {
                  answered.add(answer);
                  alive.add(token);
                  exchange.tryEmitValue(token);
                }));
        next.add(
            new Action(
                "exchange " + e + " fails",
                () -> {
                  answered.add(answer);
                  reach(Step.EXCHANGE_PENDING, Event.FAILURE, lease(guards.get("code-1")));
                  exchange.tryEmitError(new Failure("exchange refused"));
                }));
      }
    }
    for (Flow flow : flows) {
      if (flow.infoPending) {
        next.add(new Action("info " + flow.index + " answers", () -> flow.info.tryEmitValue(APP)));
        next.add(
            new Action(
                "info " + flow.index + " fails",
                () -> {
                  reach(Step.TOKEN_INFO_PENDING, Event.FAILURE, flow.lease());
                  flow.info.tryEmitError(new Failure("token info failed"));
                }));
      }
      if (flow.functionPending) {
        next.add(
            new Action(
                "function " + flow.index + " completes",
                () -> {
                  kept.add(flow.token);
                  flow.function.tryEmitValue("stored");
                }));
        next.add(
            new Action(
                "function " + flow.index + " fails",
                () -> {
                  reach(Step.FUNCTION_PENDING, Event.FAILURE, flow.lease());
                  flow.function.tryEmitError(new Failure("duplicate key"));
                }));
      }
      if (!flow.ended) {
        next.add(new Action("cancel " + flow.index, () -> flow.cancel(flow.step())));
      }
    }
    for (Map.Entry<AccessToken, Chain> entry : chains.entrySet()) {
      Chain chain = entry.getValue();
      Sinks.Empty<Void> attempt = chain.inFlight;
      if (chain.settled || attempt == null) {
        continue;
      }
      if (chain.waiting) {
        next.add(new Action("retry timer fires", () -> time.advanceTimeBy(Duration.ofSeconds(1))));
        continue;
      }
      String who = entry.getKey().value();
      next.add(new Action("revoke of " + who + " succeeds", attempt::tryEmitEmpty));
      next.add(
          new Action(
              "revoke of " + who + " fails",
              () -> {
                // A revoke starts only once the last lease is given up: nobody shares it.
                reach(
                    chain.attempts > 1 ? Step.REVOKE_WAITING_TO_RETRY : Step.REVOKE_IN_FLIGHT,
                    Event.FAILURE,
                    Lease.LAST);
                chain.failed = true;
                attempt.tryEmitError(new Failure("revoke refused"));
              }));
      if (chain.attempts == 1) {
        next.add(
            new Action(
                "revoke of " + who + " answers 503",
                () -> {
                  chain.waiting = true;
                  attempt.tryEmitError(new Retryable());
                }));
      }
    }
    return next;
  }

  /**
   * The promise, once nothing more can happen: every token is alive if and only if some flow's
   * function completed with it, or its revoke failed for good.
   */
  void checkEnd() {
    for (Flow flow : flows) {
      if (!flow.ended) {
        violations.add("flow " + flow.index + " never ended");
      }
    }
    for (int e = 0; e < exchanges.size(); e++) {
      AccessToken token = AccessToken.bearer("token-" + e);
      boolean issued = alive.contains(token) || chains.containsKey(token) || kept.contains(token);
      if (!issued) {
        continue;
      }
      Chain chain = chains.get(token);
      boolean revokeFailed = chain != null && chain.failed;
      boolean expectedAlive = kept.contains(token) || revokeFailed;
      if (alive.contains(token) != expectedAlive) {
        violations.add(
            token.value()
                + (alive.contains(token) ? " alive" : " revoked")
                + " though "
                + (kept.contains(token) ? "a function completed with it" : "no function did"));
      }
    }
  }
}
