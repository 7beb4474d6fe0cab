package io.sunco.oauth.testing;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * The one setting of Lincheck's model checker the interleaving tests share: two threads of two
 * operations each plus one before and after, enough for every race of the small state machines
 * checked, and few enough iterations to stay within seconds of CI time per class.
 *
 * <p>The classes carry the tag {@link #TAG}: Maven runs them in a JVM of their own (see pom.xml),
 * because Lincheck instruments every class an operation touches, and state other tests left in a
 * shared JVM (Reactor hooks, classes loaded and instrumented in another order) made its search slow
 * and its replays differ from the runs they replay. To search wider by hand, set {@code
 * -Dinterleavings.iterations=N} and {@code -Dinterleavings.invocations=N}; {@code
 * -Dinterleavings.minimize=true} shrinks a failing scenario before reporting it (off in CI: it
 * re-runs the search for every smaller scenario, minutes when Reactor is in the trace).
 */
public final class Interleavings {

  /** The JUnit tag of the interleaving tests. */
  public static final String TAG = "interleavings";

  private static final int ITERATIONS = 12;
  private static final int INVOCATIONS = 300;

  /**
   * How long one invocation may run before Lincheck calls it hung: its own default, 30 s, is a hang
   * detector that a loaded 2-core machine trips (a clean-clone CI run beside two CPU burners and
   * other builds, load average 28, reported both state machines "hung" mid-scenario). The scenarios
   * here finish in milliseconds; a real hang still fails, after this long.
   */
  private static final long INVOCATION_TIMEOUT_MS = 300_000;

  private Interleavings() {}

  /**
   * Runs Lincheck's model checker on a test class whose {@code @Operation} methods drive one
   * object; fails with the interleaving that broke linearizability or a {@code @Validate} check.
   *
   * @param testClass the class with the operations
   */
  public static void check(Class<?> testClass) {
    check(testClass, ITERATIONS, INVOCATIONS);
  }

  /**
   * As {@link #check(Class)} with a smaller search, for a class whose operations run through
   * Reactor's operators: each of their memory accesses is an interleaving point, so one invocation
   * costs tens of times more than one of a bare state machine.
   *
   * @param testClass the class with the operations
   * @param iterations how many scenarios are generated
   * @param invocations how many interleavings of each scenario are explored
   */
  public static void check(Class<?> testClass, int iterations, int invocations) {
    new ModelCheckingOptions()
        .iterations(Integer.getInteger("interleavings.iterations", iterations))
        .invocationsPerIteration(Integer.getInteger("interleavings.invocations", invocations))
        .threads(2)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .minimizeFailedScenario(Boolean.getBoolean("interleavings.minimize"))
        // Kotlin's name for Options.invocationTimeout, which Lincheck 3.7 declares `internal`.
        .invocationTimeout$lincheck(
            Long.getLong("interleavings.invocationTimeoutMs", INVOCATION_TIMEOUT_MS))
        .check(testClass);
  }
}
