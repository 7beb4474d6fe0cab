package io.sunco.oauth;

import io.sunco.oauth.internal.CharClass;
import io.sunco.oauth.internal.UntrustedText;
import io.sunco.oauth.internal.UrlRule;
import io.sunco.oauth.policy.PoolSettings;
import io.sunco.oauth.policy.RetryBudget;
import io.sunco.oauth.policy.RetryPolicy;
import io.sunco.oauth.policy.Timeouts;
import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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

  /** The headers that the client sets itself, in lower case: no default header may replace them. */
  private static final Set<String> RESERVED_HEADERS =
      Set.of(
          "authorization",
          "content-type",
          "content-length",
          "host",
          "transfer-encoding",
          "connection",
          "upgrade",
          "te",
          "trailer",
          "expect");

  /**
   * Checks each value by the rule of the client's builder (the one home of those rules: the builder
   * calls the same checks) and keeps an unmodifiable copy of the headers, in their order.
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
   * @throws NullPointerException if an argument, a header name or a header value is null
   * @throws IllegalArgumentException if a value breaks the rule of its setter on {@link
   *     SunshineOAuthClient.Builder}: a client id that is blank or not visible ASCII, a base URL
   *     that is not {@code https} (or {@code http} on a loopback host), a header that is no token,
   *     reserved or with a control character in its value, a body limit outside 1 KiB to 16 MiB
   */
  public ClientSettings {
    Values.requireHeaderSafe(clientId, "clientId");
    Objects.requireNonNull(baseUrl, "baseUrl");
    checkedBaseUrl(baseUrl.toString());
    defaultHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(defaultHeaders));
    defaultHeaders.forEach(ClientSettings::checkDefaultHeader);
    checkedMaxResponseBytes(maxResponseBytes);
    Objects.requireNonNull(timeouts, "timeouts");
    Objects.requireNonNull(retryPolicy, "retryPolicy");
    Objects.requireNonNull(retryBudget, "retryBudget");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * The rule of {@link SunshineOAuthClient.Builder#baseUrl(URI)}: an absolute {@code https} URL, or
   * {@code http} on a loopback host, without query, fragment or user info.
   */
  static URI checkedBaseUrl(String baseUrl) {
    return UrlRule.httpsOrLoopback(baseUrl, "baseUrl", false);
  }

  /**
   * The rule of {@link SunshineOAuthClient.Builder#defaultHeader(String, String)}: the name an RFC
   * 9110 token that the client does not set itself, the value visible ASCII and spaces.
   */
  static void checkDefaultHeader(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isEmpty() || !CharClass.TOKEN.containsAll(name)) {
      // The name is the caller's, but may hold CR/LF: cleaned, so that a logged message stays one
      // line.
      throw new IllegalArgumentException(
          "header name is not a valid token: " + UntrustedText.clean(name, 64));
    }
    if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("header " + name + " is set by the client itself");
    }
    if (!CharClass.FIELD_VALUE.containsAll(value)) {
      throw new IllegalArgumentException("the value of header " + name + " must be visible ASCII");
    }
  }

  /** The rule of {@link SunshineOAuthClient.Builder#maxResponseBytes(int)}: 1 KiB to 16 MiB. */
  static int checkedMaxResponseBytes(int maxResponseBytes) {
    if (maxResponseBytes < 1024 || maxResponseBytes > 16 * 1024 * 1024) {
      throw new IllegalArgumentException("maxResponseBytes must be from 1 KiB to 16 MiB");
    }
    return maxResponseBytes;
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
