package io.sunco.oauth.callback;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link PendingAuthorizationStore} remembers about one started flow, under its {@code
 * state}: the browser binding the callback must come back with, when the flow started, the {@code
 * redirect_uri} used (if any) and a few attributes for the application (for example which of its
 * own users started the flow). {@link #toString()} shows neither the binding nor attribute values.
 *
 * @param browserBinding the value the browser must present again on the callback: a random nonce
 *     kept in a cookie, or a hash of the session id (prefer either over a raw session id); 1 to
 *     {@value #MAX_BINDING_LENGTH} characters, not blank; compared in constant time
 * @param createdAt when the state was issued, for the application's own use (the store computes
 *     expiry from its own clock)
 * @param redirectUri the {@code redirect_uri} sent in the authorize request; empty when none
 * @param attributes the application's attributes, copied into an unmodifiable map; empty when none
 */
public record PendingAuthorization(
    String browserBinding,
    Instant createdAt,
    Optional<URI> redirectUri,
    Map<String, String> attributes) {

  /** Longest browser binding accepted, in characters: {@value}. */
  public static final int MAX_BINDING_LENGTH = 1024;

  /**
   * Checks the components and copies the attributes.
   *
   * @param browserBinding the value the browser must present again on the callback
   * @param createdAt when the state was issued
   * @param redirectUri the {@code redirect_uri} sent, empty when none
   * @param attributes application data; keys and values not null
   * @throws NullPointerException when a component, or an attribute key or value, is null
   * @throws IllegalArgumentException when the binding is blank or longer than {@value
   *     #MAX_BINDING_LENGTH} characters
   */
  public PendingAuthorization {
    Objects.requireNonNull(browserBinding, "browserBinding");
    if (browserBinding.isBlank() || browserBinding.length() > MAX_BINDING_LENGTH) {
      throw new IllegalArgumentException(
          "A browser binding must be 1 to " + MAX_BINDING_LENGTH + " characters, not blank");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(redirectUri, "redirectUri");
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
  }

  /**
   * A pending authorization with no redirect URI and no attributes.
   *
   * @param browserBinding the value the browser must present again on the callback
   * @param createdAt when the state was issued
   * @return the pending authorization
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the binding is blank or too long
   */
  public static PendingAuthorization of(String browserBinding, Instant createdAt) {
    return new PendingAuthorization(browserBinding, createdAt, Optional.empty(), Map.of());
  }

  /**
   * A pending authorization with every part, for example as read back by a store.
   *
   * @param browserBinding the value the browser must present again on the callback
   * @param createdAt when the state was issued
   * @param redirectUri the {@code redirect_uri} sent in the authorize request, or null when none
   * @param attributes application data, copied; keys and values not null
   * @return the pending authorization
   * @throws NullPointerException when the binding, the instant, the map or an entry is null
   * @throws IllegalArgumentException when the binding is blank or too long
   */
  public static PendingAuthorization of(
      String browserBinding,
      Instant createdAt,
      @Nullable URI redirectUri,
      Map<String, String> attributes) {
    return new PendingAuthorization(
        browserBinding, createdAt, Optional.ofNullable(redirectUri), attributes);
  }

  /**
   * A copy that records the {@code redirect_uri} sent in the authorize request.
   *
   * @param redirectUri the {@code redirect_uri} sent
   * @return a copy with this redirect URI, replacing any earlier one
   * @throws NullPointerException when {@code redirectUri} is null
   */
  public PendingAuthorization withRedirectUri(URI redirectUri) {
    return new PendingAuthorization(
        browserBinding, createdAt, Optional.of(redirectUri), attributes);
  }

  /**
   * A copy with one more attribute (replacing any earlier value under that key).
   *
   * @param key the attribute name
   * @param value the attribute value; never shown by {@link #toString()}
   * @return a copy with this attribute added
   * @throws NullPointerException when {@code key} or {@code value} is null
   */
  public PendingAuthorization withAttribute(String key, String value) {
    Map<String, String> copy = new HashMap<>(attributes);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new PendingAuthorization(browserBinding, createdAt, redirectUri, copy);
  }

  /** Shows creation time, redirect URI and attribute keys; hides the binding and values. */
  @Override
  public String toString() {
    return "PendingAuthorization[browserBinding=****, createdAt="
        + createdAt
        + ", redirectUri="
        + redirectUri.map(URI::toString).orElse("none")
        + ", attributes="
        + new TreeSet<>(attributes.keySet())
        + "]";
  }
}
