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
 * Spring is an optional dependency: only {@code io.sunco.oauth.webflux} and the Spring Boot
 * auto-configuration, {@code io.sunco.oauth.boot}, may use it, so that the rest of the library
 * works without Spring on the class path. Scans the main source tree; any mention of {@code
 * org.springframework} outside these packages (an import, a fully qualified name, even a comment)
 * fails the build. The module descriptor, which names every optional module, is left out.
 */
class SpringOnlyInWebfluxPackageTest {

  private static final Path MAIN = Paths.get("src", "main", "java");
  private static final Path WEBFLUX = MAIN.resolve(Paths.get("io", "sunco", "oauth", "webflux"));
  private static final Path BOOT = MAIN.resolve(Paths.get("io", "sunco", "oauth", "boot"));

  @Test
  void mainSourcesWhenOutsideWebfluxAndBootPackagesThenNoSpringReference() throws IOException {
    assertThat(MAIN).as("run from the project directory").isDirectory();

    List<Path> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !file.startsWith(WEBFLUX))
              .filter(file -> !file.startsWith(BOOT))
              .filter(file -> !file.getFileName().toString().equals("module-info.java"))
              .filter(SpringOnlyInWebfluxPackageTest::mentionsSpring)
              .collect(Collectors.toList());
    }

    assertThat(offenders)
        .as(
            "main source files outside io.sunco.oauth.webflux and io.sunco.oauth.boot that"
                + " reference org.springframework")
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
