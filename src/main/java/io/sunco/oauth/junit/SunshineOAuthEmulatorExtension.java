package io.sunco.oauth.junit;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.emulator.App;
import io.sunco.oauth.emulator.Integration;
import io.sunco.oauth.emulator.SunshineOAuthEmulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import reactor.netty.resources.ConnectionProvider;

/**
 * Runs a {@link SunshineOAuthEmulator} for your tests and injects it, and a {@link
 * SunshineOAuthClient} configured for it, into test methods.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SunshineOAuthEmulatorExtension EMULATOR =
 *     SunshineOAuthEmulatorExtension.builder()
 *         .integration(Integration.of("client-id", "client-secret", "http://127.0.0.1:8080/callback"))
 *         .app(App.of("5698edbf2a43bd081be982f1", "acme", "Acme"))
 *         .build();
 *
 * @Test
 * void connects(SunshineOAuthEmulator emulator, SunshineOAuthClient client) { ... }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> In a {@code static} field (or with {@code @ExtendWith} on the class, or in
 * an instance field under {@code @TestInstance(PER_CLASS)}) one emulator serves the whole class,
 * nested classes included, and is {@link SunshineOAuthEmulator#reset() reset} before each test:
 * queued scripts, the request log and its counts, codes, tokens and authorizations are forgotten
 * and the consent mode is restored, while integrations, apps, API keys and the port stay. State set
 * up in {@code @BeforeAll} other than API keys is therefore gone by the first test: set it up in
 * {@code @BeforeEach}. In a non-static field, each test gets an emulator of its own, started before
 * {@code @BeforeEach} methods and closed after {@code @AfterEach} methods. A shared emulator is not
 * meant for tests of one class running concurrently; per-test emulators are.
 *
 * <p><b>Parameters.</b> Test methods, {@code @BeforeEach} and {@code @AfterEach} methods may take a
 * {@link SunshineOAuthEmulator} (also {@code @BeforeAll} methods and constructors when the emulator
 * serves the class) and a {@link SunshineOAuthClient}: one client per test, built on first use with
 * the client id and secret of {@link Builder#clientId(String) an integration} (the first registered
 * by default) and {@code baseUrl(emulator.baseUrl())}, then your {@link Builder#client(Consumer)}
 * settings, and closed after the test.
 *
 * <p><b>Checks.</b> After each test it asserts that no request carried a secret, code or token in
 * its URL ({@link EmulatorAssertions#assertNoSecretInUrls(SunshineOAuthEmulator)}); turn that off
 * with {@link Builder#checkNoSecretInUrls(boolean)}. Register one such extension per test class.
 *
 * <p><b>TLS.</b> With {@link Builder#tls()} the emulator speaks https, as the service does, and the
 * injected client and {@link #followConsent(URI)} trust its certificate.
 *
 * <p><b>Spring.</b> {@link #baseUrl()} fits a {@code @DynamicPropertySource} method: {@code
 * registry.add("my.sunco.base-url", EMULATOR::baseUrl)} (the emulator is running by the time Spring
 * reads it).
 */
public final class SunshineOAuthEmulatorExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** The client id of the integration registered when none is given: {@value}. */
  public static final String DEFAULT_CLIENT_ID = "client-id";

  /** The client secret of the integration registered when none is given: {@value}. */
  public static final String DEFAULT_CLIENT_SECRET = "client-secret";

  /** The redirect URI of the integration registered when none is given: {@value}. */
  public static final String DEFAULT_REDIRECT_URI = "http://127.0.0.1:8080/callback";

  /** The app registered when none is given: id {@code 5698edbf2a43bd081be982f1}, {@code acme}. */
  public static final App DEFAULT_APP = App.of("5698edbf2a43bd081be982f1", "acme", "Acme");

  // A hang guard, not a latency check: 10 s failed a consumer-style test on a loaded CI machine.
  private static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * An emulator, the browser of {@link #followConsent(URI)} (which trusts the emulator over TLS)
   * and the current test's client. Kept in the {@link ExtensionContext.Store} of the class or test
   * that started it, which closes it when that class or test ends (JUnit closes an {@code
   * AutoCloseable} since 5.13, a {@code CloseableResource} before).
   */
  @SuppressWarnings("deprecation") // CloseableResource: for JUnit before 5.13
  private final class Running implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    final SunshineOAuthEmulator emulator;
    final HttpClient browser;
    final AtomicReference<@Nullable SunshineOAuthClient> client = new AtomicReference<>();

    Running(SunshineOAuthEmulator emulator) {
      this.emulator = emulator;
      this.browser = emulator.isTls() ? ConsentBrowser.trusting(emulator) : ConsentBrowser.CLIENT;
    }

    /** Closes the test's client if one is left, then the emulator. */
    @Override
    public void close() {
      current.compareAndSet(this, null);
      try {
        closeClient();
      } finally {
        emulator.close();
      }
    }

    void closeClient() {
      SunshineOAuthClient open = client.getAndSet(null);
      if (open != null) {
        open.close();
      }
    }
  }

  private final List<Integration> integrations;
  private final List<App> apps;
  private final Consumer<SunshineOAuthEmulator.Builder> emulatorSettings;
  private final Consumer<SunshineOAuthClient.Builder> clientSettings;
  private final Optional<String> clientId;
  private final boolean checkNoSecretInUrls;
  private final boolean tls;
  private final ExtensionContext.Namespace namespace;
  // The emulator of the class or test running now, for the methods called without a context.
  private final AtomicReference<@Nullable Running> current = new AtomicReference<>();

  /**
   * An extension with every default: one integration ({@value #DEFAULT_CLIENT_ID}, {@value
   * #DEFAULT_CLIENT_SECRET}, {@value #DEFAULT_REDIRECT_URI}) and {@link #DEFAULT_APP}. This is what
   * {@code @ExtendWith(SunshineOAuthEmulatorExtension.class)} uses.
   */
  public SunshineOAuthEmulatorExtension() {
    this(new Builder());
  }

  private SunshineOAuthEmulatorExtension(Builder builder) {
    this.integrations = List.copyOf(builder.integrations);
    this.apps = List.copyOf(builder.apps);
    this.emulatorSettings = builder.emulatorSettings;
    this.clientSettings = builder.clientSettings;
    this.clientId = builder.clientId;
    this.checkNoSecretInUrls = builder.checkNoSecretInUrls;
    this.tls = builder.tls;
    this.namespace = ExtensionContext.Namespace.create(SunshineOAuthEmulatorExtension.class, this);
  }

  /**
   * Starts configuring an extension; every setting has a default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The emulator of the running class or test.
   *
   * @return the emulator
   * @throws IllegalStateException if none is running (before the class or test started, or after)
   */
  public SunshineOAuthEmulator emulator() {
    return running().emulator;
  }

  /**
   * The emulator's base URL, {@code http://127.0.0.1:PORT} ({@code https} with {@link
   * Builder#tls()}); a {@code Supplier<Object>} for Spring's {@code DynamicPropertyRegistry}.
   *
   * @return the base URL
   * @throws IllegalStateException if no emulator is running
   */
  public String baseUrl() {
    return emulator().baseUrl();
  }

  /**
   * The current test's client, the same one that is injected: built on first use, closed after the
   * test.
   *
   * @return the client
   * @throws IllegalStateException if no emulator is running, or the {@link Builder#clientId(String)
   *     client id} is not registered on it
   */
  public SunshineOAuthClient client() {
    return clientOf(running());
  }

  /**
   * What a browser does with a consent URL: a {@code GET} of {@code consentUri}, without following
   * the answer, and the redirect it points to ({@code ?code=...&state=...} or {@code
   * ?error=...&state=...}). Blocks for at most 30 seconds: call it from a test thread.
   *
   * @param consentUri the consent URL, e.g. from {@link
   *     SunshineOAuthClient#authorizeUrl(io.sunco.oauth.AuthorizeRequest)}
   * @return the {@code Location} of the emulator's redirect
   * @throws org.opentest4j.AssertionFailedError if the emulator does not answer with a redirect
   *     (for example an error page, or the consent page in {@code INTERACTIVE} mode)
   * @throws NullPointerException if {@code consentUri} is {@code null}
   * @throws IllegalStateException if the request fails or the thread is interrupted
   */
  public URI followConsent(URI consentUri) {
    Objects.requireNonNull(consentUri, "consentUri");
    HttpResponse<String> response;
    try {
      response =
          running()
              .browser
              .send(
                  HttpRequest.newBuilder(consentUri).timeout(CONSENT_TIMEOUT).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("the consent URL could not be fetched", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while fetching the consent URL", e);
    }
    Optional<String> location = response.headers().firstValue("Location");
    if (response.statusCode() != 302 || location.isEmpty()) {
      Assertions.fail(
          "the consent URL answered "
              + response.statusCode()
              + " instead of a redirect (an error page, or the consent page of INTERACTIVE mode)");
    }
    return URI.create(location.orElseThrow());
  }

  /** Starts the emulator of the class, unless an enclosing class's emulator serves it. */
  @Override
  public void beforeAll(ExtensionContext context) {
    current.set(runningIn(context));
  }

  /** Resets the class's emulator, or starts one for this test. */
  @Override
  public void beforeEach(ExtensionContext context) {
    Running running = runningIn(context);
    running.emulator.reset();
    current.set(running);
  }

  /**
   * Closes the test's client and checks the test's requests; the store closes a per-test emulator
   * after this.
   */
  @Override
  public void afterEach(ExtensionContext context) {
    Running running = find(context);
    if (running == null) {
      return;
    }
    running.closeClient();
    if (checkNoSecretInUrls) {
      EmulatorAssertions.assertNoSecretInUrls(running.emulator);
    }
  }

  /**
   * Supports parameters of type {@link SunshineOAuthEmulator} and {@link SunshineOAuthClient}.
   *
   * @param parameterContext the parameter
   * @param extensionContext the context it is resolved in
   * @return whether the parameter's type is one of the two
   */
  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == SunshineOAuthEmulator.class || type == SunshineOAuthClient.class;
  }

  /**
   * The running emulator, or the current test's client.
   *
   * @param parameterContext the parameter
   * @param extensionContext the context it is resolved in
   * @return the emulator or the client
   * @throws ParameterResolutionException if no emulator is running for the context, or a client is
   *     asked for outside a test
   */
  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    Running running = find(extensionContext);
    if (running == null) {
      throw new ParameterResolutionException(
          "No Sunshine OAuth emulator is running here: a per-test emulator (non-static field)"
              + " starts before each test and can be injected into test, @BeforeEach and"
              + " @AfterEach methods only");
    }
    if (parameterContext.getParameter().getType() == SunshineOAuthEmulator.class) {
      return running.emulator;
    }
    if (extensionContext.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException(
          "A SunshineOAuthClient belongs to one test: inject it into test, @BeforeEach or"
              + " @AfterEach methods");
    }
    try {
      return clientOf(running);
    } catch (IllegalStateException e) {
      throw new ParameterResolutionException(e.getMessage(), e);
    }
  }

  /**
   * Describes the configuration; no secret.
   *
   * @return e.g. {@code SunshineOAuthEmulatorExtension[1 integrations, 1 apps, running at ...]}
   */
  @Override
  public String toString() {
    Running running = current.get();
    return "SunshineOAuthEmulatorExtension["
        + Math.max(1, integrations.size())
        + " integrations, "
        + Math.max(1, apps.size())
        + " apps"
        + (running == null ? "" : ", running at " + running.emulator.baseUrl())
        + "]";
  }

  private Running running() {
    Running running = current.get();
    if (running == null) {
      throw new IllegalStateException(
          "no emulator is running: it runs during a test class or test");
    }
    return running;
  }

  private @Nullable Running find(ExtensionContext context) {
    return context.getStore(namespace).get(Running.class, Running.class);
  }

  /** The emulator serving {@code context} (its own, or an enclosing one's), started if none. */
  private Running runningIn(ExtensionContext context) {
    return context
        .getStore(namespace)
        .getOrComputeIfAbsent(Running.class, key -> new Running(startEmulator()), Running.class);
  }

  private SunshineOAuthEmulator startEmulator() {
    SunshineOAuthEmulator.Builder builder = SunshineOAuthEmulator.builder();
    (integrations.isEmpty()
            ? List.of(
                Integration.of(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_REDIRECT_URI))
            : integrations)
        .forEach(builder::integration);
    (apps.isEmpty() ? List.of(DEFAULT_APP) : apps).forEach(builder::app);
    if (tls) {
      builder.tls();
    }
    emulatorSettings.accept(builder);
    return builder.start();
  }

  private SunshineOAuthClient clientOf(Running running) {
    SunshineOAuthClient existing = running.client.get();
    if (existing != null) {
      return existing;
    }
    List<Integration> registered = running.emulator.integrations();
    Integration integration =
        clientId
            .map(
                id ->
                    registered.stream()
                        .filter(candidate -> candidate.clientId().equals(id))
                        .findFirst()
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "clientId " + id + " is not registered on the emulator")))
            .orElse(registered.get(0));
    SunshineOAuthClient.Builder builder =
        SunshineOAuthClient.builder()
            .clientId(integration.clientId())
            .clientSecret(integration.clientSecret())
            .baseUrl(running.emulator.baseUrl());
    if (running.emulator.isTls()) {
      // No pool: nothing to dispose when the test's client closes.
      SunshineOAuthEmulator emulator = running.emulator;
      builder.httpClient(
          reactor.netty.http.client.HttpClient.create(ConnectionProvider.newConnection())
              .secure(spec -> spec.sslContext(emulator.clientSslContext())));
    }
    clientSettings.accept(builder);
    SunshineOAuthClient built = builder.build();
    if (!running.client.compareAndSet(null, built)) {
      built.close();
      return Objects.requireNonNull(running.client.get());
    }
    return built;
  }

  /** The JDK client behind {@link #followConsent(URI)}, made on first use. */
  private static final class ConsentBrowser {
    static final HttpClient CLIENT = builder().build();

    /** A client that trusts the certificate of a TLS emulator, and nothing else. */
    static HttpClient trusting(SunshineOAuthEmulator emulator) {
      try {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {emulator.trustManager()}, null);
        return builder().sslContext(context).build();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("no TLS context for the emulator's certificate", e);
      }
    }

    private static HttpClient.Builder builder() {
      return HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(CONSENT_TIMEOUT);
    }
  }

  /**
   * Configures a {@link SunshineOAuthEmulatorExtension}. Not thread-safe; each method checks its
   * argument at once and returns this builder.
   */
  public static final class Builder {

    private final List<Integration> integrations = new ArrayList<>();
    private final List<App> apps = new ArrayList<>();
    private Consumer<SunshineOAuthEmulator.Builder> emulatorSettings = builder -> {};
    private Consumer<SunshineOAuthClient.Builder> clientSettings = builder -> {};
    private Optional<String> clientId = Optional.empty();
    private boolean checkNoSecretInUrls = true;
    private boolean tls;

    private Builder() {}

    /**
     * Registers an integration on the emulator. Default: one integration ({@value
     * #DEFAULT_CLIENT_ID}, {@value #DEFAULT_CLIENT_SECRET}, {@value #DEFAULT_REDIRECT_URI}) when
     * none is registered.
     *
     * @param integration the integration
     * @return this builder
     * @throws NullPointerException if {@code integration} is {@code null}
     */
    public Builder integration(Integration integration) {
      integrations.add(Objects.requireNonNull(integration, "integration"));
      return this;
    }

    /**
     * Registers an app on the emulator. Default: {@link #DEFAULT_APP} when none is registered.
     *
     * @param app the app
     * @return this builder
     * @throws NullPointerException if {@code app} is {@code null}
     */
    public Builder app(App app) {
      apps.add(Objects.requireNonNull(app, "app"));
      return this;
    }

    /**
     * Any other emulator setting, applied to its builder after the integrations and apps, each time
     * an emulator starts: {@code .emulator(b -> b.consentMode(ConsentMode.INTERACTIVE))}. Default:
     * nothing.
     *
     * @param settings applied to the emulator's builder
     * @return this builder
     * @throws NullPointerException if {@code settings} is {@code null}
     */
    public Builder emulator(Consumer<SunshineOAuthEmulator.Builder> settings) {
      this.emulatorSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Settings of the injected client, applied after its client id, secret and base URL: {@code
     * .client(b -> b.retryPolicy(RetryPolicy.none()))}. Default: nothing, the client's defaults.
     *
     * @param settings applied to the client's builder
     * @return this builder
     * @throws NullPointerException if {@code settings} is {@code null}
     */
    public Builder client(Consumer<SunshineOAuthClient.Builder> settings) {
      this.clientSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * Which integration's credentials the injected client uses. Default: the first registered.
     *
     * @param clientId a client id registered on the emulator
     * @return this builder
     * @throws NullPointerException if {@code clientId} is {@code null}
     */
    public Builder clientId(String clientId) {
      this.clientId = Optional.of(Objects.requireNonNull(clientId, "clientId"));
      return this;
    }

    /**
     * Whether each test fails when a request carried a secret, code or token in its URL. Default
     * {@code true}.
     *
     * @param check {@code false} to skip the check
     * @return this builder
     */
    public Builder checkNoSecretInUrls(boolean check) {
      this.checkNoSecretInUrls = check;
      return this;
    }

    /**
     * Runs the emulator over HTTPS, as the service is, with a self-signed certificate made at its
     * start ({@link SunshineOAuthEmulator.Builder#tls()}); the injected client and {@link
     * SunshineOAuthEmulatorExtension#followConsent(URI)} trust it, and nothing else does. Default:
     * plain HTTP. An {@link #emulator(Consumer)} setting of {@code tls(key, chain)} replaces the
     * certificate.
     *
     * @return this builder
     */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /**
     * Builds the extension (later changes to this builder do not affect it).
     *
     * @return the extension
     */
    public SunshineOAuthEmulatorExtension build() {
      return new SunshineOAuthEmulatorExtension(this);
    }
  }
}
