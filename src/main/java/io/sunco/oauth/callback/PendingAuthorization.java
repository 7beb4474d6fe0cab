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
 * What an {@link PendingAuthorizationStore} remembers about one issued {@code state}: the browser
 * binding it must come back with, when it was made, the {@code redirect_uri} used (if any) and a
 * few attributes for the application (for example which of its own users started the flow).
 * Immutable; {@link #toString()} shows neither the binding nor attribute values.
 */
public final class PendingAuthorization {

  /** Longest browser binding accepted, in characters: {@value}. */
  public static final int MAX_BINDING_LENGTH = 1024;

  private final String browserBinding;
  private final Instant createdAt;
  private final @Nullable URI redirectUri;
  private final Map<String, String> attributes;

  private PendingAuthorization(
      String browserBinding,
      Instant createdAt,
      @Nullable URI redirectUri,
      Map<String, String> attributes) {
    Objects.requireNonNull(browserBinding, "browserBinding");
    if (browserBinding.isBlank() || browserBinding.length() > MAX_BINDING_LENGTH) {
      throw new IllegalArgumentException(
          "A browser binding must be 1 to " + MAX_BINDING_LENGTH + " characters, not blank");
    }
    this.browserBinding = browserBinding;
    this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    this.redirectUri = redirectUri;
    this.attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
  }

  /**
   * State data with no redirect URI and no attributes.
   *
   * @param browserBinding the value the browser must present again on the callback: a random nonce
   *     kept in a cookie, or a hash of the session id (prefer either over a raw session id); 1 to
   *     {@value #MAX_BINDING_LENGTH} characters, not blank; compared in constant time
   * @param createdAt when the state was issued, for the application's own use (the store computes
   *     expiry from its own clock)
   * @return the state data
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the binding is blank or too long
   */
  public static PendingAuthorization of(String browserBinding, Instant createdAt) {
    return new PendingAuthorization(browserBinding, createdAt, null, Map.of());
  }

  /**
   * State data with every part, for example as read back by a store.
   *
   * @param browserBinding as for {@link #of(String, Instant)}
   * @param createdAt when the state was issued
   * @param redirectUri the {@code redirect_uri} sent in the authorize request, or null when none
   * @param attributes application data, copied; keys and values not null
   * @return the state data
   * @throws NullPointerException when the binding, the instant, the map or an entry is null
   * @throws IllegalArgumentException when the binding is blank or too long
   */
  public static PendingAuthorization of(
      String browserBinding,
      Instant createdAt,
      @Nullable URI redirectUri,
      Map<String, String> attributes) {
    return new PendingAuthorization(browserBinding, createdAt, redirectUri, attributes);
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
        browserBinding, createdAt, Objects.requireNonNull(redirectUri, "redirectUri"), attributes);
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

  /**
   * The value the browser must present again on the callback.
   *
   * @return the binding, 1 to {@value #MAX_BINDING_LENGTH} characters
   */
  public String browserBinding() {
    return browserBinding;
  }

  /**
   * When the state was issued.
   *
   * @return the instant
   */
  public Instant createdAt() {
    return createdAt;
  }

  /**
   * The {@code redirect_uri} sent in the authorize request.
   *
   * @return the redirect URI, or empty when none was sent
   */
  public Optional<URI> redirectUri() {
    return Optional.ofNullable(redirectUri);
  }

  /**
   * The application's attributes.
   *
   * @return an unmodifiable map, empty when none were set
   */
  public Map<String, String> attributes() {
    return attributes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PendingAuthorization d
        && browserBinding.equals(d.browserBinding)
        && createdAt.equals(d.createdAt)
        && Objects.equals(redirectUri, d.redirectUri)
        && attributes.equals(d.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(browserBinding, createdAt, redirectUri, attributes);
  }

  /** Shows creation time, redirect URI and attribute keys; hides the binding and values. */
  @Override
  public String toString() {
    return "PendingAuthorization[browserBinding=****, createdAt="
        + createdAt
        + ", redirectUri="
        + (redirectUri == null ? "none" : redirectUri.toString())
        + ", attributes="
        + new TreeSet<>(attributes.keySet())
        + "]";
  }
}
