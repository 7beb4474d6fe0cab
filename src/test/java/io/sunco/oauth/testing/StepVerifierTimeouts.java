package io.sunco.oauth.testing;

import java.time.Duration;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import reactor.test.StepVerifier;

/**
 * Gives every {@code StepVerifier.verify()} without an explicit timeout a default of 30 seconds in
 * every test JVM (surefire's and PIT's), so that a broken Mono fails its test instead of hanging
 * the build. Registered in {@code META-INF/services}.
 */
public final class StepVerifierTimeouts implements LauncherSessionListener {

  /** The longest any test waits for a Mono that never terminates. */
  static final Duration DEFAULT_VERIFY_TIMEOUT = Duration.ofSeconds(30);

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    StepVerifier.setDefaultTimeout(DEFAULT_VERIFY_TIMEOUT);
  }
}
