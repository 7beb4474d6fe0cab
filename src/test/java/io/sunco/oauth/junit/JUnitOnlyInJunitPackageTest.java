package io.sunco.oauth.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * JUnit is an optional dependency: only {@code io.sunco.oauth.junit} may use it, so that the rest
 * of the library works without JUnit on the class path. Scans the main source tree; any mention of
 * {@code org.junit} or {@code org.opentest4j} outside the package (an import, a fully qualified
 * name, even a comment) fails the build.
 */
class JUnitOnlyInJunitPackageTest {

  private static final Path MAIN = Paths.get("src", "main", "java");
  private static final Path JUNIT = MAIN.resolve(Paths.get("io", "sunco", "oauth", "junit"));
  private static final Pattern JUNIT_REFERENCE = Pattern.compile("org\\.(junit|opentest4j)\\b");

  @Test
  void mainSourcesWhenOutsideJunitPackageThenNoJUnitReference() throws IOException {
    assertThat(MAIN).as("run from the project directory").isDirectory();

    List<Path> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !file.startsWith(JUNIT))
              .filter(JUnitOnlyInJunitPackageTest::mentionsJUnit)
              .toList();
    }

    assertThat(offenders)
        .as("main source files outside io.sunco.oauth.junit that reference JUnit")
        .isEmpty();
  }

  @Test
  void junitPackageWhenScannedThenItIsTheOneUsingJUnitAndItHasNoSubpackage() throws IOException {
    // Guards the scan itself: if it could not see JUnit here, it could not see it elsewhere.
    assertThat(mentionsJUnit(JUNIT.resolve("SunshineOAuthEmulatorExtension.java"))).isTrue();
    try (Stream<Path> files = Files.list(JUNIT)) {
      assertThat(files.filter(Files::isDirectory).toList()).isEmpty();
    }
  }

  private static boolean mentionsJUnit(Path file) {
    try {
      return JUNIT_REFERENCE.matcher(Files.readString(file, StandardCharsets.UTF_8)).find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
