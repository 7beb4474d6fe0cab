package io.sunco.oauth.emulator;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An OAuth integration registered on the emulator: the partner service that asks customers for
 * access to their apps. {@link #toString()} hides the client secret.
 *
 * @param clientId the OAuth {@code client_id}; not blank
 * @param clientSecret the OAuth {@code client_secret}; not blank
 * @param redirectUris the registered redirect URIs, compared with {@code redirect_uri} as exact
 *     strings; at least one, no duplicates; the first one is used when a request carries no {@code
 *     redirect_uri}. Each is an absolute URI in printable ASCII without a fragment.
 * @param removeUrl where the emulator POSTs {@code {"integrationId": ..., "appId": ...}} after
 *     access was revoked; empty for none
 */
public record Integration(
    String clientId, String clientSecret, List<String> redirectUris, Optional<URI> removeUrl) {

  /**
   * Checks and copies the components.
   *
   * @param clientId the {@code client_id}; not blank
   * @param clientSecret the {@code client_secret}; not blank
   * @param redirectUris the registered redirect URIs, the default first
   * @param removeUrl the URL told about revocations, or empty
   * @throws NullPointerException if a component or a redirect URI is {@code null}
   * @throws IllegalArgumentException if a component is invalid, see the class description
   */
  public Integration {
    Checks.text(clientId, "clientId");
    Checks.text(clientSecret, "clientSecret");
    Objects.requireNonNull(redirectUris, "redirectUris");
    redirectUris = List.copyOf(redirectUris);
    if (redirectUris.isEmpty()) {
      throw new IllegalArgumentException("at least one redirect URI is required");
    }
    if (new HashSet<>(redirectUris).size() != redirectUris.size()) {
      throw new IllegalArgumentException("redirect URIs must be unique");
    }
    redirectUris.forEach(Checks::redirectUri);
    Objects.requireNonNull(removeUrl, "removeUrl");
    removeUrl.ifPresent(uri -> Checks.httpUri(uri, "removeUrl"));
  }

  /**
   * Creates an integration without a {@code removeUrl}.
   *
   * @param clientId the {@code client_id}; not blank
   * @param clientSecret the {@code client_secret}; not blank
   * @param redirectUri the first, default redirect URI
   * @param moreRedirectUris further registered redirect URIs
   * @return the integration
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if an argument is invalid
   */
  public static Integration of(
      String clientId, String clientSecret, String redirectUri, String... moreRedirectUris) {
    Objects.requireNonNull(moreRedirectUris, "moreRedirectUris");
    List<String> uris = new ArrayList<>(1 + moreRedirectUris.length);
    uris.add(Objects.requireNonNull(redirectUri, "redirectUri"));
    for (String uri : moreRedirectUris) {
      uris.add(Objects.requireNonNull(uri, "moreRedirectUris element"));
    }
    return new Integration(clientId, clientSecret, uris, Optional.empty());
  }

  /**
   * Returns a copy that is notified at {@code removeUrl} when access is revoked.
   *
   * @param removeUrl an absolute http(s) URI
   * @return the copy
   * @throws NullPointerException if {@code removeUrl} is {@code null}
   * @throws IllegalArgumentException if it is not an absolute http(s) URI
   */
  public Integration withRemoveUrl(URI removeUrl) {
    return new Integration(
        clientId, clientSecret, redirectUris, Optional.of(Checks.httpUri(removeUrl, "removeUrl")));
  }

  /**
   * The redirect URI used when an authorize request carries none: the first registered one.
   *
   * @return the default redirect URI
   */
  public String defaultRedirectUri() {
    return redirectUris.get(0);
  }

  /**
   * Describes the integration with its client secret masked.
   *
   * @return {@code Integration[clientId=..., clientSecret=****, ...]}
   */
  @Override
  public String toString() {
    return "Integration[clientId="
        + clientId
        + ", clientSecret=****, redirectUris="
        + redirectUris
        + ", removeUrl="
        + removeUrl.map(Integration::withoutQuery).orElse("none")
        + "]";
  }

  // A removeUrl may carry a credential in its query; keep it out of logs and messages.
  static String withoutQuery(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getRawAuthority().replaceFirst("^.*@", "")
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
