package io.sunco.oauth.testing;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * The one setting of Lincheck's model checker the interleaving tests share: two threads of two
 * operations each plus one before and after, enough for every race of the small state machines
 * checked, and few enough iterations to stay within seconds of CI time per class.
 */
public final class Interleavings {

  private Interleavings() {}

  /**
   * Runs Lincheck's model checker on a test class whose {@code @Operation} methods drive one
   * object; fails with the interleaving that broke linearizability or a {@code @Validate} check.
   *
   * @param testClass the class with the operations
   */
  public static void check(Class<?> testClass) {
    new ModelCheckingOptions()
        .iterations(12)
        .invocationsPerIteration(300)
        .threads(2)
        .actorsPerThread(2)
        .actorsBefore(1)
        .actorsAfter(1)
        .check(testClass);
  }
}
