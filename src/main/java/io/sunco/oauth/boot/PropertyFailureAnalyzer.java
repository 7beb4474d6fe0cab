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

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SunshineOAuthPropertyException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Set "
            + cause.property()
            + " (see the property table of the Spring Boot guide, "
            + GUIDE
            + " in the sunco-oauth-reactor sources), or turn the auto-configuration off with"
            + " sunco.oauth.enabled=false.",
        cause);
  }
}
