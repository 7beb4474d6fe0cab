package io.sunco.oauth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.lettuce.core.RedisURI;
import io.r2dbc.spi.ConnectionFactory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;
import org.springframework.boot.SpringApplication;
import org.springframework.http.HttpStatus;

/**
 * Each optional dependency is used by the package that wraps it and by no other, so that the rest
 * of the library works without it on the class path: Spring only in {@code webflux} and {@code
 * boot}, Spring Boot only in {@code boot}, Lettuce only in {@code redis} and {@code boot} (which
 * wires it), R2DBC (the SPI and the PostgreSQL driver) only in {@code postgres} and {@code boot}
 * (which hands the application's connection factory to the store), JUnit only in {@code junit}; the
 * CLI, whose jar carries Lettuce and the R2DBC driver, opens a store with them ({@code
 * store-reseal}, class {@code StoreUrl}). ArchUnit reads the compiled main classes, so every use
 * counts (imports, fully qualified names, annotations, generic arguments) and a subpackage of an
 * allowed package is outside it.
 */
class PackageBoundariesTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.sunco.oauth");

  /** One optional library: its packages, the packages allowed to use it, and a violating class. */
  record Boundary(
      String library, List<String> libraryPackages, List<String> allowed, Class<?> bad) {

    ArchRule rule() {
      return noClasses()
          .that()
          .resideOutsideOfPackages(allowed.toArray(String[]::new))
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(libraryPackages.toArray(String[]::new))
          .as(library + " is used only in " + String.join(" and ", allowed));
    }

    @Override
    public String toString() {
      return library;
    }
  }

  static Stream<Boundary> boundaries() {
    return Stream.of(
        new Boundary(
            "Spring",
            List.of("org.springframework.."),
            List.of("io.sunco.oauth.webflux", "io.sunco.oauth.boot"),
            UsesSpring.class),
        new Boundary(
            "Spring Boot",
            List.of("org.springframework.boot.."),
            List.of("io.sunco.oauth.boot"),
            UsesSpringBoot.class),
        new Boundary(
            "Lettuce",
            List.of("io.lettuce.."),
            List.of("io.sunco.oauth.redis", "io.sunco.oauth.boot", "io.sunco.oauth.cli"),
            UsesLettuce.class),
        new Boundary(
            "R2DBC",
            List.of("io.r2dbc.."),
            List.of("io.sunco.oauth.postgres", "io.sunco.oauth.boot", "io.sunco.oauth.cli"),
            UsesR2dbc.class),
        new Boundary(
            "JUnit",
            List.of("org.junit..", "org.opentest4j.."),
            List.of("io.sunco.oauth.junit"),
            UsesOpentest4j.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("boundaries")
  void mainClassesWhenOutsideTheAllowedPackagesThenNoUseOfTheLibrary(Boundary boundary) {
    boundary.rule().check(MAIN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("boundaries")
  void ruleWhenAClassOutsideTheAllowedPackagesUsesTheLibraryThenItReportsThatClass(
      Boundary boundary) {
    EvaluationResult result =
        boundary.rule().evaluate(new ClassFileImporter().importClasses(boundary.bad()));

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains(boundary.bad().getName()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("boundaries")
  void allowedPackageWhenImportedThenItUsesTheLibrary(Boundary boundary) {
    // Guards the import itself: if the rule could not see the library here, it could not see it
    // anywhere else either.
    String first = boundary.allowed().get(0);
    assertThat(MAIN.stream().filter(c -> c.getPackageName().equals(first)))
        .anySatisfy(c -> assertThat(usesAny(c, boundary.libraryPackages())).isTrue());
  }

  /** In the CLI, where both libraries are allowed, only the class that opens a store uses them. */
  private static ArchRule cliDriversOnlyIn(String... classes) {
    List<String> excepted = List.of(classes);
    return noClasses()
        .that()
        .resideInAPackage("io.sunco.oauth.cli")
        .and(
            DescribedPredicate.describe(
                "are not " + excepted, (JavaClass c) -> !excepted.contains(c.getName())))
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.lettuce..", "io.r2dbc..")
        .as("in the CLI, only " + excepted + " uses Lettuce or R2DBC");
  }

  @Test
  void cliClassesWhenNotStoreUrlThenNoUseOfLettuceOrR2dbc() {
    cliDriversOnlyIn("io.sunco.oauth.cli.StoreUrl").check(MAIN);
  }

  @Test
  void cliRuleWhenNoClassIsExceptedThenItReportsStoreUrl() {
    EvaluationResult result = cliDriversOnlyIn().evaluate(MAIN);

    assertThat(result.getFailureReport().getDetails())
        .anySatisfy(line -> assertThat(line).contains("io.sunco.oauth.cli.StoreUrl"));
  }

  private static boolean usesAny(JavaClass javaClass, List<String> libraryPackages) {
    return javaClass.getDirectDependenciesFromSelf().stream()
        .anyMatch(
            dependency ->
                libraryPackages.stream()
                    .map(pattern -> pattern.substring(0, pattern.length() - 2))
                    .anyMatch(
                        prefix -> dependency.getTargetClass().getPackageName().startsWith(prefix)));
  }

  // Fixtures: classes outside every allowed package, each using one library.

  static final class UsesSpring {
    HttpStatus status = HttpStatus.OK;
  }

  static final class UsesSpringBoot {
    Class<?> application = SpringApplication.class;
  }

  static final class UsesLettuce {
    RedisURI uri = RedisURI.create("redis://127.0.0.1");
  }

  static final class UsesR2dbc {
    Class<?> factory = ConnectionFactory.class;
  }

  static final class UsesOpentest4j {
    AssertionFailedError error = new AssertionFailedError("fixture");
    Extension extension = new Extension() {};
  }
}
