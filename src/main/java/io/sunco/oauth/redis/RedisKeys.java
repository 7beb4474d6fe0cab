package io.sunco.oauth.redis;

import io.sunco.oauth.internal.CharClass;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/**
 * The one home of key names: a configurable prefix followed by a digest of the secret value (a
 * state, a replay key), never the value itself. The digest is {@code base64url(SHA-256(domain ||
 * UTF-8(value)))}, 43 characters; the domain keeps digests made for one purpose (a key name) apart
 * from those made for another (an encryption key).
 */
final class RedisKeys {

  /** Longest prefix accepted, in characters: {@value}. */
  static final int MAX_PREFIX_LENGTH = 256;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final byte[] prefix;
  private final byte[] domain;

  RedisKeys(String prefix, String domain) {
    this.prefix = checkedPrefix(prefix).getBytes(StandardCharsets.US_ASCII);
    this.domain = (domain + '\0').getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Checks a key prefix: 1 to {@value #MAX_PREFIX_LENGTH} visible ASCII characters.
   *
   * @throws NullPointerException when {@code prefix} is null
   * @throws IllegalArgumentException otherwise
   */
  static String checkedPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.isEmpty()
        || prefix.length() > MAX_PREFIX_LENGTH
        || !CharClass.VISIBLE_ASCII.containsAll(prefix)) {
      throw new IllegalArgumentException(
          "A key prefix must be 1 to "
              + MAX_PREFIX_LENGTH
              + " visible ASCII characters (no space or control character)");
    }
    return prefix;
  }

  /** The key for {@code value}: the prefix, then the digest of the value in this domain. */
  byte[] keyOf(String value) {
    byte[] digest = ENCODER.encode(sha256(domain, value));
    byte[] key = new byte[prefix.length + digest.length];
    System.arraycopy(prefix, 0, key, 0, prefix.length);
    System.arraycopy(digest, 0, key, prefix.length, digest.length);
    return key;
  }

  /** {@code SHA-256(domain || UTF-8(value))}. */
  static byte[] sha256(byte[] domain, String value) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(domain);
      return sha.digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE implementation must provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
