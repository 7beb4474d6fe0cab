package com.example.bootapp;

import static org.assertj.core.api.Assertions.assertThat;

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
}
