package io.sunco.oauth;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /v2/tokenInfo} says about an access token: the app it is linked to. Use the app
 * id and the subdomain for later API calls ({@code https://{subdomain}.zendesk.com/sc}). Fields the
 * server adds beyond these are ignored.
 */
public final class TokenInfo {

  private final String appId;
  private final Optional<String> subdomain;
  private final Optional<String> displayName;

  private TokenInfo(String appId, Optional<String> subdomain, Optional<String> displayName) {
    this.appId = Values.requireNonBlank(appId, "appId");
    this.subdomain = Objects.requireNonNull(subdomain, "subdomain");
    this.displayName = Objects.requireNonNull(displayName, "displayName");
  }

  /**
   * Makes a token info, for example in a test of code that consumes one.
   *
   * @param appId the app id, never blank
   * @param subdomain the app's subdomain, or null when unknown
   * @param displayName the app's display name, or null when unknown
   * @return the token info
   * @throws NullPointerException if {@code appId} is null
   * @throws IllegalArgumentException if {@code appId} is blank
   */
  public static TokenInfo of(
      String appId, @Nullable String subdomain, @Nullable String displayName) {
    return new TokenInfo(appId, Optional.ofNullable(subdomain), Optional.ofNullable(displayName));
  }

  /**
   * The id of the app the token is linked to ({@code app.id}).
   *
   * @return the app id, never blank
   */
  public String appId() {
    return appId;
  }

  /**
   * The app's Zendesk subdomain ({@code app.subdomain}), for the regional API host.
   *
   * @return the subdomain, or empty when the server sent none
   */
  public Optional<String> subdomain() {
    return subdomain;
  }

  /**
   * The app's display name ({@code app.displayName}).
   *
   * @return the name, or empty when the server sent none
   */
  public Optional<String> displayName() {
    return displayName;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TokenInfo info
        && appId.equals(info.appId)
        && subdomain.equals(info.subdomain)
        && displayName.equals(info.displayName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(appId, subdomain, displayName);
  }

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
