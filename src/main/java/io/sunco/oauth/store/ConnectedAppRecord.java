package io.sunco.oauth.store;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.internal.Arguments;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One connected app as {@link ConnectedAppStore} hands it out: the app, its token in the clear,
 * when it was connected and last verified, where the connection stands, and the flow's attributes.
 * Instants are kept to the millisecond, as stored. {@link #toString()} shows neither the token nor
 * attribute values.
 *
 * @param appId the app that granted access
 * @param subdomain the app's subdomain, when the service named one
 * @param apiBaseUrl the base URL of API calls for the app ({@code
 *     https://{subdomain}.zendesk.com/sc}), when known
 * @param token the access token; it never expires by time
 * @param connectedAt when the flow completed
 * @param lastVerifiedAt when the service last accepted the token, if ever checked
 * @param status where the connection stands
 * @param attributes the flow's attributes (the application's user or tenant, for example)
 */
public record ConnectedAppRecord(
    String appId,
    Optional<String> subdomain,
    Optional<URI> apiBaseUrl,
    AccessToken token,
    Instant connectedAt,
    Optional<Instant> lastVerifiedAt,
    ConnectionStatus status,
    Map<String, String> attributes) {

  /**
   * Checks and copies the components, and truncates the instants to the millisecond.
   *
   * @param appId the app that granted access, not blank
   * @param subdomain the app's subdomain, empty when unknown
   * @param apiBaseUrl the base URL of API calls, empty when unknown
   * @param token the access token
   * @param connectedAt when the flow completed
   * @param lastVerifiedAt when the service last accepted the token, empty when never checked
   * @param status where the connection stands
   * @param attributes the flow's attributes, copied
   * @throws NullPointerException when a component, an attribute name or value is null
   * @throws IllegalArgumentException when {@code appId} is blank
   */
  public ConnectedAppRecord {
    Arguments.requireNonBlank(appId, "appId");
    Objects.requireNonNull(subdomain, "subdomain");
    Objects.requireNonNull(apiBaseUrl, "apiBaseUrl");
    Objects.requireNonNull(token, "token");
    connectedAt = RecordComponents.toMillis(connectedAt, "connectedAt");
    lastVerifiedAt = RecordComponents.toMillis(lastVerifiedAt, "lastVerifiedAt");
    Objects.requireNonNull(status, "status");
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
  }

  /** Shows the app, the dates, the status and the attribute names; never the token or values. */
  @Override
  public String toString() {
    return "ConnectedAppRecord[appId="
        + appId
        + ", subdomain="
        + subdomain.orElse("")
        + ", token="
        + token
        + ", connectedAt="
        + connectedAt
        + ", lastVerifiedAt="
        + lastVerifiedAt.map(Instant::toString).orElse("")
        + ", status="
        + status
        + ", attributes="
        + new TreeSet<>(attributes.keySet())
        + "]";
  }
}
