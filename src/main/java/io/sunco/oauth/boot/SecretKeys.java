package io.sunco.oauth.boot;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;

/**
 * The properties whose values are secret: the client secret, the Redis URI (which may hold a
 * password), and every {@code sunco.oauth.keys.*} property (the key ring's settings: none of its
 * values is ever shown, so that no key material can reach the actuator's output, whatever a future
 * property there holds). Matched in every form a key takes in the actuator's output: {@code
 * sunco.oauth.client-secret}, {@code sunco.oauth.clientSecret}, {@code SUNCO_OAUTH_CLIENTSECRET}.
 */
final class SecretKeys {

  private static final List<String> SECRET =
      List.of("suncooauthclientsecret", "suncooauthstateredisuri");

  /** Every key under {@code sunco.oauth.keys}, squashed. */
  private static final String KEY_RING = "suncooauthkeys";

  private SecretKeys() {}

  static boolean isSecret(String key) {
    String squashed = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return SECRET.stream().anyMatch(squashed::endsWith) || squashed.contains(KEY_RING);
  }

  static SanitizableData sanitize(SanitizableData data) {
    return isSecret(data.getKey()) ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
  }
}
