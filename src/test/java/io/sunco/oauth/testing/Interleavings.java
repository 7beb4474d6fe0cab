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

  private Interleavings() {}

  /**
   * Runs Lincheck's model checker on a test class whose {@code @Operation} methods drive one
   * object; fails with the interleaving that broke linearizability or a {@code @Validate} check.
   *
   * @param testClass the class with the operations
   */
  public static void check(Class<?> testClass) {
    new ModelCheckingOptions()
        .iterations(Integer.getInteger("interleavings.iterations", ITERATIONS))
        .invocationsPerIteration(Integer.getInteger("interleavings.invocations", INVOCATIONS))
        .threads(2)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .minimizeFailedScenario(Boolean.getBoolean("interleavings.minimize"))
        .check(testClass);
  }
}
