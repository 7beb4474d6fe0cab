package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.ClientAutoConfigurationTest.CLIENT_ID;
import static io.sunco.oauth.boot.StoreFixtures.RUNNER;
import static io.sunco.oauth.boot.StoreFixtures.assertRoundTrip;
import static io.sunco.oauth.boot.StoreFixtures.assertStartedWithout;
import static io.sunco.oauth.boot.StoreFixtures.failure;
import static io.sunco.oauth.boot.StoreFixtures.keyFile;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.sunco.oauth.AccessToken;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.InMemorySealedRecords;
import io.sunco.oauth.store.KeyProvider;
import io.sunco.oauth.store.KeyRing;
import io.sunco.oauth.store.SealedRecord;
import io.sunco.oauth.store.SealedRecords;
import io.sunco.oauth.webflux.ConnectedAppRoutes;
import io.sunco.oauth.webflux.TokenSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ApplicationContext;
import org.springframework.web.reactive.function.server.RouterFunction;
import reactor.core.publisher.Mono;

/**
 * The store bean ({@code sunco.oauth.store}): none when the property is unset or empty (a WARN
 * names the store settings given all the same); the in-memory backend with a WARN; its key ring
 * from the key file or the application's {@code KeyProvider} bean (which wins); and the start-up
 * failures that name the property. PostgreSQL and Redis are tested beside their servers ({@code
 * io.sunco.oauth.postgres.PostgresStoreAutoConfigurationTest}, {@code
 * io.sunco.oauth.redis.RedisConnectedAppsAutoConfigurationTest}).
 */
class ConnectedAppStoreAutoConfigurationTest {

  private static final String APP_ID = "5698edbf2a43bd081be982f1";
  private static final AccessToken TOKEN = AccessToken.bearer("token-of-the-boot-test-app");

  @TempDir Path dir;

  /** Saves an app through the store bean and returns the sealed record its backend holds. */
  static SealedRecord savedThrough(ApplicationContext context) {
    assertRoundTrip(context.getBean(ConnectedAppStore.class), APP_ID, TOKEN);
    SealedRecord sealed =
        context.getBean(SealedRecords.class).find(CLIENT_ID, APP_ID).block(Duration.ofSeconds(10));
    assertThat(sealed).isNotNull();
    return sealed;
  }

  @Nested
  class Selector {

    /** What a store brings, in a plain and in a web application: none of it without a store. */
    private static final Class<?>[] STORE_BEANS = {
      ConnectedAppStore.class,
      SealedRecords.class,
      TokenSink.class,
      TokenCheckSchedule.class,
      ConnectedAppRoutes.class,
      RouterFunction.class
    };

    @Test
    void contextWhenStoreNotSetThenNoStoreNoBackendNoSink() {
      RUNNER.run(context -> assertStartedWithout(context, STORE_BEANS));
    }

    @Test
    void contextWhenStoreNotSetInAWebApplicationThenNoSinkNoRoutesNoRouterFunction() {
      StoreFixtures.WEB_RUNNER.run(context -> assertStartedWithout(context, STORE_BEANS));
    }

    @Test
    void contextWhenStoreIsEmptyThenNothingIsMadeAsWhenNotSet() {
      // SUNCO_OAUTH_STORE= in an environment file.
      StoreFixtures.WEB_RUNNER
          .withPropertyValues("sunco.oauth.store=", "sunco.oauth.keys.file=" + keyFile(dir, "k1"))
          .run(context -> assertStartedWithout(context, STORE_BEANS));
    }

    @Test
    void contextWhenStoreSettingsGivenWithoutAStoreThenAWarningNamesThem() {
      List<String> warnings =
          StoreFixtures.startUpWarnings(
              () ->
                  RUNNER
                      .withPropertyValues(
                          "sunco.oauth.token-check.enabled=true",
                          "sunco.oauth.connected-apps.routes.removals-per-minute=10")
                      .run(
                          context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(context).doesNotHaveBean(TokenCheckSchedule.class);
                          }));

      assertThat(warnings)
          .singleElement()
          .asString()
          .contains("sunco.oauth.token-check.enabled=true")
          .contains("sunco.oauth.connected-apps.*")
          .contains("sunco.oauth.store is not");
    }

    @Test
    void contextWhenNoStoreSettingIsGivenThenNoWarning() {
      List<String> warnings =
          StoreFixtures.startUpWarnings(
              () -> RUNNER.run(context -> assertThat(context).hasNotFailed()));

      assertThat(warnings).isEmpty();
    }

    @Test
    void contextWhenMemoryThenStoreOfTheClientIdSealsUnderTheFilesKeyAndWarnsOneInstance() {
      Path keys = keyFile(dir, "2026-12");
      List<String> warnings =
          StoreFixtures.startUpWarnings(
              () ->
                  RUNNER
                      .withPropertyValues(
                          "sunco.oauth.store=memory", "sunco.oauth.keys.file=" + keys)
                      .run(
                          context -> {
                            assertThat(context).hasNotFailed();
                            assertThat(context).hasSingleBean(InMemorySealedRecords.class);
                            SealedRecord sealed = savedThrough(context);
                            assertThat(sealed.keyId()).isEqualTo("2026-12");
                            assertThat(sealed.clientId()).isEqualTo(CLIENT_ID);
                          }));

      assertThat(warnings)
          .singleElement()
          .asString()
          .contains("sunco.oauth.store=memory")
          .contains("one instance");
    }

    @Test
    void contextWhenApplicationHasItsOwnBackendThenTheStoreUsesIt() {
      InMemorySealedRecords own = InMemorySealedRecords.create();
      RUNNER
          .withBean(SealedRecords.class, () -> own)
          .withPropertyValues(
              "sunco.oauth.store=postgres", "sunco.oauth.keys.file=" + keyFile(dir, "k1"))
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context).getBean(SealedRecords.class).isSameAs(own);
                savedThrough(context);
                assertThat(own.list(CLIENT_ID).count().block()).isEqualTo(1L);
              });
    }

    @Test
    void startWhenPostgresWithoutAConnectionFactoryBeanThenFailsNamingTheStore() {
      RUNNER
          .withPropertyValues(
              "sunco.oauth.store=postgres", "sunco.oauth.keys.file=" + keyFile(dir, "k1"))
          .run(
              context ->
                  assertThat(failure(context))
                      .hasMessageStartingWith(
                          "sunco.oauth.store is postgres, but the application has no R2DBC"
                              + " ConnectionFactory bean"));
    }

    /** Each store whose library can be missing: the class path without it, and the artifact. */
    static Stream<Arguments> storesWithoutTheirLibrary() {
      return Stream.of(
          Arguments.of(
              "postgres",
              new FilteredClassLoader("io.r2dbc.postgresql"),
              "org.postgresql:r2dbc-postgresql"),
          Arguments.of(
              "redis", new FilteredClassLoader(RedisClient.class), "io.lettuce:lettuce-core"));
    }

    @ParameterizedTest(name = "{0} without {2}")
    @MethodSource("storesWithoutTheirLibrary")
    void startWhenTheStoresLibraryIsMissingThenFailsNamingTheStoreAndTheArtifact(
        String store, FilteredClassLoader classPath, String artifact) {
      RUNNER
          .withClassLoader(classPath)
          .withPropertyValues(
              "sunco.oauth.store=" + store, "sunco.oauth.keys.file=" + keyFile(dir, "k1"))
          .run(
              context ->
                  assertThat(failure(context))
                      .hasMessage(
                          "sunco.oauth.store is "
                              + store
                              + ", but "
                              + artifact
                              + " is not on the class path"));
    }

    @Test
    void startWhenStoreValueUnknownThenFailsNamingTheProperty() {
      RUNNER
          .withPropertyValues("sunco.oauth.store=mongodb")
          .run(
              context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure())
                    .hasStackTraceContaining("sunco.oauth.store")
                    .hasStackTraceContaining("mongodb");
              });
    }
  }

  @Nested
  class KeyRingSource {

    @Test
    void contextWhenApplicationHasAKeyProviderThenItWinsOverTheFile() {
      byte[] key = new byte[KeyRing.KEY_BYTES];
      new SecureRandom().nextBytes(key);
      KeyProvider own =
          () -> Mono.just(KeyRing.builder().key("kms-1", key).primary("kms-1").build());
      RUNNER
          .withBean(KeyProvider.class, () -> own)
          .withPropertyValues(
              "sunco.oauth.store=memory", "sunco.oauth.keys.file=" + keyFile(dir, "file-key"))
          .run(context -> assertThat(savedThrough(context).keyId()).isEqualTo("kms-1"));
    }

    @Test
    void contextWhenOnlyAKeyProviderThenNoFileNeeded() {
      byte[] key = new byte[KeyRing.KEY_BYTES];
      new SecureRandom().nextBytes(key);
      RUNNER
          .withBean(
              KeyProvider.class,
              () -> () -> Mono.just(KeyRing.builder().key("kms-2", key).primary("kms-2").build()))
          .withPropertyValues("sunco.oauth.store=memory")
          .run(context -> assertThat(savedThrough(context).keyId()).isEqualTo("kms-2"));
    }

    @Test
    void startWhenTwoKeyProvidersAndNoneIsPrimaryThenFailsInsteadOfUsingTheFile() {
      KeyProvider one = () -> Mono.error(new IllegalStateException("not to be read"));
      KeyProvider two = () -> Mono.error(new IllegalStateException("not to be read"));
      RUNNER
          .withBean("kms", KeyProvider.class, () -> one)
          .withBean("vault", KeyProvider.class, () -> two)
          .withPropertyValues(
              "sunco.oauth.store=memory", "sunco.oauth.keys.file=" + keyFile(dir, "file-key"))
          .run(
              context ->
                  assertThat(failure(context))
                      .hasMessageStartingWith("sunco.oauth.keys.file is not used: ")
                      .hasMessageContaining("2 KeyProvider beans")
                      .hasMessageContaining("@Primary"));
    }

    @Test
    void startWhenNeitherFileNorProviderThenFailsNamingTheKeyFileProperty() {
      RUNNER
          .withPropertyValues("sunco.oauth.store=memory")
          .run(
              context ->
                  assertThat(failure(context))
                      .hasMessageStartingWith("sunco.oauth.keys.file must be set")
                      .hasMessageContaining("KeyProvider"));
    }

    @Test
    void startWhenKeyFileMissingThenFailsNamingThePropertyAndTheFile() {
      Path missing = dir.resolve("no-such-keys");
      RUNNER
          .withPropertyValues("sunco.oauth.store=memory", "sunco.oauth.keys.file=" + missing)
          .run(
              context ->
                  assertThat(failure(context))
                      .hasMessageStartingWith("sunco.oauth.keys.file is invalid: ")
                      .hasMessageContaining(missing.toString())
                      .hasMessageContaining("NoSuchFileException"));
    }

    @Test
    void startWhenKeyFileReadableByOthersThenFailsWithoutShowingAKey() throws Exception {
      Path keys = keyFile(dir, "k1");
      Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r--r--"));
      RUNNER
          .withPropertyValues("sunco.oauth.store=memory", "sunco.oauth.keys.file=" + keys)
          .run(
              context -> {
                SunshineOAuthPropertyException failure = failure(context);
                assertThat(failure)
                    .hasMessageStartingWith("sunco.oauth.keys.file is invalid: ")
                    .hasMessageContaining("chmod 600");
                assertThat(StoreFixtures.keyValues(keys)).isNotEmpty();
                for (String value : StoreFixtures.keyValues(keys)) {
                  assertThat(stackTrace(context.getStartupFailure())).doesNotContain(value);
                }
              });
    }

    @Test
    void startWhenKeyRingTimeoutNotPositiveThenFailsNamingIt() {
      RUNNER
          .withPropertyValues(
              "sunco.oauth.store=memory",
              "sunco.oauth.keys.file=" + keyFile(dir, "k1"),
              "sunco.oauth.keys.timeout=0s")
          .run(
              context ->
                  assertThat(failure(context))
                      .hasMessage("sunco.oauth.keys.timeout is invalid: must be positive"));
    }

    @Test
    void startWhenKeyProviderNeverAnswersThenFailsNamingTheTimeout() {
      RUNNER
          .withBean(KeyProvider.class, () -> Mono::never)
          .withPropertyValues("sunco.oauth.store=memory", "sunco.oauth.keys.timeout=200ms")
          .run(
              context ->
                  assertThat(failure(context))
                      .hasMessageStartingWith("sunco.oauth.keys.timeout passed"));
    }
  }

  static String stackTrace(Throwable failure) {
    java.io.StringWriter trace = new java.io.StringWriter();
    failure.printStackTrace(new java.io.PrintWriter(trace));
    return trace.toString();
  }
}
