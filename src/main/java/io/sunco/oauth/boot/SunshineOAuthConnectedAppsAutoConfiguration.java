package io.sunco.oauth.boot;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.micrometer.observation.ObservationRegistry;
import io.r2dbc.spi.ConnectionFactory;
import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.postgres.PostgresSealedRecords;
import io.sunco.oauth.redis.RedisSealedRecords;
import io.sunco.oauth.redis.RedisStoreConnection;
import io.sunco.oauth.store.ConnectedAppStore;
import io.sunco.oauth.store.InMemorySealedRecords;
import io.sunco.oauth.store.KeyFile;
import io.sunco.oauth.store.KeyProvider;
import io.sunco.oauth.store.KeyRing;
import io.sunco.oauth.store.SealedRecords;
import io.sunco.oauth.store.TokenCheck;
import io.sunco.oauth.webflux.ConnectedAppRoutes;
import io.sunco.oauth.webflux.TokenSink;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * Auto-configures the store of connected apps when {@code sunco.oauth.store} is set ({@code
 * memory}, {@code postgres} or {@code redis}; when it is not set, or empty, nothing here is made,
 * and a WARN at start-up names the store settings given all the same, which then do nothing):
 *
 * <ul>
 *   <li>the backend ({@link SealedRecords}): {@link InMemorySealedRecords} (one instance only: a
 *       WARN at start-up says so), {@link PostgresSealedRecords} on the application's R2DBC {@code
 *       ConnectionFactory} bean (the table created at start-up with {@code
 *       sunco.oauth.connected-apps.postgres.create-schema=true}), or {@link RedisSealedRecords} on
 *       the connection of the Redis state store or the application's Lettuce connection or client;
 *   <li>the {@link ConnectedAppStore} of the client's client id, its tokens sealed under the key
 *       ring of the application's {@link KeyProvider} bean, else of the key file {@code
 *       sunco.oauth.keys.file}, read once at start-up;
 *   <li>in a reactive web application: a {@link TokenSink} saving into the store ({@link
 *       TokenSink#savingTo}) unless the application has its own, so that the OAuth routes keep
 *       every token with no code of the application's; and the {@link ConnectedAppRoutes}
 *       (disconnect and removal), served through a {@code RouterFunction} bean named {@value
 *       #ROUTER_FUNCTION_BEAN}, off with {@code sunco.oauth.connected-apps.routes.enabled=false};
 *   <li>with {@code sunco.oauth.token-check.enabled=true}, the check of every stored token on a
 *       schedule ({@link ConnectedAppStore#checkTokensPeriodically}), subscribed when the
 *       application has started and disposed when it stops; the disconnects whose revoke failed are
 *       retried at its start and after each of its runs ({@link
 *       ConnectedAppStore#retryPendingDisconnects}).
 * </ul>
 *
 * <p>Every bean backs off when the application defines its own. Fails the start-up with a {@link
 * SunshineOAuthPropertyException} naming the property when the store has no key ring (or several
 * {@link KeyProvider} beans, none primary), no database or Redis, or a value is invalid; no message
 * holds a key or a token.
 */
@AutoConfiguration(
    after = {SunshineOAuthAutoConfiguration.class, SunshineOAuthRedisAutoConfiguration.class},
    before = SunshineOAuthRoutesAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "sunco.oauth.enabled", matchIfMissing = true)
public class SunshineOAuthConnectedAppsAutoConfiguration {

  /** The name of the {@code RouterFunction} bean of the disconnect and removal routes: {@value}. */
  public static final String ROUTER_FUNCTION_BEAN = "sunshineOAuthConnectedAppRouterFunction";

  private static final Logger LOG =
      Loggers.getLogger(SunshineOAuthConnectedAppsAutoConfiguration.class);

  /** Made by Spring. */
  SunshineOAuthConnectedAppsAutoConfiguration() {}

  /**
   * The store of the client's client id, its tokens sealed under the key ring read now.
   *
   * @param properties the {@code sunco.oauth.*} properties
   * @param client the client, whose client id the store covers
   * @param records the backend
   * @param keyProvider the application's key provider, if any; it wins over the key file
   * @return the store
   * @throws SunshineOAuthPropertyException if there is no key ring, or the key file cannot be read
   *     or is not a valid key file
   */
  @Bean
  @ConditionalOnMissingBean
  @Conditional(StoreSelected.class)
  ConnectedAppStore sunshineOAuthConnectedAppStore(
      SunshineOAuthProperties properties,
      SunshineOAuthClient client,
      SealedRecords records,
      ObjectProvider<KeyProvider> keyProvider) {
    return ConnectedAppStore.builder()
        .records(records)
        .keyRing(keyRing(properties.keys(), uniqueKeyProvider(keyProvider)))
        .clientId(client.settings().clientId())
        .build();
  }

  /**
   * The application's key provider: null when it has none; its one bean, or its {@code @Primary}
   * one among several.
   *
   * @throws SunshineOAuthPropertyException when it has several and none is primary, so that the key
   *     file is never used in silence instead
   */
  static @Nullable KeyProvider uniqueKeyProvider(ObjectProvider<KeyProvider> keyProvider) {
    KeyProvider unique = keyProvider.getIfUnique();
    if (unique == null && keyProvider.stream().findAny().isPresent()) {
      throw new SunshineOAuthPropertyException(
          ClientFactory.PREFIX + "keys.file",
          "is not used: the application has "
              + keyProvider.stream().count()
              + " KeyProvider beans and none is @Primary; mark the one that holds the key ring"
              + " @Primary");
    }
    return unique;
  }

  /**
   * Reads the key ring once, at start-up (on the thread that makes the beans, never an event loop).
   */
  static KeyRing keyRing(SunshineOAuthProperties.KeySettings keys, @Nullable KeyProvider own) {
    Duration timeout = keys.timeout();
    if (timeout.isNegative() || timeout.isZero()) {
      throw new SunshineOAuthPropertyException(
          ClientFactory.PREFIX + "keys.timeout", "is invalid: must be positive");
    }
    if (own != null) {
      // The application's provider: its errors are its own, passed on as they are.
      return read(own, timeout);
    }
    String file =
        ClientFactory.required(
            keys.file(),
            "keys.file",
            "must be set: sunco.oauth.store needs a key ring to seal the tokens, from a key file or"
                + " a KeyProvider bean");
    Path path;
    try {
      path = Path.of(file);
    } catch (InvalidPathException e) {
      throw new SunshineOAuthPropertyException(
          ClientFactory.PREFIX + "keys.file", "is invalid: not a path (" + e.getReason() + ")");
    }
    try {
      return read(KeyFile.at(path), timeout);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      // KeyFile's messages name the file and the line, never a key.
      throw new SunshineOAuthPropertyException(
          ClientFactory.PREFIX + "keys.file", "is invalid: " + e.getMessage());
    }
  }

  private static KeyRing read(KeyProvider provider, Duration timeout) {
    return provider
        .keyRing()
        .timeout(
            timeout,
            Mono.error(
                () ->
                    new SunshineOAuthPropertyException(
                        ClientFactory.PREFIX + "keys.timeout",
                        "passed: the key ring was not read in " + timeout)))
        .blockOptional()
        .orElseThrow(
            () ->
                new SunshineOAuthPropertyException(
                    ClientFactory.PREFIX + "keys.file", "gave no key ring"));
  }

  /**
   * The in-memory backend, when {@code sunco.oauth.store=memory}: one instance only.
   *
   * @return the backend
   */
  @Bean
  @ConditionalOnMissingBean(SealedRecords.class)
  @ConditionalOnProperty(name = "sunco.oauth.store", havingValue = "memory")
  InMemorySealedRecords sunshineOAuthSealedRecords() {
    LOG.warn(
        "sunco.oauth.store=memory keeps the connected apps in this JVM's memory: for one instance"
            + " only, and lost at restart; use postgres or redis with several instances");
    return InMemorySealedRecords.create();
  }

  /** The PostgreSQL backend, when {@code sunco.oauth.store=postgres} and R2DBC is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "sunco.oauth.store", havingValue = "postgres")
  @ConditionalOnClass(name = {"io.r2dbc.spi.ConnectionFactory", "io.r2dbc.postgresql.codec.Json"})
  static class PostgresConfiguration {

    @Bean
    @ConditionalOnMissingBean(SealedRecords.class)
    PostgresSealedRecords sunshineOAuthSealedRecords(
        SunshineOAuthProperties properties, ObjectProvider<ConnectionFactory> connectionFactory) {
      ConnectionFactory factory = connectionFactory.getIfUnique();
      if (factory == null) {
        long found = connectionFactory.stream().count();
        throw new SunshineOAuthPropertyException(
            ClientFactory.PREFIX + "store",
            found == 0
                ? "is postgres, but the application has no R2DBC ConnectionFactory bean (set"
                    + " spring.r2dbc.url with spring-boot-starter-r2dbc, or define one)"
                : "is postgres, but the application has no unique R2DBC ConnectionFactory bean ("
                    + found
                    + ", none @Primary): mark the store's @Primary");
      }
      SunshineOAuthProperties.PostgresStoreSettings postgres =
          properties.connectedApps().postgres();
      PostgresSealedRecords.Builder builder = PostgresSealedRecords.builder(factory);
      ClientFactory.check("connected-apps.postgres.table", () -> builder.table(postgres.table()));
      ClientFactory.check(
          "connected-apps.postgres.timeout", () -> builder.timeout(postgres.timeout()));
      PostgresSealedRecords records = builder.build();
      if (postgres.createSchema()) {
        // At start-up, on the thread that makes the beans; the call has its own deadline.
        records.createSchema().block();
      }
      return records;
    }
  }

  /** Fails the start-up when {@code sunco.oauth.store=postgres} but R2DBC is missing. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "sunco.oauth.store", havingValue = "postgres")
  @ConditionalOnMissingClass("io.r2dbc.postgresql.codec.Json")
  static class PostgresMissingConfiguration {

    @Bean
    @ConditionalOnMissingBean(SealedRecords.class)
    SealedRecords sunshineOAuthSealedRecords() {
      throw ClientFactory.libraryMissing("store", "postgres", "org.postgresql:r2dbc-postgresql");
    }
  }

  /** The Redis backend, when {@code sunco.oauth.store=redis} and Lettuce is there. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "sunco.oauth.store", havingValue = "redis")
  @ConditionalOnClass(RedisClient.class)
  static class RedisConfiguration {

    @Bean
    @ConditionalOnMissingBean(SealedRecords.class)
    RedisSealedRecords sunshineOAuthSealedRecords(
        SunshineOAuthProperties properties,
        ObjectProvider<RedisStoreConnection> uriConnection,
        ObjectProvider<StatefulRedisConnection<byte[], byte[]>> connection,
        ObjectProvider<RedisClient> client,
        SunshineOAuthRedisAutoConfiguration.OpenedConnection opened) {
      RedisClusterReactiveCommands<byte[], byte[]> commands =
          SunshineOAuthRedisAutoConfiguration.available(uriConnection, connection, client, opened);
      if (commands == null) {
        throw new SunshineOAuthPropertyException(
            ClientFactory.PREFIX + "store",
            "is redis, but there is no Redis to use: set sunco.oauth.state.store=redis with"
                + " sunco.oauth.state.redis.uri, or define a Lettuce"
                + " StatefulRedisConnection<byte[], byte[]> or RedisClient bean");
      }
      SunshineOAuthProperties.RedisStoreSettings redis = properties.connectedApps().redis();
      RedisSealedRecords.Builder builder = RedisSealedRecords.builder(commands);
      ClientFactory.check(
          "connected-apps.redis.key-prefix", () -> builder.prefix(redis.keyPrefix()));
      ClientFactory.check("connected-apps.redis.timeout", () -> builder.timeout(redis.timeout()));
      return builder.build();
    }

    /** Keeps a connection opened on the application's {@link RedisClient}; closed with it. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SunshineOAuthRedisAutoConfiguration.OpenedConnection sunshineOAuthRedisOpenedConnection() {
      return new SunshineOAuthRedisAutoConfiguration.OpenedConnection();
    }
  }

  /** Fails the start-up when {@code sunco.oauth.store=redis} but Lettuce is missing. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(name = "sunco.oauth.store", havingValue = "redis")
  @ConditionalOnMissingClass("io.lettuce.core.RedisClient")
  static class RedisMissingConfiguration {

    @Bean
    @ConditionalOnMissingBean(SealedRecords.class)
    SealedRecords sunshineOAuthSealedRecords() {
      throw ClientFactory.libraryMissing("store", "redis", "io.lettuce:lettuce-core");
    }
  }

  /**
   * The token sink of the OAuth routes and the disconnect and removal routes, in a reactive web
   * application.
   */
  @Configuration(proxyBeanMethods = false)
  @Conditional(StoreSelected.class)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
  @ConditionalOnClass(RouterFunction.class)
  static class WebConfiguration {

    /**
     * Saves every completed flow into the store, unless the application has its own sink; its
     * presence turns the OAuth routes on ({@link SunshineOAuthRoutesAutoConfiguration}).
     */
    @Bean
    @ConditionalOnMissingBean(TokenSink.class)
    TokenSink sunshineOAuthTokenSink(ConnectedAppStore store) {
      return TokenSink.savingTo(store);
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(
        name = "sunco.oauth.connected-apps.routes.enabled",
        matchIfMissing = true)
    ConnectedAppRoutes sunshineOAuthConnectedAppRoutes(
        SunshineOAuthProperties properties,
        ConnectedAppStore store,
        SunshineOAuthClient client,
        ObjectProvider<ConnectedAppOfRequest> appOfRequest) {
      SunshineOAuthProperties.AppRouteSettings routes = properties.connectedApps().routes();
      ConnectedAppOfRequest own = appOfRequest.getIfUnique();
      if (own == null) {
        long found = appOfRequest.stream().count();
        LOG.warn(
            "{}: the disconnect route ({}) refuses every request (403) until the application says"
                + " which app a request may disconnect",
            found == 0
                ? "No ConnectedAppOfRequest bean"
                : "No unique ConnectedAppOfRequest bean (" + found + ", none @Primary)",
            routes.disconnectPath());
      }
      ConnectedAppRoutes.Builder builder =
          ConnectedAppRoutes.builder()
              .store(store)
              .client(client)
              .appOfRequest(own != null ? own::appOf : request -> Mono.empty());
      ClientFactory.check(
          "connected-apps.routes.disconnect-path",
          () -> builder.disconnectPath(routes.disconnectPath()));
      ClientFactory.check(
          "connected-apps.routes.removal-path", () -> builder.removalPath(routes.removalPath()));
      ClientFactory.check(
          "connected-apps.routes.removals-per-minute",
          () -> builder.removalsPerMinute(routes.removalsPerMinute()));
      try {
        return builder.build();
      } catch (IllegalStateException e) {
        // The one check that spans two properties: the two paths differ.
        throw new SunshineOAuthPropertyException(
            ClientFactory.PREFIX + "connected-apps.routes.removal-path",
            "is invalid: " + e.getMessage());
      }
    }

    @Bean(name = ROUTER_FUNCTION_BEAN)
    @ConditionalOnMissingBean(name = ROUTER_FUNCTION_BEAN)
    @ConditionalOnBooleanProperty(
        name = "sunco.oauth.connected-apps.routes.enabled",
        matchIfMissing = true)
    RouterFunction<ServerResponse> sunshineOAuthConnectedAppRouterFunction(
        ConnectedAppRoutes routes) {
      return routes.routerFunction();
    }
  }

  /** The check of every stored token on a schedule, with {@code token-check.enabled=true}. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(StoreSelected.class)
  @ConditionalOnBooleanProperty(name = "sunco.oauth.token-check.enabled")
  static class TokenCheckConfiguration {

    /**
     * The check's settings from {@code sunco.oauth.token-check.*}, with the application's
     * observation registry when Micrometer is there; an application's own {@link TokenCheck} bean
     * replaces it.
     */
    @Bean
    @ConditionalOnMissingBean
    TokenCheck sunshineOAuthTokenCheck(
        SunshineOAuthProperties properties, ObjectProvider<TokenCheckObservation> observation) {
      SunshineOAuthProperties.TokenCheckSettings settings = properties.tokenCheck();
      TokenCheck[] check = {TokenCheck.defaults()};
      ClientFactory.check(
          "token-check.concurrency",
          () -> check[0] = check[0].withConcurrency(settings.concurrency()));
      ClientFactory.check(
          "token-check.jitter", () -> check[0] = check[0].withJitter(settings.jitter()));
      ClientFactory.check(
          "token-check.period", () -> check[0] = check[0].withPeriod(settings.period()));
      ClientFactory.check(
          "token-check.period-jitter",
          () -> check[0] = check[0].withPeriodJitter(settings.periodJitter()));
      ClientFactory.check(
          "token-check.when-refused",
          () -> check[0] = check[0].withWhenRefused(settings.whenRefused()));
      TokenCheckObservation hook = observation.getIfAvailable();
      return hook != null ? hook.apply(check[0]) : check[0];
    }

    @Bean
    @ConditionalOnMissingBean
    TokenCheckSchedule sunshineOAuthTokenCheckSchedule(
        ConnectedAppStore store, SunshineOAuthClient client, TokenCheck check) {
      return TokenCheckSchedule.of(store, client, check);
    }
  }

  /**
   * Passes the application's {@code ObservationRegistry} to the check, when Micrometer is there.
   */
  @Configuration(proxyBeanMethods = false)
  @Conditional(StoreSelected.class)
  @ConditionalOnBooleanProperty(name = "sunco.oauth.token-check.enabled")
  @ConditionalOnClass(ObservationRegistry.class)
  static class TokenCheckObservationConfiguration {

    @Bean
    TokenCheckObservation sunshineOAuthTokenCheckObservation(
        ObjectProvider<ObservationRegistry> registry) {
      return check -> {
        ObservationRegistry unique = registry.getIfUnique();
        return unique != null ? check.withObservationRegistry(unique) : check;
      };
    }
  }

  /** Adds an observation registry to the check; a type Micrometer's absence leaves. */
  @FunctionalInterface
  interface TokenCheckObservation {
    TokenCheck apply(TokenCheck check);
  }

  /**
   * Without a store: a WARN at start-up when store settings are given that nothing reads ({@code
   * token-check.enabled=true}, {@code connected-apps.*}, {@code keys.*}).
   */
  @Configuration(proxyBeanMethods = false)
  @Conditional(StoreNotSelected.class)
  static class NoStoreConfiguration {

    @Bean
    static SmartInitializingSingleton sunshineOAuthUnusedStoreSettingsWarning(
        Environment environment) {
      return () -> warnUnusedStoreSettings(environment);
    }
  }

  /** Logs a WARN naming the store settings that are set while {@code sunco.oauth.store} is not. */
  static void warnUnusedStoreSettings(Environment environment) {
    List<String> unused = new ArrayList<>();
    if (environment.getProperty(
        ClientFactory.PREFIX + "token-check.enabled", Boolean.class, Boolean.FALSE)) {
      unused.add(ClientFactory.PREFIX + "token-check.enabled=true");
    }
    for (String group : List.of("connected-apps", "keys")) {
      ConfigurationPropertyName name = ConfigurationPropertyName.of(ClientFactory.PREFIX + group);
      for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
        if (source.containsDescendantOf(name) == ConfigurationPropertyState.PRESENT) {
          unused.add(ClientFactory.PREFIX + group + ".*");
          break;
        }
      }
    }
    if (!unused.isEmpty()) {
      LOG.warn(
          "{} set, but sunco.oauth.store is not: no connected-app store is made and these settings"
              + " do nothing; set sunco.oauth.store=memory|postgres|redis",
          String.join(", ", unused));
    }
  }

  /**
   * Whether {@code sunco.oauth.store} is set to a value that is not blank: an empty value (an
   * environment variable {@code SUNCO_OAUTH_STORE=}) counts as not set, as Boot binds it. A value
   * other than memory, postgres or redis fails the binding of the properties, naming the property.
   */
  static boolean storeSelected(Environment environment) {
    String store = environment.getProperty(ClientFactory.PREFIX + "store");
    return store != null && !store.isBlank();
  }

  /** Matches when {@code sunco.oauth.store} is set ({@link #storeSelected}). */
  static final class StoreSelected extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return storeSelected(context.getEnvironment())
          ? ConditionOutcome.match("sunco.oauth.store is set")
          : ConditionOutcome.noMatch("sunco.oauth.store is not set, or empty");
    }
  }

  /** Matches when {@code sunco.oauth.store} is not set, or empty ({@link #storeSelected}). */
  static final class StoreNotSelected extends SpringBootCondition {
    @Override
    public ConditionOutcome getMatchOutcome(
        ConditionContext context, AnnotatedTypeMetadata metadata) {
      return storeSelected(context.getEnvironment())
          ? ConditionOutcome.noMatch("sunco.oauth.store is set")
          : ConditionOutcome.match("sunco.oauth.store is not set, or empty");
    }
  }
}
