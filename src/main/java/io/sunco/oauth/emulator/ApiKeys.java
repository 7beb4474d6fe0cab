package io.sunco.oauth.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The registered {@link ApiKey}s and how a request proves it holds one: HTTP Basic with the key id
 * and secret, or an HS256 JWT whose {@code kid} names the key and whose signature is made with its
 * secret. Each key's {@link Mac} is set up when the key is added, on the caller's thread, so that
 * checking a signature on the event loop only computes.
 */
final class ApiKeys {

  /** How an authentication attempt ended: the key, or why not (a title without any secret). */
  record Outcome(Optional<ApiKey> key, String failure) {

    static Outcome ok(ApiKey key) {
      return new Outcome(Optional.of(key), "");
    }

    static Outcome refused(String why) {
      return new Outcome(Optional.empty(), why);
    }
  }

  private record Entry(ApiKey key, Mac prototype) {}

  private static final String HMAC = "HmacSHA256";
  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
  private static final String BAD_BASIC = "The API key or its secret is wrong";
  private static final String BAD_JWT = "The JWT's key is unknown or its signature is wrong";

  private final Map<String, Entry> keys = new ConcurrentHashMap<>();
  private final Clock clock;

  ApiKeys(Clock clock) {
    this.clock = clock;
  }

  /** Adds {@code key}; the caller checked its integration and app. */
  void add(ApiKey key) {
    Entry entry = new Entry(key, newMac(key.secret()));
    if (keys.putIfAbsent(key.keyId(), entry) != null) {
      throw new IllegalArgumentException("keyId already registered: " + key.keyId());
    }
  }

  boolean remove(String keyId) {
    return keys.remove(keyId) != null;
  }

  Collection<ApiKey> all() {
    return keys.values().stream().map(Entry::key).toList();
  }

  /** Whether {@code value} is the secret of a registered key. */
  boolean isSecret(String value) {
    for (Entry entry : keys.values()) {
      if (entry.key().secret().equals(value)) {
        return true;
      }
    }
    return false;
  }

  /** {@code Authorization: Basic base64(keyId:secret)}, the value after the scheme. */
  Outcome basic(String credentials) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(credentials.trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Outcome.refused("Malformed Basic authorization");
    }
    int colon = decoded.indexOf(':');
    if (colon <= 0) {
      return Outcome.refused("Malformed Basic authorization");
    }
    Entry entry = keys.get(decoded.substring(0, colon));
    byte[] presented = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
    if (entry == null
        || !MessageDigest.isEqual(
            entry.key().secret().getBytes(StandardCharsets.UTF_8), presented)) {
      return Outcome.refused(BAD_BASIC);
    }
    return Outcome.ok(entry.key());
  }

  /** Whether {@code token} looks like an API key JWT: three parts and a header with a kid. */
  static boolean isKeyJwt(String token) {
    return header(token).map(header -> header.has("kid")).orElse(false);
  }

  /**
   * An API key JWT: header {@code {"alg":"HS256","kid":...}} ({@code typ}, when present, {@code
   * JWT}), payload with {@code scope} {@code app} or {@code account} (an account scope needs an
   * account key) and, when present, an {@code exp} not in the past; signature HMAC-SHA256 with the
   * key's secret. {@code alg: none} and every other algorithm are refused.
   */
  Outcome jwt(String token) {
    String[] parts = token.split("\\.", -1);
    Optional<JsonNode> header = header(token);
    if (parts.length != 3 || header.isEmpty()) {
      return Outcome.refused("Malformed JWT");
    }
    JsonNode alg = header.get().path("alg");
    if (!alg.isTextual() || !alg.textValue().equals("HS256")) {
      return Outcome.refused("The JWT must be signed with HS256");
    }
    JsonNode typ = header.get().path("typ");
    if (!typ.isMissingNode() && !(typ.isTextual() && typ.textValue().equalsIgnoreCase("JWT"))) {
      return Outcome.refused("The JWT's typ must be JWT");
    }
    JsonNode kid = header.get().path("kid");
    Entry entry = kid.isTextual() ? keys.get(kid.textValue()) : null;
    Optional<byte[]> signature = decode(parts[2]);
    if (entry == null
        || signature.isEmpty()
        || !MessageDigest.isEqual(
            mac(entry).doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII)),
            signature.get())) {
      return Outcome.refused(BAD_JWT);
    }
    Optional<JsonNode> payload =
        decode(parts[1])
            .flatMap(bytes -> Json.readObject(new String(bytes, StandardCharsets.UTF_8)));
    if (payload.isEmpty()) {
      return Outcome.refused("Malformed JWT");
    }
    JsonNode scope = payload.get().path("scope");
    if (!scope.isTextual() || !List.of("app", "account").contains(scope.textValue())) {
      return Outcome.refused("The JWT's scope must be app or account");
    }
    if (scope.textValue().equals("account") && !entry.key().isAccountKey()) {
      return Outcome.refused("An account-scoped JWT needs an account key");
    }
    JsonNode exp = payload.get().path("exp");
    if (!exp.isMissingNode()
        && !(exp.isNumber() && exp.asLong() > clock.instant().getEpochSecond())) {
      return Outcome.refused("The JWT has expired");
    }
    return Outcome.ok(entry.key());
  }

  private static Optional<JsonNode> header(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    return decode(token.substring(0, dot))
        .flatMap(bytes -> Json.readObject(new String(bytes, StandardCharsets.UTF_8)));
  }

  private static Optional<byte[]> decode(String base64url) {
    try {
      return Optional.of(B64URL.decode(base64url));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Mac newMac(String secret) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
      // Warm up here rather than on the event loop: the first doFinal may load classes.
      mac.doFinal(new byte[1]);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static Mac mac(Entry entry) {
    try {
      return (Mac) entry.prototype().clone();
    } catch (CloneNotSupportedException e) {
      return newMac(entry.key().secret());
    }
  }

  @Override
  public String toString() {
    return "ApiKeys[" + Objects.toString(keys.size()) + " keys]";
  }
}
