package io.sunco.oauth.junit;

import java.util.List;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs fixture test classes (static nested classes, which the build does not run itself). */
final class Fixtures {

  private Fixtures() {}

  static TestExecutionSummary run(Class<?> fixture) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClass(fixture))
            .build();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();
    LauncherFactory.create().execute(request, listener);
    return listener.getSummary();
  }

  /** The failures' exceptions, for assertions. */
  static List<Throwable> failures(TestExecutionSummary summary) {
    return summary.getFailures().stream().map(TestExecutionSummary.Failure::getException).toList();
  }
}
