package io.sunco.oauth.webflux;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.TokenInfo;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the callback route hands to the {@link TokenSink} once an authorization completed: the
 * access token, the app it belongs to, and the attributes the application attached to the flow when
 * it started ({@link FlowAttributes}), for example which of its own users connected the app. {@link
 * #toString()} shows neither the token nor attribute values.
 *
 * @param token the access token; it never expires by time, keep it until access is revoked
 * @param app what {@code GET /v2/tokenInfo} said about the token's app
 * @param attributes the flow's attributes, empty unless a {@link FlowAttributes} added some
 */
public record ConnectedApp(AccessToken token, TokenInfo app, Map<String, String> attributes) {

  /**
   * Checks and copies the components.
   *
   * @param token the access token
   * @param app the token's app
   * @param attributes the flow's attributes, copied
   * @throws NullPointerException when a component, key or value is null
   */
  public ConnectedApp {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(app, "app");
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
  }

  /** Shows the app and the attribute keys; never the token or attribute values. */
  @Override
  public String toString() {
    return "ConnectedApp[token="
        + token
        + ", app="
        + app
        + ", attributes="
        + new TreeSet<>(attributes.keySet())
        + "]";
  }
}
