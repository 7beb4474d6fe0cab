package io.sunco.oauth.emulator;

import java.util.Objects;
import java.util.Optional;

/**
 * An API key the emulator accepts on {@code DELETE /oauth/authorization}, as HTTP Basic ({@code
 * keyId:secret}) or as an HS256 JWT signed with the secret (header {@code kid}, claim {@code
 * scope}). Register it with {@link SunshineOAuthEmulator.Builder#apiKey(ApiKey)} or {@link
 * SunshineOAuthEmulator#addApiKey(ApiKey)}. {@link #toString()} hides the secret.
 *
 * <p>Two kinds. An <em>integration key</em> ({@link #integration}) belongs to one integration on
 * one app: revoking with it ends that integration's access to that app, and it signs JWTs of scope
 * {@code app} only. An <em>account key</em> ({@link #account}) belongs to the account: it signs
 * JWTs of scope {@code app} or {@code account}, and revoking with it ends the integration's access
 * to every app. The service's own key has no notion of "whose access" for an account key; the
 * emulator needs one, so an account key is registered for one integration. What the live service
 * revokes with an account key is unknown.
 *
 * @param keyId the key id (Basic user name, JWT {@code kid}), e.g. {@code app_5e4af71a81966cff};
 *     not blank, printable ASCII without spaces, colons, quotes or backslashes
 * @param secret the key secret (Basic password, HMAC key as UTF-8 bytes); not blank, no control
 *     characters
 * @param clientId the integration the key belongs to; must be registered on the emulator
 * @param appId the app of an integration key; empty for an account key. Must be registered.
 */
public record ApiKey(String keyId, String secret, String clientId, Optional<String> appId) {

  /**
   * Checks the components.
   *
   * @param keyId the key id
   * @param secret the key secret
   * @param clientId the integration's client id
   * @param appId the app id of an integration key, or empty for an account key
   * @throws NullPointerException if a component is {@code null}
   * @throws IllegalArgumentException if a component is invalid, see the class description
   */
  public ApiKey {
    Checks.text(keyId, "keyId");
    for (int i = 0; i < keyId.length(); i++) {
      char c = keyId.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == ':' || c == '"' || c == '\\') {
        throw new IllegalArgumentException(
            "keyId must be printable ASCII without spaces, ':', '\"' or '\\'");
      }
    }
    Checks.text(secret, "secret");
    Checks.text(clientId, "clientId");
    Objects.requireNonNull(appId, "appId");
    appId.ifPresent(id -> Checks.text(id, "appId"));
  }

  /**
   * An integration key: one integration's key on one app.
   *
   * @param keyId the key id
   * @param secret the key secret
   * @param clientId the integration's client id
   * @param appId the app the key is for
   * @return the key
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if an argument is invalid
   */
  public static ApiKey integration(String keyId, String secret, String clientId, String appId) {
    return new ApiKey(keyId, secret, clientId, Optional.of(Objects.requireNonNull(appId, "appId")));
  }

  /**
   * An account key, registered for one integration: revoking with it ends that integration's access
   * to every app.
   *
   * @param keyId the key id
   * @param secret the key secret
   * @param clientId the integration's client id
   * @return the key
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if an argument is invalid
   */
  public static ApiKey account(String keyId, String secret, String clientId) {
    return new ApiKey(keyId, secret, clientId, Optional.empty());
  }

  /**
   * Whether this is an account key ({@link #appId()} empty).
   *
   * @return {@code true} for an account key
   */
  public boolean isAccountKey() {
    return appId.isEmpty();
  }

  /**
   * Describes the key with its secret masked.
   *
   * @return e.g. {@code ApiKey[keyId=app_1, secret=****, clientId=demo-client, appId=5698...]}
   */
  @Override
  public String toString() {
    return "ApiKey[keyId="
        + keyId
        + ", secret=****, clientId="
        + clientId
        + ", "
        + appId.map(id -> "appId=" + id).orElse("account")
        + "]";
  }
}
