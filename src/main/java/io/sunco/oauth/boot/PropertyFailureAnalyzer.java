package io.sunco.oauth.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link SunshineOAuthPropertyException} into Boot's "APPLICATION FAILED TO START" report:
 * the property and the problem, and what to do, instead of a stack trace. Registered in {@code
 * META-INF/spring.factories}.
 */
final class PropertyFailureAnalyzer
    extends AbstractFailureAnalyzer<SunshineOAuthPropertyException> {

  /** The page that lists every property, relative to the project directory. */
  static final String GUIDE = "src/site/markdown/boot.md";

  /** The page that lists the connected-app store's properties, in its "Spring Boot" section. */
  static final String CONNECTED_APPS_GUIDE = "src/site/markdown/connected-apps.md";

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SunshineOAuthPropertyException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Set "
            + cause.property()
            + " (see the property table of "
            + (isConnectedApps(cause.property())
                ? "the connected apps guide, " + CONNECTED_APPS_GUIDE
                : "the Spring Boot guide, " + GUIDE)
            + " in the sunco-oauth-reactor sources), or turn the auto-configuration off with"
            + " sunco.oauth.enabled=false.",
        cause);
  }

  /** Whether the property is one of the connected-app store's, listed in its own guide. */
  static boolean isConnectedApps(String property) {
    return property.equals("sunco.oauth.store")
        || property.startsWith("sunco.oauth.keys.")
        || property.startsWith("sunco.oauth.connected-apps.")
        || property.startsWith("sunco.oauth.token-check.");
  }
}
