package io.sunco.oauth.callback;

import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What an {@link AuthorizationStateStore} remembers about one issued {@code state}: the browser
 * binding it must come back with, when it was made, the {@code redirect_uri} used (if any) and a
 * few attributes for the application (for example which of its own users started the flow). {@link
 * #toString()} shows neither the binding nor attribute values.
 *
 * @param browserBinding a value tied to the browser that started the flow and presented again on
 *     the callback, compared in constant time: a random nonce kept in a cookie, or a hash of the
 *     session id (prefer either over a raw session id); 1 to {@value #MAX_BINDING_LENGTH} chars
 * @param createdAt when the state was issued, for the application's own use (the store computes
 *     expiry from its own clock)
 * @param redirectUri the {@code redirect_uri} sent in the authorize request, when one was sent
 * @param attributes application data, copied; keys and values not null
 */
public record StateData(
    String browserBinding,
    Instant createdAt,
    Optional<URI> redirectUri,
    Map<String, String> attributes) {

  /** Longest browser binding accepted, in characters: {@value}. */
  public static final int MAX_BINDING_LENGTH = 1024;

  /**
   * Checks and copies the components.
   *
   * @param browserBinding the value the browser must present again on the callback; 1 to {@value
   *     #MAX_BINDING_LENGTH} characters, not blank
   * @param createdAt when the state was issued
   * @param redirectUri the {@code redirect_uri} sent in the authorize request, empty when none
   * @param attributes application data, copied
   * @throws NullPointerException when a component, attribute key or attribute value is null
   * @throws IllegalArgumentException when the binding is blank or too long
   */
  public StateData {
    Objects.requireNonNull(browserBinding, "browserBinding");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(redirectUri, "redirectUri");
    if (browserBinding.isBlank() || browserBinding.length() > MAX_BINDING_LENGTH) {
      throw new IllegalArgumentException(
          "A browser binding must be 1 to " + MAX_BINDING_LENGTH + " characters, not blank");
    }
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
  }

  /**
   * State data with no redirect URI and no attributes.
   *
   * @param browserBinding the value the browser must present again on the callback; 1 to {@value
   *     #MAX_BINDING_LENGTH} characters, not blank
   * @param createdAt when the state was issued
   * @return the state data
   * @throws NullPointerException when an argument is null
   * @throws IllegalArgumentException when the binding is blank or too long
   */
  public static StateData of(String browserBinding, Instant createdAt) {
    return new StateData(browserBinding, createdAt, Optional.empty(), Map.of());
  }

  /**
   * A copy that records the {@code redirect_uri} sent in the authorize request.
   *
   * @param redirectUri the {@code redirect_uri} sent
   * @return a copy with this redirect URI, replacing any earlier one
   * @throws NullPointerException when {@code redirectUri} is null
   */
  public StateData withRedirectUri(URI redirectUri) {
    return new StateData(
        browserBinding,
        createdAt,
        Optional.of(Objects.requireNonNull(redirectUri, "redirectUri")),
        attributes);
  }

  /**
   * A copy with one more attribute (replacing any earlier value under that key).
   *
   * @param key the attribute name
   * @param value the attribute value; never shown by {@link #toString()}
   * @return a copy with this attribute added
   * @throws NullPointerException when {@code key} or {@code value} is null
   */
  public StateData withAttribute(String key, String value) {
    Map<String, String> copy = new HashMap<>(attributes);
    copy.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new StateData(browserBinding, createdAt, redirectUri, copy);
  }

  /** Shows creation time, redirect URI and attribute keys; hides the binding and values. */
  @Override
  public String toString() {
    return "StateData[browserBinding=****, createdAt="
        + createdAt
        + ", redirectUri="
        + redirectUri.map(URI::toString).orElse("none")
        + ", attributes="
        + new TreeSet<>(attributes.keySet())
        + "]";
  }
}
