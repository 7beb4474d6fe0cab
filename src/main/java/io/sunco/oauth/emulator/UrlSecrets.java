package io.sunco.oauth.emulator;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a request target (path and query) carries something that belongs in a header or a body
 * only: a parameter named like a credential, or a value that is a client secret, an API key secret,
 * an API key JWT, the admin secret, or a code or access token this emulator issued. Values are
 * compared as whole components of the target (between {@code / ? & = ; ,}), raw and
 * percent-decoded, so a short secret that happens to occur inside a longer word is not a finding.
 */
final class UrlSecrets {

  private static final Set<String> CREDENTIAL_PARAMETERS =
      Set.of("client_secret", "access_token", "refresh_token", "code", "password");

  private final Config config;
  private final ApiKeys keys;
  private final OAuthState oauth;

  UrlSecrets(Config config, ApiKeys keys, OAuthState oauth) {
    this.config = config;
    this.keys = keys;
    this.oauth = oauth;
  }

  boolean carriesSecret(String target) {
    Optional<Map<String, List<String>>> query = Urls.queryParameterLists(target);
    if (query.isPresent()
        && query.get().keySet().stream()
            .anyMatch(name -> CREDENTIAL_PARAMETERS.contains(name.toLowerCase(Locale.ROOT)))) {
      return true;
    }
    for (String component : target.split("[/?&=;,]", -1)) {
      if (!component.isEmpty() && (isSecret(component) || isSecret(decoded(component)))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code rawPath} (no query) with every segment that holds a secret replaced by {@code ****}:
   * what {@link RecordedRequest#toString()} and the request listener may show.
   */
  String redactedPath(String rawPath) {
    String[] segments = rawPath.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (holdsSecret(segments[i])) {
        segments[i] = "****";
      }
    }
    return String.join("/", segments);
  }

  private boolean holdsSecret(String segment) {
    for (String component : segment.split("[;,=]", -1)) {
      if (!component.isEmpty() && (isSecret(component) || isSecret(decoded(component)))) {
        return true;
      }
    }
    return false;
  }

  private boolean isSecret(String value) {
    if (oauth.isIssued(value)
        || keys.isSecret(value)
        || config.adminSecret().filter(admin -> admin.value().equals(value)).isPresent()) {
      return true;
    }
    for (Integration integration : config.integrations().values()) {
      if (integration.clientSecret().equals(value)) {
        return true;
      }
    }
    return value.indexOf('.') > 0 && ApiKeys.isKeyJwt(value);
  }

  private static String decoded(String component) {
    try {
      return QueryStringDecoder.decodeComponent(component, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEncoding) {
      return component;
    }
  }
}
