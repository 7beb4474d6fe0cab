package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The API line: the compiled module descriptor exports the public packages only, and it resolves
 * against the library's dependencies as a JPMS application would resolve it.
 */
class ModuleBoundaryTest {

  private static final Path CLASSES = Path.of("target/classes");

  private static ModuleDescriptor descriptor() {
    return ModuleFinder.of(CLASSES).find("io.sunco.oauth").orElseThrow().descriptor();
  }

  @Test
  void moduleWhenCompiledThenExportsThePublicPackagesUnqualifiedAndNothingElse() {
    ModuleDescriptor module = descriptor();

    assertThat(module.isAutomatic()).isFalse();
    assertThat(module.exports())
        .allSatisfy(export -> assertThat(export.isQualified()).isFalse())
        .extracting(ModuleDescriptor.Exports::source)
        .containsExactlyInAnyOrder(
            "io.sunco.oauth",
            "io.sunco.oauth.error",
            "io.sunco.oauth.policy",
            "io.sunco.oauth.callback",
            "io.sunco.oauth.webflux",
            "io.sunco.oauth.emulator",
            "io.sunco.oauth.junit",
            "io.sunco.oauth.boot",
            "io.sunco.oauth.redis",
            "io.sunco.oauth.store",
            "io.sunco.oauth.postgres");
    assertThat(module.packages()).contains("io.sunco.oauth.internal", "io.sunco.oauth.cli");
  }

  @Test
  void moduleWhenCompiledThenOpensOnlyTheCliToPicocliAndTheBootPackageToSpring() {
    assertThat(descriptor().opens())
        .allSatisfy(opens -> assertThat(opens.isQualified()).isTrue())
        .extracting(ModuleDescriptor.Opens::source, ModuleDescriptor.Opens::targets)
        .containsExactlyInAnyOrder(
            tuple("io.sunco.oauth.cli", Set.of("info.picocli")),
            tuple(
                "io.sunco.oauth.boot",
                Set.of("spring.core", "spring.beans", "spring.context", "spring.boot")));
  }

  @Test
  void moduleWhenResolvedAgainstItsDependenciesThenInternalIsNotReadable() {
    Path[] classPath =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .map(Path::of)
            .filter(path -> path.toString().endsWith(".jar"))
            .filter(path -> required(path.getFileName().toString()))
            .toArray(Path[]::new);
    ModuleFinder dependencies = ModuleFinder.of(classPath);

    Configuration configuration =
        ModuleLayer.boot()
            .configuration()
            .resolve(ModuleFinder.of(CLASSES), dependencies, Set.of("io.sunco.oauth"));

    Set<String> resolved =
        configuration.modules().stream().map(ResolvedModule::name).collect(Collectors.toSet());
    assertThat(resolved).contains("io.sunco.oauth", "reactor.core", "reactor.netty.http");
    ModuleLayer layer =
        ModuleLayer.boot()
            .defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
    Module library = layer.findModule("io.sunco.oauth").orElseThrow();
    Module outsider = ModuleLayer.boot().findModule("java.base").orElseThrow();
    assertThat(library.isExported("io.sunco.oauth", outsider)).isTrue();
    assertThat(library.isExported("io.sunco.oauth.internal", outsider)).isFalse();
    assertThat(library.isExported("io.sunco.oauth.cli", outsider)).isFalse();
  }

  /** The jars of the library's required (non-static) modules and what they require. */
  private static boolean required(String jar) {
    return jar.startsWith("reactor-core-")
        || jar.startsWith("reactive-streams-")
        || jar.startsWith("reactor-netty-")
        || jar.startsWith("jspecify-")
        || jar.startsWith("jackson-")
        || jar.startsWith("netty-");
  }
}
