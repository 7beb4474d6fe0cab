package io.sunco.oauth.webflux;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Spring is an optional dependency: only {@code io.sunco.oauth.webflux} may use it, so that the
 * rest of the library works without Spring on the class path. Scans the main source tree; any
 * mention of {@code org.springframework} outside the package (an import, a fully qualified name,
 * even a comment) fails the build.
 */
class SpringOnlyInWebfluxPackageTest {

  private static final Path MAIN = Paths.get("src", "main", "java");
  private static final Path WEBFLUX = MAIN.resolve(Paths.get("io", "sunco", "oauth", "webflux"));

  @Test
  void mainSourcesWhenOutsideWebfluxPackageThenNoSpringReference() throws IOException {
    assertThat(MAIN).as("run from the project directory").isDirectory();

    List<Path> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !file.startsWith(WEBFLUX))
              .filter(SpringOnlyInWebfluxPackageTest::mentionsSpring)
              .collect(Collectors.toList());
    }

    assertThat(offenders)
        .as("main source files outside io.sunco.oauth.webflux that reference org.springframework")
        .isEmpty();
  }

  @Test
  void webfluxPackageWhenScannedThenItIsTheOneUsingSpring() throws IOException {
    // Guards the scan itself: if it could not see Spring here, it could not see it elsewhere.
    assertThat(mentionsSpring(WEBFLUX.resolve("SunshineOAuthRoutes.java"))).isTrue();
    try (Stream<Path> files = Files.list(WEBFLUX)) {
      assertThat(files.map(file -> packageOf(file)).distinct().collect(Collectors.toList()))
          .containsExactly("io.sunco.oauth.webflux");
    }
  }

  private static boolean mentionsSpring(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).contains("org.springframework");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String packageOf(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> line.startsWith("package "))
          .map(line -> line.substring(8, line.indexOf(';')))
          .findFirst()
          .orElse("");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
