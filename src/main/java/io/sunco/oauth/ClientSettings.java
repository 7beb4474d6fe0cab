package io.sunco.oauth;

import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a {@link SunshineOAuthClient} was built with, as one immutable value ({@link
 * SunshineOAuthClient#settings()}), except the client secret, which is never handed out. To derive
 * a client with other settings, use {@link SunshineOAuthClient#newBuilder()}.
 */
public final class ClientSettings {

  private final String clientId;
  private final boolean hasClientSecret;
  private final URI baseUrl;
  private final Map<String, String> defaultHeaders;
  private final int maxResponseBytes;
  private final Timeouts timeouts;
  private final RetryPolicy retryPolicy;
  private final RetryBudget retryBudget;
  private final PoolSettings pool;
  private final Clock clock;

  ClientSettings(
      String clientId,
      boolean hasClientSecret,
      URI baseUrl,
      Map<String, String> defaultHeaders,
      int maxResponseBytes,
      Timeouts timeouts,
      RetryPolicy retryPolicy,
      RetryBudget retryBudget,
      PoolSettings pool,
      Clock clock) {
    this.clientId = clientId;
    this.hasClientSecret = hasClientSecret;
    this.baseUrl = baseUrl;
    this.defaultHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(defaultHeaders));
    this.maxResponseBytes = maxResponseBytes;
    this.timeouts = timeouts;
    this.retryPolicy = retryPolicy;
    this.retryBudget = retryBudget;
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * The integration's client id.
   *
   * @return the client id
   */
  public String clientId() {
    return clientId;
  }

  /**
   * Whether a client secret was set ({@code getToken} needs one); the secret itself is never shown.
   *
   * @return {@code true} when the client has a secret
   */
  public boolean hasClientSecret() {
    return hasClientSecret;
  }

  /**
   * The base URL of every call.
   *
   * @return the base URL, as configured
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * The headers added to every call, in the order they were set.
   *
   * @return an unmodifiable map, empty by default
   */
  public Map<String, String> defaultHeaders() {
    return defaultHeaders;
  }

  /**
   * The limit on a response body.
   *
   * @return the limit in bytes
   */
  public int maxResponseBytes() {
    return maxResponseBytes;
  }

  /**
   * The deadlines of the client's calls.
   *
   * @return the timeouts
   */
  public Timeouts timeouts() {
    return timeouts;
  }

  /**
   * How failed calls are retried.
   *
   * @return the retry policy
   */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /**
   * The retry budget, shared by the client and every client derived from it that did not set one of
   * its own.
   *
   * @return the retry budget
   */
  public RetryBudget retryBudget() {
    return retryBudget;
  }

  /**
   * The settings of the pool the client created (shared with every client derived from it); not in
   * force when the client was built with a user-supplied {@code HttpClient}.
   *
   * @return the pool settings
   */
  public PoolSettings pool() {
    return pool;
  }

  /**
   * The clock that turns an HTTP-date {@code Retry-After} into a wait.
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /** Shows every setting; never the secret, never default header values. */
  @Override
  public String toString() {
    return "ClientSettings[baseUrl="
        + baseUrl
        + ", clientId="
        + clientId
        + ", clientSecret="
        + (hasClientSecret ? "****" : "(none)")
        + ", defaultHeaders="
        + defaultHeaders.keySet()
        + ", maxResponseBytes="
        + maxResponseBytes
        + ", "
        + timeouts
        + ", "
        + retryPolicy
        + ", "
        + retryBudget
        + ", "
        + pool
        + "]";
  }
}
