package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.GrantWorld.Event;
import io.sunco.oauth.GrantWorld.Lease;
import io.sunco.oauth.GrantWorld.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The promise of {@link SunshineOAuthClient#completeAuthorization} over every ordering, searched
 * rather than picked: for one, two and three flows of one code, a depth-first search runs every
 * sequence of what can happen next in a {@link GrantWorld} (each flow subscribes, the exchange
 * answers or fails, each token info and function answers or fails, each subscriber cancels, each
 * revoke attempt succeeds, fails or answers 503 and waits on virtual time to retry) and checks,
 * once nothing more can happen, that every token is alive if and only if some flow's function
 * completed with it (or its revoke failed for good), that no revoke was cancelled or sent twice,
 * and that no flow reported its failure before its revoke ended.
 *
 * <p>The tests are generated from the product of {@link Step}, {@link Event} and {@link Lease} (the
 * flow hit holds the last lease or shares the token) for each number of flows, less the cells the
 * guard's state rules out: each one asserts that the search reached that cell, that it reached no
 * ruled-out cell, and that every ordering that did kept the promise. Three flows are searched with
 * the first two subscribing plainly, to keep the search within seconds; the modes of the third
 * still cover every window.
 */
class GrantOrderingSearchTest {

  /** The outcome of one search: the orderings that reached each case, and the broken ones. */
  record Search(int orderings, Map<String, Integer> reached, List<String> broken) {}

  private static final Map<Integer, Search> SEARCHES = new ConcurrentHashMap<>();

  @TestFactory
  Stream<DynamicContainer>
      completeAuthorizationWhenAnyOrderingOfStepsAndEventsThenTheGrantPromiseHolds() {
    return Stream.of(1, 2, 3)
        .map(
            flows ->
                DynamicContainer.dynamicContainer(
                    flows + (flows == 1 ? " flow" : " flows") + " of one code",
                    Stream.of(Step.values())
                        .flatMap(
                            step ->
                                Stream.of(Event.values())
                                    .flatMap(
                                        event ->
                                            Stream.of(Lease.values())
                                                .filter(lease -> reachable(flows, step, lease))
                                                .map(
                                                    lease ->
                                                        DynamicTest.dynamicTest(
                                                            event + " at " + step + ", " + lease,
                                                            () ->
                                                                check(
                                                                    flows, step, event,
                                                                    lease)))))));
  }

  /**
   * Which cells exist, argued from the guard's state: with one flow every event hits the last
   * (only) lease; a revoke starts only when the last lease is given up (the guard is then REVOKED
   * with no lease), so nobody shares the token while it is revoked. Every other cell exists with
   * two flows or more. (A flow whose function completed gave its lease back as it completed: its
   * cells say whether other leases remained.)
   */
  private static boolean reachable(int flows, Step step, Lease lease) {
    if (lease == Lease.LAST) {
      return true;
    }
    return flows > 1 && step != Step.REVOKE_IN_FLIGHT && step != Step.REVOKE_WAITING_TO_RETRY;
  }

  private static void check(int flows, Step step, Event event, Lease lease) {
    Search search = SEARCHES.computeIfAbsent(flows, GrantOrderingSearchTest::search);
    assertThat(search.broken())
        .as("orderings (of %d searched) that broke the promise", search.orderings())
        .isEmpty();
    assertThat(search.reached().getOrDefault(step + " x " + event + " x " + lease, 0))
        .as("orderings of %d flow(s) that reach %s at %s (%s lease)", flows, event, step, lease)
        .isPositive();
    assertThat(search.reached().keySet())
        .as("cells the guard's state rules out")
        .allSatisfy(
            cell -> {
              String[] parts = cell.split(" x ");
              assertThat(reachable(flows, Step.valueOf(parts[0]), Lease.valueOf(parts[2])))
                  .as(cell)
                  .isTrue();
            });
  }

  private static Search search(int flows) {
    Logger logger = Logger.getLogger(SunshineOAuthClient.class.getName());
    Level before = logger.getLevel();
    // Every failed revoke writes its WARN line; the search makes thousands.
    logger.setLevel(Level.OFF);
    try {
      Map<String, Integer> reached = new HashMap<>();
      List<String> broken = new ArrayList<>();
      int orderings = explore(flows, new ArrayList<>(), reached, broken);
      return new Search(orderings, reached, broken);
    } finally {
      logger.setLevel(before);
    }
  }

  /** Runs every ordering that starts with {@code prefix}; returns how many there were. */
  private static int explore(
      int flows, List<Integer> prefix, Map<String, Integer> reached, List<String> broken) {
    GrantWorld world = new GrantWorld(flows);
    List<String> path = new ArrayList<>();
    List<GrantWorld.Action> next = restrict(flows, path, world.enabled());
    for (int choice : prefix) {
      GrantWorld.Action action = next.get(choice);
      path.add(action.label());
      action.effect().run();
      next = restrict(flows, path, world.enabled());
    }
    if (path.size() > 60) {
      broken.add("no end after " + path);
      return 1;
    }
    if (next.isEmpty()) {
      world.checkEnd();
      world.cases.forEach(c -> reached.merge(c, 1, Integer::sum));
      if (!world.violations.isEmpty() && broken.size() < 20) {
        broken.add(world.violations + " after " + path);
      }
      return 1;
    }
    int orderings = 0;
    for (int choice = 0; choice < next.size(); choice++) {
      prefix.add(choice);
      orderings += explore(flows, prefix, reached, broken);
      prefix.remove(prefix.size() - 1);
    }
    return orderings;
  }

  /**
   * Three reductions keep the search small; each is argued from what the step does to the guard's
   * state ({@code GrantGuard.State}: phase and leases), which is all that decides a token's fate.
   *
   * <ul>
   *   <li>Only the last flow to subscribe takes the synchronous windows (a cancel or a throw as the
   *       token arrives or as the value arrives); the others subscribe plainly. The windows differ
   *       from a pending cancel only in timing; which flow holds which lease is covered because the
   *       cells are keyed on LAST versus SHARED and both are reached.
   *   <li>A pending token info is resolved (answers, fails, or its flow is cancelled) before other
   *       events. Answering changes no guard state. Failing and cancelling call {@code leave}, so
   *       they are not independent of the other flows: the cut explores them only before the
   *       others' later events. What that can change is which flow gives up the last lease, and
   *       both cells (TOKEN_INFO_PENDING x FAILURE x LAST and x SHARED) must be reached; the final
   *       phase after a set of leaves does not depend on their order (KEPT if any completed,
   *       REVOKED otherwise). A pending revoke likewise goes first, still interleaved with the
   *       cancel of the flow waiting for it: the revoke touches no guard state (REVOKED is final).
   *   <li>A flow that comes after the exchange ended starts a guard of its own (tryJoin refuses any
   *       phase but WAITING), whose state no other flow touches, so it subscribes once everything
   *       else is over. With three flows, all three subscribe before anything else: when each one
   *       joins (WAITING, any lease count) was searched with two.
   * </ul>
   */
  private static List<GrantWorld.Action> restrict(
      int flows, List<String> path, List<GrantWorld.Action> next) {
    List<GrantWorld.Action> allowed =
        next.stream()
            .filter(
                action ->
                    !action.label().startsWith("subscribe ")
                        || action.label().startsWith("subscribe " + (flows - 1) + " ")
                        || action.label().endsWith(" PLAIN"))
            .toList();
    if (flows == 3 && allowed.stream().anyMatch(a -> a.label().startsWith("subscribe "))) {
      return only(allowed, a -> a.startsWith("subscribe "));
    }
    for (GrantWorld.Action action : allowed) {
      if (action.label().startsWith("info ")) {
        String flow = action.label().split(" ")[1];
        return only(allowed, a -> a.startsWith("info " + flow + " ") || a.equals("cancel " + flow));
      }
    }
    if (allowed.stream()
        .anyMatch(a -> a.label().startsWith("revoke ") || a.label().startsWith("retry "))) {
      return only(
          allowed,
          a -> a.startsWith("revoke ") || a.startsWith("retry ") || a.startsWith("cancel "));
    }
    boolean exchangeOver =
        path.stream().anyMatch(p -> p.startsWith("exchange "))
            && allowed.stream().noneMatch(a -> a.label().startsWith("exchange "));
    boolean othersLeft = allowed.stream().anyMatch(a -> !a.label().startsWith("subscribe "));
    if (exchangeOver && othersLeft) {
      return only(allowed, a -> !a.startsWith("subscribe "));
    }
    return allowed;
  }

  private static List<GrantWorld.Action> only(
      List<GrantWorld.Action> actions, java.util.function.Predicate<String> label) {
    return actions.stream().filter(a -> label.test(a.label())).toList();
  }
}
