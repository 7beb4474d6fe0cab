package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.LettuceVersion;
import org.junit.jupiter.api.Test;

/**
 * The Redis tests run twice in {@code mvn verify}: on the Lettuce line Spring Boot 4.0.x manages,
 * and again on the newest (the {@code lettuce-latest} profile). Each run names the version it means
 * in {@code expected.lettuce.version}; this checks that it is the one on the class path, and prints
 * it into the test report.
 */
class LettuceLineTest {

  @Test
  void lettuceWhenTestsRunThenTheExpectedLineIsOnTheClassPath() {
    String expected = System.getProperty("expected.lettuce.version");
    String loaded = LettuceVersion.getVersion();
    System.out.println("Lettuce on the class path: " + loaded + " (expected " + expected + ")");

    assertThat(expected).as("set by the pom's surefire configuration").isNotBlank();
    assertThat(loaded).startsWith(expected);
  }
}
