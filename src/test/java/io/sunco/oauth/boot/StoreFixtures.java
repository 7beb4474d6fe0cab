package io.sunco.oauth.boot;

import static io.sunco.oauth.boot.ClientAutoConfigurationTest.CLIENT_ID;
import static io.sunco.oauth.boot.ClientAutoConfigurationTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.TokenInfo;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import io.sunco.oauth.store.ConnectedAppRecord;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.KeyFile;
import io.sunco.oauth.store.SealedRecords;
import io.sunco.oauth.testing.LogLines;
import io.sunco.oauth.testing.Revocations;
import io.sunco.oauth.webflux.ConnectedApp;
import io.sunco.oauth.webflux.TokenSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.web.reactive.function.server.RouterFunction;
import reactor.test.StepVerifier;

/**
 * What the connected-app auto-configuration tests share: key files as an operator writes them; the
 * runners with the client, the Redis state store and the routes auto-configurations beside the
 * store's; the emulator they connect apps at; and the checks of a start-up failure, of a store bean
 * and of a connected app. Public so that the PostgreSQL and Redis tests (beside their servers) and
 * the guide's example test use them too.
 */
public final class StoreFixtures {

  /** The routes' redirect URI, and the one of the emulator's integration. */
  public static final String REDIRECT_URI = "https://app.example/oauth/sunshine/callback";

  /** How long a test waits for a store, a sink or a route: a hang guard on a loaded machine. */
  public static final Duration WAIT = Duration.ofSeconds(30);

  /** The auto-configurations of this package, in Boot's order. */
  public static final AutoConfigurations ALL =
      AutoConfigurations.of(
          SunshineOAuthAutoConfiguration.class,
          SunshineOAuthRedisAutoConfiguration.class,
          SunshineOAuthConnectedAppsAutoConfiguration.class,
          SunshineOAuthRoutesAutoConfiguration.class);

  /** A plain (not web) application with the client's properties. */
  public static final ApplicationContextRunner RUNNER =
      new ApplicationContextRunner()
          .withConfiguration(ALL)
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID, "sunco.oauth.client-secret=" + SECRET);

  /** A reactive web application with the client's and the OAuth routes' properties. */
  public static final ReactiveWebApplicationContextRunner WEB_RUNNER =
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(ALL)
          .withPropertyValues(
              "sunco.oauth.client-id=" + CLIENT_ID,
              "sunco.oauth.client-secret=" + SECRET,
              "sunco.oauth.routes.redirect-uri=" + REDIRECT_URI);

  private StoreFixtures() {}

  /**
   * Writes a key file of one key, {@code keyId}, its primary, readable by its owner only.
   *
   * @param dir where to write it
   * @param keyId the key's id
   * @return the file
   */
  public static Path keyFile(Path dir, String keyId) {
    try {
      Path file = Files.createTempFile(dir, "keys-", ".txt");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      Files.writeString(
          file,
          "primary = " + keyId + "\n" + KeyFile.newKeyLine(keyId) + "\n",
          StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The key material of a key file: the base64 after {@code =} on its key lines, which must never
   * appear in any output.
   *
   * @param file the key file
   * @return the key values as written
   */
  public static List<String> keyValues(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .filter(line -> line.startsWith("key."))
          .map(line -> line.substring(line.indexOf('=') + 1).strip())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The start-up failure's root cause, checked to be ours, with no client secret in its full stack
   * trace.
   *
   * @param context a context that failed to start
   * @return the root cause
   */
  public static SunshineOAuthPropertyException failure(
      ApplicationContextAssertProvider<?> context) {
    assertThat(context).hasFailed();
    Throwable failure = context.getStartupFailure();
    StringWriter trace = new StringWriter();
    failure.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).doesNotContain(SECRET);
    Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
    assertThat(root).isInstanceOf(SunshineOAuthPropertyException.class);
    return (SunshineOAuthPropertyException) root;
  }

  /**
   * The WARN lines that the connected-app auto-configuration logs while {@code start} runs a
   * context.
   *
   * @param start runs the context
   * @return the lines
   */
  public static List<String> startUpWarnings(Runnable start) {
    return LogLines.warningsDuring(
        SunshineOAuthConnectedAppsAutoConfiguration.class.getName(), start);
  }

  /**
   * Checks that the context started and holds one bean of each of {@code beans}.
   *
   * @param context the context
   * @param beans the types it must hold one of each
   */
  public static void assertStartedWith(
      ApplicationContextAssertProvider<?> context, Class<?>... beans) {
    assertThat(context).hasNotFailed();
    for (Class<?> bean : beans) {
      assertThat(context).hasSingleBean(bean);
    }
  }

  /**
   * Checks that the context started with a store backend of {@code type}, and returns it.
   *
   * @param context the context
   * @param type the backend's class
   * @param <T> the backend's type
   * @return the backend
   */
  public static <T extends SealedRecords> T backend(
      ApplicationContextAssertProvider<?> context, Class<T> type) {
    assertThat(context).hasNotFailed();
    assertThat(context).getBean(SealedRecords.class).isInstanceOf(type);
    return type.cast(context.getBean(SealedRecords.class));
  }

  /**
   * Checks that the context started and holds none of {@code beans}.
   *
   * @param context the context
   * @param beans the types it must not hold
   */
  public static void assertStartedWithout(
      ApplicationContextAssertProvider<?> context, Class<?>... beans) {
    assertThat(context).hasNotFailed();
    for (Class<?> bean : beans) {
      assertThat(context).doesNotHaveBean(bean);
    }
  }

  /**
   * Connects {@code appId} with {@code token} through {@code store} and reads the token back: the
   * store really talks to its backend.
   *
   * @param store the store bean
   * @param appId the app
   * @param token its token
   */
  public static void assertRoundTrip(ConnectedAppStore store, String appId, AccessToken token) {
    StepVerifier.create(store.connect(token, TokenInfo.of(appId, "acme", "Acme"), Map.of()))
        .assertNext(record -> assertThat(record.token()).isEqualTo(token))
        .expectComplete()
        .verify(WAIT);
    assertHolds(store, appId, token);
  }

  private static void assertHolds(ConnectedAppStore store, String appId, AccessToken token) {
    StepVerifier.create(store.find(appId).map(ConnectedAppRecord::token))
        .expectNext(token)
        .expectComplete()
        .verify(WAIT);
  }

  /**
   * Starts an emulator with the client's integration (redirect URI {@link #REDIRECT_URI}) and
   * {@code app}; the caller closes it.
   *
   * @param app the app it knows
   * @return the running emulator
   */
  public static SunshineOAuthEmulator emulator(App app) {
    return SunshineOAuthEmulator.builder()
        .integration(Integration.of(CLIENT_ID, SECRET, REDIRECT_URI))
        .app(app)
        .start();
  }

  /**
   * The properties that point the client at {@code emulator}, without retries (a test's failure
   * then shows at once).
   *
   * @param emulator the emulator
   * @return the property values
   */
  public static String[] clientOf(SunshineOAuthEmulator emulator) {
    return new String[] {
      "sunco.oauth.base-url=" + emulator.baseUrl(), "sunco.oauth.retry.max-retries=0"
    };
  }

  /**
   * The connected-app routes the context serves: its router function bean.
   *
   * @param context the context
   * @return the routes
   */
  public static RouterFunction<?> routesOf(ApplicationContext context) {
    return context.getBean(
        SunshineOAuthConnectedAppsAutoConfiguration.ROUTER_FUNCTION_BEAN, RouterFunction.class);
  }

  /**
   * Connects {@code app} through the context's token sink, as the callback does, with a token that
   * {@code emulator} issues to the context's client id.
   *
   * @param context the context
   * @param emulator the emulator that issues the token
   * @param app the app
   * @param attributes the flow's attributes
   * @return the token
   */
  public static AccessToken connectedThroughTheSink(
      ApplicationContext context,
      SunshineOAuthEmulator emulator,
      App app,
      Map<String, String> attributes) {
    String clientId = context.getEnvironment().getRequiredProperty("sunco.oauth.client-id");
    AccessToken token = AccessToken.bearer(emulator.issueAccessToken(clientId, app.id()));
    StepVerifier.create(
            context
                .getBean(TokenSink.class)
                .save(
                    new ConnectedApp(
                        token,
                        TokenInfo.of(app.id(), app.subdomain(), app.displayName()),
                        attributes)))
        .expectComplete()
        .verify(WAIT);
    return token;
  }

  /**
   * Checks that the context's store still holds {@code appId} with {@code token}, and that the
   * server still accepts the token: a refused disconnect kept both.
   *
   * @param context the context
   * @param appId the app
   * @param token its token
   */
  public static void assertKept(ApplicationContext context, String appId, AccessToken token) {
    assertHolds(context.getBean(ConnectedAppStore.class), appId, token);
    Revocations.assertValid(context.getBean(SunshineOAuthClient.class), token);
  }

  /**
   * Checks that the server refuses {@code token} and that the context's store holds no record of
   * {@code appId}: a disconnect revoked the one and deleted the other.
   *
   * @param context the context
   * @param appId the app
   * @param token its token
   */
  public static void assertDisconnected(
      ApplicationContext context, String appId, AccessToken token) {
    Revocations.assertRefused(context.getBean(SunshineOAuthClient.class), token);
    StepVerifier.create(context.getBean(ConnectedAppStore.class).find(appId))
        .expectComplete()
        .verify(WAIT);
  }
}
