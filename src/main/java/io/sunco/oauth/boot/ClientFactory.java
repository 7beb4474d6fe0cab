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
import java.util.Map;
import java.util.function.UnaryOperator;

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
    String clientId = properties.getClientId();
    if (clientId == null || clientId.isBlank()) {
      throw new SunshineOAuthPropertyException(PREFIX + "client-id", "must be set");
    }
    check("client-id", () -> builder.clientId(clientId));
    String secret = properties.getClientSecret();
    if (secret != null) {
      if (secret.isBlank()) {
        throw new SunshineOAuthPropertyException(PREFIX + "client-secret", "must not be blank");
      }
      builder.clientSecret(secret);
    }
    check("base-url", () -> builder.baseUrl(baseUrl(properties.getBaseUrl())));
    for (Map.Entry<String, String> header : properties.getDefaultHeaders().entrySet()) {
      check(
          "default-headers." + header.getKey(),
          () -> builder.defaultHeader(header.getKey(), header.getValue()));
    }
    check("max-response-bytes", () -> builder.maxResponseBytes(properties.getMaxResponseBytes()));
    SunshineOAuthProperties.TimeoutSettings t = properties.getTimeouts();
    Timeouts timeouts = Timeouts.defaults();
    timeouts = with("timeouts.connect", timeouts, x -> x.withConnect(t.getConnect()));
    timeouts = with("timeouts.attempt", timeouts, x -> x.withAttempt(t.getAttempt()));
    timeouts = with("timeouts.call", timeouts, x -> x.withCall(t.getCall()));
    builder.timeouts(timeouts);
    SunshineOAuthProperties.RetrySettings r = properties.getRetry();
    RetryPolicy retry = RetryPolicy.defaults();
    retry = with("retry.max-retries", retry, x -> x.withMaxRetries(r.getMaxRetries()));
    // The max backoff first: the initial backoff must not exceed it.
    retry = with("retry.max-backoff", retry, x -> x.withMaxBackoff(max(r.getMaxBackoff(), x)));
    retry = with("retry.initial-backoff", retry, x -> x.withInitialBackoff(r.getInitialBackoff()));
    retry = with("retry.max-backoff", retry, x -> x.withMaxBackoff(r.getMaxBackoff()));
    builder.retryPolicy(retry);
    SunshineOAuthProperties.BudgetSettings b = r.getBudget();
    RetryBudget budget = RetryBudget.defaults();
    budget = with("retry.budget.max-tokens", budget, x -> x.withMaxTokens(b.getMaxTokens()));
    budget = with("retry.budget.token-ratio", budget, x -> x.withTokenRatio(b.getTokenRatio()));
    builder.retryBudget(budget);
    SunshineOAuthProperties.PoolLimits p = properties.getPool();
    PoolSettings pool = PoolSettings.defaults();
    pool = with("pool.max-connections", pool, x -> x.withMaxConnections(p.getMaxConnections()));
    pool =
        with(
            "pool.max-pending-acquires",
            pool,
            x -> x.withMaxPendingAcquires(p.getMaxPendingAcquires()));
    pool = with("pool.acquire-timeout", pool, x -> x.withAcquireTimeout(p.getAcquireTimeout()));
    pool = with("pool.max-idle-time", pool, x -> x.withMaxIdleTime(p.getMaxIdleTime()));
    builder.pool(pool);
    return builder;
  }

  /** A retry policy's max backoff can only grow past the current initial backoff. */
  private static Duration max(Duration wanted, RetryPolicy current) {
    return wanted.compareTo(current.initialBackoff()) < 0 ? current.maxBackoff() : wanted;
  }

  static URI baseUrl(String value) {
    String name = value.trim().toLowerCase(Locale.ROOT);
    for (SunshineOAuthProperties.NamedHost host : SunshineOAuthProperties.NamedHost.values()) {
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
    return Arrays.stream(SunshineOAuthProperties.NamedHost.values())
        .map(SunshineOAuthProperties.NamedHost::propertyValue)
        .toList();
  }

  /** Runs one setting; a rejection names the property. */
  static void check(String property, Runnable setting) {
    try {
      setting.run();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw rejected(property, e);
    }
  }

  private static <T> T with(String property, T current, UnaryOperator<T> f) {
    try {
      return f.apply(current);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw rejected(property, e);
    }
  }

  static SunshineOAuthPropertyException rejected(String property, RuntimeException e) {
    String reason = e instanceof NullPointerException ? "must be set" : e.getMessage();
    return new SunshineOAuthPropertyException(PREFIX + property, "is invalid: " + reason);
  }
}
