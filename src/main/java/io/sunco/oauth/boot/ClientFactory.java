package io.sunco.oauth.boot;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Builds the client from the properties. Each setting goes through the library's own check; a
 * rejected value becomes a {@link SunshineOAuthPropertyException} naming the property, with the
 * library's reason (which never quotes the secret).
 */
final class ClientFactory {

  static final String PREFIX = SunshineOAuthProperties.PREFIX + ".";

  private ClientFactory() {}

  static SunshineOAuthClient.Builder builder(SunshineOAuthProperties properties) {
    SunshineOAuthClient.Builder builder = SunshineOAuthClient.builder();
    String clientId = required(properties.clientId(), "client-id", "must be set");
    check("client-id", () -> builder.clientId(clientId));
    String secret = properties.clientSecret();
    if (secret != null) {
      if (secret.isBlank()) {
        throw new SunshineOAuthPropertyException(PREFIX + "client-secret", "must not be blank");
      }
      builder.clientSecret(secret);
    }
    check("base-url", () -> builder.baseUrl(baseUrl(properties.baseUrl())));
    properties
        .defaultHeaders()
        .forEach(
            (name, value) ->
                check("default-headers." + name, () -> builder.defaultHeader(name, value)));
    check("max-response-bytes", () -> builder.maxResponseBytes(properties.maxResponseBytes()));
    SunshineOAuthProperties.TimeoutSettings t = properties.timeouts();
    builder.timeouts(
        new Settings<>("timeouts.", Timeouts.defaults())
            .with("connect", x -> x.withConnect(t.connect()))
            .with("attempt", x -> x.withAttempt(t.attempt()))
            .with("call", x -> x.withCall(t.call()))
            .value);
    SunshineOAuthProperties.RetrySettings r = properties.retry();
    builder.retryPolicy(
        new Settings<>("retry.", RetryPolicy.defaults())
            .with("max-retries", x -> x.withMaxRetries(r.maxRetries()))
            // The max backoff first: the initial backoff must not exceed it.
            .with("max-backoff", x -> x.withMaxBackoff(max(r.maxBackoff(), x)))
            .with("initial-backoff", x -> x.withInitialBackoff(r.initialBackoff()))
            .with("max-backoff", x -> x.withMaxBackoff(r.maxBackoff()))
            .value);
    SunshineOAuthProperties.BudgetSettings b = r.budget();
    builder.retryBudget(
        new Settings<>("retry.budget.", RetryBudget.defaults())
            .with("max-tokens", x -> x.withMaxTokens(b.maxTokens()))
            .with("token-ratio", x -> x.withTokenRatio(b.tokenRatio()))
            .value);
    SunshineOAuthProperties.PoolLimits p = properties.pool();
    builder.pool(
        new Settings<>("pool.", PoolSettings.defaults())
            .with("max-connections", x -> x.withMaxConnections(p.maxConnections()))
            .with("max-pending-acquires", x -> x.withMaxPendingAcquires(p.maxPendingAcquires()))
            .with("acquire-timeout", x -> x.withAcquireTimeout(p.acquireTimeout()))
            .with("max-idle-time", x -> x.withMaxIdleTime(p.maxIdleTime()))
            .value);
    return builder;
  }

  /** A retry policy's max backoff can only grow past the current initial backoff. */
  private static Duration max(Duration wanted, RetryPolicy current) {
    return wanted.compareTo(current.initialBackoff()) < 0 ? current.maxBackoff() : wanted;
  }

  static URI baseUrl(String value) {
    String name = value.trim().toLowerCase(Locale.ROOT);
    for (NamedHost host : NamedHost.values()) {
      if (host.propertyValue().equals(name)) {
        return switch (host) {
          case OAUTH_BRIDGE -> SunshineOAuthClient.OAUTH_BRIDGE;
          case LEGACY_US -> SunshineOAuthClient.LEGACY_US;
          case LEGACY_EU -> SunshineOAuthClient.LEGACY_EU;
        };
      }
    }
    try {
      return URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "must be "
              + String.join(", ", hostNames())
              + " or an absolute https URL (http on a loopback host)");
    }
  }

  static List<String> hostNames() {
    return Arrays.stream(NamedHost.values()).map(NamedHost::propertyValue).toList();
  }

  /** The named OAuth hosts {@code sunco.oauth.base-url} accepts besides a URL. */
  enum NamedHost {
    /** {@code oauth-bridge}: {@code https://oauth-bridge.zendesk.com/sc}, the default. */
    OAUTH_BRIDGE,
    /** {@code legacy-us}: {@code https://api.smooch.io}. */
    LEGACY_US,
    /** {@code legacy-eu}: {@code https://api.eu-1.smooch.io}. */
    LEGACY_EU;

    /** The property value that names this host, for example {@code oauth-bridge}. */
    String propertyValue() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Runs one setting; a rejection names the property. */
  static void check(String property, Runnable setting) {
    try {
      setting.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw rejected(property, e);
    }
  }

  /**
   * An immutable library value (a policy with {@code withX} copies) and the group of properties it
   * is made from: each step names its property when the library rejects the value.
   */
  private static final class Settings<T> {
    private final String group;
    private final T value;

    Settings(String group, T value) {
      this.group = group;
      this.value = value;
    }

    Settings<T> with(String property, UnaryOperator<T> change) {
      try {
        return new Settings<>(group, change.apply(value));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw rejected(group + property, e);
      }
    }
  }

  /**
   * The value of a property that must hold text; else, when it is unset or blank, the start-up
   * failure naming the property with {@code problem}, for example {@code must be set: ...why}.
   */
  static String required(@Nullable String value, String property, String problem) {
    if (value == null || value.isBlank()) {
      throw new SunshineOAuthPropertyException(PREFIX + property, problem);
    }
    return value;
  }

  /**
   * The start-up failure of a property whose value needs a library the class path lacks, for
   * example {@code sunco.oauth.store is redis, but io.lettuce:lettuce-core is not on the class
   * path}.
   */
  static SunshineOAuthPropertyException libraryMissing(
      String property, String value, String library) {
    return new SunshineOAuthPropertyException(
        PREFIX + property, "is " + value + ", but " + library + " is not on the class path");
  }

  static SunshineOAuthPropertyException rejected(String property, RuntimeException e) {
    String reason = e instanceof NullPointerException ? "must be set" : e.getMessage();
    return new SunshineOAuthPropertyException(PREFIX + property, "is invalid: " + reason);
  }
}
