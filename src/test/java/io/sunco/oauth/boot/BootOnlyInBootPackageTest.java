package io.sunco.oauth.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Spring Boot is an optional dependency: only {@code io.sunco.oauth.boot} may use it, so that the
 * rest of the library (the WebFlux routes included) works in a Spring application without Boot.
 * Scans the main source tree; any mention of {@code org.springframework.boot} outside the package
 * (an import, a fully qualified name, even a comment) fails the build. The module descriptor, which
 * names every optional module, is left out.
 */
class BootOnlyInBootPackageTest {

  private static final Path MAIN = Paths.get("src", "main", "java");
  private static final Path BOOT = MAIN.resolve(Paths.get("io", "sunco", "oauth", "boot"));

  @Test
  void mainSourcesWhenOutsideBootPackageThenNoSpringBootReference() throws IOException {
    assertThat(MAIN).as("run from the project directory").isDirectory();

    List<Path> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !file.startsWith(BOOT))
              .filter(file -> !file.getFileName().toString().equals("module-info.java"))
              .filter(BootOnlyInBootPackageTest::mentionsBoot)
              .toList();
    }

    assertThat(offenders)
        .as("main source files outside io.sunco.oauth.boot that reference Spring Boot")
        .isEmpty();
  }

  @Test
  void bootPackageWhenScannedThenItIsTheOneUsingBootAndItHasNoSubpackage() throws IOException {
    // Guards the scan itself: if it could not see Boot here, it could not see it elsewhere.
    assertThat(mentionsBoot(BOOT.resolve("SunshineOAuthAutoConfiguration.java"))).isTrue();
    try (Stream<Path> files = Files.list(BOOT)) {
      assertThat(files.filter(Files::isDirectory).toList()).isEmpty();
    }
  }

  private static boolean mentionsBoot(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).contains("org.springframework.boot");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
