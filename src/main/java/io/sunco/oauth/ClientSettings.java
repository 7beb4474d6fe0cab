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
import java.util.Objects;

/**
 * Everything a {@link SunshineOAuthClient} was built with, as one immutable value ({@link
 * SunshineOAuthClient#settings()}), except the client secret, which is never handed out. To derive
 * a client with other settings, use {@link SunshineOAuthClient#newBuilder()}.
 *
 * @param clientId the integration's client id
 * @param hasClientSecret whether a client secret was set ({@code getToken} needs one); the secret
 *     itself is never shown
 * @param baseUrl the base URL of every call, as configured
 * @param defaultHeaders the headers added to every call, in the order they were set: an
 *     unmodifiable map, empty by default
 * @param maxResponseBytes the limit on a response body, in bytes
 * @param timeouts the deadlines of the client's calls
 * @param retryPolicy how failed calls are retried
 * @param retryBudget the retry budget, shared by the client and every client derived from it that
 *     did not set one of its own (a token exchange merged into one that another client of the
 *     family started runs under that client's budget)
 * @param pool the settings of the pool the client created (shared with every client derived from
 *     it); not in force when the client was built with a user-supplied {@code HttpClient}
 * @param clock the clock that turns an HTTP-date {@code Retry-After} into a wait
 */
public record ClientSettings(
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

  /**
   * Keeps an unmodifiable copy of the headers, in their order. The values are checked by the
   * client's builder, which is what makes them; this value only holds them.
   *
   * @param clientId see {@link #clientId()}
   * @param hasClientSecret see {@link #hasClientSecret()}
   * @param baseUrl see {@link #baseUrl()}
   * @param defaultHeaders see {@link #defaultHeaders()}
   * @param maxResponseBytes see {@link #maxResponseBytes()}
   * @param timeouts see {@link #timeouts()}
   * @param retryPolicy see {@link #retryPolicy()}
   * @param retryBudget see {@link #retryBudget()}
   * @param pool see {@link #pool()}
   * @param clock see {@link #clock()}
   * @throws NullPointerException if an argument is null
   */
  public ClientSettings {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(baseUrl, "baseUrl");
    defaultHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(defaultHeaders));
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    Objects.requireNonNull(retryBudget, "retryBudget");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(clock, "clock");
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
