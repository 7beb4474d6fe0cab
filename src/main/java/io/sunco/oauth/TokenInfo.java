package io.sunco.oauth;

import io.sunco.oauth.internal.Arguments;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /v2/tokenInfo} says about an access token: the app it is linked to. Use the app
 * id and {@link #apiBaseUrl()} ({@code https://{subdomain}.zendesk.com/sc}) for later API calls.
 * Fields the server adds beyond these are ignored.
 *
 * <p>The subdomain becomes part of a host name, so it is untrusted input: it must be a single DNS
 * label (letters, digits and hyphens, 1 to 63 characters, no hyphen first or last). An answer with
 * any other subdomain fails {@code getTokenInfo} with a {@code SunshineResponseException}, rather
 * than let a hostile or broken answer point later calls at another host.
 *
 * @param appId the id of the app the token is linked to ({@code app.id}), never blank
 * @param subdomain the app's Zendesk subdomain ({@code app.subdomain}), for the regional API host;
 *     empty when the server sent none
 * @param displayName the app's display name ({@code app.displayName}); empty when the server sent
 *     none
 */
public record TokenInfo(String appId, Optional<String> subdomain, Optional<String> displayName) {

  /**
   * Checks the values; {@link #of} takes nullable strings instead of optionals.
   *
   * @param appId see {@link #appId()}
   * @param subdomain see {@link #subdomain()}
   * @param displayName see {@link #displayName()}
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code appId} is blank, or {@code subdomain} is not a
   *     single DNS label
   */
  public TokenInfo {
    Arguments.requireNonBlank(appId, "appId");
    Objects.requireNonNull(subdomain, "subdomain");
    Objects.requireNonNull(displayName, "displayName");
    if (subdomain.isPresent() && !isDnsLabel(subdomain.get())) {
      throw new IllegalArgumentException(
          "subdomain must be a single DNS label: letters, digits and hyphens, 1 to 63 characters,"
              + " no hyphen first or last");
    }
  }

  /**
   * Makes a token info, for example in a test of code that consumes one.
   *
   * @param appId the app id, never blank
   * @param subdomain the app's subdomain, or null when unknown
   * @param displayName the app's display name, or null when unknown
   * @return the token info
   * @throws NullPointerException if {@code appId} is null
   * @throws IllegalArgumentException if {@code appId} is blank, or {@code subdomain} is not a
   *     single DNS label
   */
  public static TokenInfo of(
      String appId, @Nullable String subdomain, @Nullable String displayName) {
    return new TokenInfo(appId, Optional.ofNullable(subdomain), Optional.ofNullable(displayName));
  }

  /**
   * The base URL of the regional API for later calls with this token: {@code
   * https://{subdomain}.zendesk.com/sc}, the subdomain in lower case. The subdomain was checked to
   * be a single DNS label, so the host is always a subdomain of {@code zendesk.com}.
   *
   * @return the base URL, or empty when the server sent no subdomain
   */
  public Optional<URI> apiBaseUrl() {
    return subdomain.map(
        label -> URI.create("https://" + label.toLowerCase(Locale.ROOT) + ".zendesk.com/sc"));
  }

  /**
   * Whether a subdomain can be used as it is in a host name: one DNS label (RFC 1123), that is 1 to
   * 63 ASCII letters, digits and hyphens, neither first nor last a hyphen.
   *
   * @param value the candidate
   * @return {@code true} for a single DNS label
   */
  static boolean isDnsLabel(String value) {
    int length = value.length();
    if (length == 0 || length > 63 || value.charAt(0) == '-' || value.charAt(length - 1) == '-') {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Shows the app id, the subdomain and the display name, an empty one as nothing. */
  @Override
  public String toString() {
    return "TokenInfo[appId="
        + appId
        + ", subdomain="
        + subdomain.orElse("")
        + ", displayName="
        + displayName.orElse("")
        + "]";
  }
}
