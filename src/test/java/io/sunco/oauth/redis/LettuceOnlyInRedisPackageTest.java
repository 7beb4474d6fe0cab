package io.sunco.oauth.redis;

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
 * Lettuce is an optional dependency: only {@code io.sunco.oauth.redis} and the Spring Boot
 * auto-configuration that wires it, {@code io.sunco.oauth.boot}, may use it, so that the rest of
 * the library works without Lettuce on the class path. Scans the main source tree; any mention of
 * {@code io.lettuce} outside these packages (an import, a fully qualified name, even a comment)
 * fails the build.
 */
class LettuceOnlyInRedisPackageTest {

  private static final Path MAIN = Paths.get("src", "main", "java");
  private static final Path REDIS = MAIN.resolve(Paths.get("io", "sunco", "oauth", "redis"));
  private static final Path BOOT = MAIN.resolve(Paths.get("io", "sunco", "oauth", "boot"));
  private static final Pattern LETTUCE_REFERENCE = Pattern.compile("io\\.lettuce\\b");

  @Test
  void mainSourcesWhenOutsideRedisPackageThenNoLettuceReference() throws IOException {
    assertThat(MAIN).as("run from the project directory").isDirectory();

    List<Path> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(file -> !file.startsWith(REDIS))
              .filter(file -> !file.startsWith(BOOT))
              // The module descriptor names every optional module; it imports nothing.
              .filter(file -> !file.getFileName().toString().equals("module-info.java"))
              .filter(LettuceOnlyInRedisPackageTest::mentionsLettuce)
              .toList();
    }

    assertThat(offenders)
        .as(
            "main source files outside io.sunco.oauth.redis and io.sunco.oauth.boot that reference Lettuce")
        .isEmpty();
  }

  @Test
  void redisPackageWhenScannedThenItIsTheOneUsingLettuceAndItHasNoSubpackage() throws IOException {
    // Guards the scan itself: if it could not see Lettuce here, it could not see it elsewhere.
    assertThat(mentionsLettuce(REDIS.resolve("RedisPendingAuthorizationStore.java"))).isTrue();
    try (Stream<Path> files = Files.list(REDIS)) {
      assertThat(files.filter(Files::isDirectory).toList()).isEmpty();
    }
  }

  private static boolean mentionsLettuce(Path file) {
    try {
      return LETTUCE_REFERENCE.matcher(Files.readString(file, StandardCharsets.UTF_8)).find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
