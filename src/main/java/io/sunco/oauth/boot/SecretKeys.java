package io.sunco.oauth.boot;

import java.util.List;
import java.util.Locale;
import org.springframework.boot.actuate.endpoint.SanitizableData;

/**
 * The properties whose values are secret: the client secret and the Redis URI (which may hold a
 * password). Matched in every form a key takes in the actuator's output: {@code
 * sunco.oauth.client-secret}, {@code sunco.oauth.clientSecret}, {@code SUNCO_OAUTH_CLIENTSECRET}.
 */
final class SecretKeys {

  private static final List<String> SECRET =
      List.of("suncooauthclientsecret", "suncooauthstateredisuri");

  private SecretKeys() {}

  static boolean isSecret(String key) {
    String squashed = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return SECRET.stream().anyMatch(squashed::endsWith);
  }

  static SanitizableData sanitize(SanitizableData data) {
    return isSecret(data.getKey()) ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
  }
}
