package com.example.bootapp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/**
 * The point of this project: the library runs here with the versions Boot's parent manages, not
 * with those of its own BOMs. Compares what is loaded with the versions the parent declares (passed
 * in by the pom).
 */
class BootManagedVersionsTest {

  @Test
  void classPathWhenBuiltUnderBootsParentThenBootsVersionsRun() {
    assertThat(SpringBootVersion.getVersion())
        .isEqualTo(System.getProperty("expected.spring-boot"));
    assertThat(SpringVersion.getVersion())
        .isEqualTo(System.getProperty("expected.spring-framework"));
    assertThat(com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.toString())
        .isEqualTo(System.getProperty("expected.jackson-2"));
    assertThat(io.netty.util.Version.identify().get("netty-common").artifactVersion())
        .isEqualTo(System.getProperty("expected.netty"));
    assertThat(io.micrometer.observation.Observation.class.getPackage().getImplementationVersion())
        .isEqualTo(System.getProperty("expected.micrometer"));
  }

  /**
   * Where a pom pins Netty instead of the parent's own version (pom-boot-4.1.xml, whose {@code
   * expected.boot-netty} is the parent's value, kept by hand), what runs stays on the parent's
   * minor line and is not newer than the parent's: a patch release behind, never another line.
   */
  @Test
  void nettyWhenPinnedBelowTheParentsVersionThenOnItsLineAndNotNewer() {
    String boots = System.getProperty("expected.boot-netty");
    Assumptions.assumeTrue(boots != null && !boots.isEmpty(), "Netty is not pinned by this pom");
    String running = io.netty.util.Version.identify().get("netty-common").artifactVersion();
    int[] pinned = numbers(running);
    int[] parent = numbers(boots);
    assertThat(new int[] {pinned[0], pinned[1]})
        .as("Netty %s runs, the parent manages %s", running, boots)
        .containsExactly(parent[0], parent[1]);
    assertThat(pinned[2])
        .as("Netty %s runs, the parent manages %s", running, boots)
        .isLessThanOrEqualTo(parent[2]);
  }

  /** The major, minor and patch numbers of {@code 4.2.18.Final}. */
  private static int[] numbers(String version) {
    String[] parts = version.split("\\.");
    return new int[] {
      Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2])
    };
  }
}
