package io.sunco.oauth.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The key names of {@link RedisSealedRecords}, in one place. Every key of one client id starts with
 * the same base, {@code <prefix>{<tag>}:}, where the tag is the first {@value #TAG_CHARS}
 * characters of {@code base64url(SHA-256("io.sunco.oauth.redis/records/v1/client" || 0 ||
 * UTF-8(clientId)))}. Redis Cluster hashes only the part between the braces, so every key of a
 * client lives in one hash slot, and each command or script touches one slot. After the base:
 *
 * <ul>
 *   <li>{@code r:<app>}: the record of one app (a string, see {@link SealedRecordFormat});
 *   <li>{@code a}: the set of the client's apps, for listing;
 *   <li>{@code i:<attribute>}: the set of apps whose record has one attribute name and value;
 *   <li>{@code n}: the client's revision counter.
 * </ul>
 *
 * <p>{@code <app>} and {@code <attribute>} are 43-character digests, {@code
 * base64url(SHA-256(domain || 0 || each part as its UTF-8 length, 4 bytes big-endian, then its
 * bytes))} over the client id and the app id (or the client id, the attribute's name and its
 * value): no app id, attribute name or value is ever part of a key name. The app digest is also the
 * member of the app and attribute sets, so a member names its record's key. The tag is short on
 * purpose (it is repeated in every key); two client ids whose tags collided would share a slot and
 * the app set, never a record or an attribute set, whose digests include the whole client id.
 */
final class RecordKeys {

  /** Characters of the hash tag: {@value} (96 bits of the digest). */
  static final int TAG_CHARS = 16;

  /** Characters of an app or attribute digest: {@value}. */
  static final int DIGEST_CHARS = 43;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final byte[] CLIENT_DOMAIN = domain("client");
  private static final byte[] APP_DOMAIN = domain("app");
  private static final byte[] ATTRIBUTE_DOMAIN = domain("attribute");

  private final String prefix;

  RecordKeys(String prefix) {
    this.prefix = checkedPrefix(prefix);
  }

  private static byte[] domain(String name) {
    return ("io.sunco.oauth.redis/records/v1/" + name + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Checks a key prefix: {@link RedisKeys#checkedPrefix}'s rule, and no brace, which would change
   * the part of each key Redis Cluster hashes.
   *
   * @throws NullPointerException when {@code prefix} is null
   * @throws IllegalArgumentException otherwise
   */
  static String checkedPrefix(String prefix) {
    RedisKeys.checkedPrefix(prefix);
    if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
      throw new IllegalArgumentException(
          "The prefix of the connected-app keys must not contain '{' or '}': the store puts a"
              + " Redis Cluster hash tag after it");
    }
    return prefix;
  }

  /** The keys of one client id. */
  Client client(String clientId) {
    return new Client(clientId, prefix);
  }

  /** {@code base64url(SHA-256(domain || each part length-prefixed))}: 43 ASCII bytes. */
  static byte[] digest(byte[] domain, String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(domain);
      for (String part : parts) {
        byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(utf8.length).array());
        sha.update(utf8);
      }
      return ENCODER.encode(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE implementation must provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** The keys of one client id: its base, and the digests of its apps and attributes. */
  static final class Client {

    private final String clientId;
    private final byte[] base;

    private Client(String clientId, String prefix) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      String tag =
          ENCODER.encodeToString(RedisKeys.sha256(CLIENT_DOMAIN, clientId)).substring(0, TAG_CHARS);
      this.base = (prefix + "{" + tag + "}:").getBytes(StandardCharsets.US_ASCII);
    }

    /** The client id these keys are for. */
    String clientId() {
      return clientId;
    }

    /** The app's digest: the suffix of its record key and its member in the sets. */
    byte[] member(String appId) {
      return digest(APP_DOMAIN, clientId, appId);
    }

    /** The digest naming the set of apps whose attribute {@code name} is {@code value}. */
    byte[] attribute(String name, String value) {
      return digest(ATTRIBUTE_DOMAIN, clientId, name, value);
    }

    /** The record key of the app whose digest is {@code member}. */
    byte[] record(byte[] member) {
      return concat(base, "r:", member);
    }

    /** The set of the client's app digests. */
    byte[] apps() {
      return concat(base, "a", new byte[0]);
    }

    /** The client's revision counter. */
    byte[] counter() {
      return concat(base, "n", new byte[0]);
    }

    /** What comes before an attribute digest in the name of its set. */
    byte[] attributePrefix() {
      return concat(base, "i:", new byte[0]);
    }

    /** The set of apps with the attribute whose digest is {@code attribute}. */
    byte[] attributeSet(byte[] attribute) {
      return concat(base, "i:", attribute);
    }

    private static byte[] concat(byte[] base, String kind, byte[] digest) {
      byte[] kindBytes = kind.getBytes(StandardCharsets.US_ASCII);
      byte[] key = Arrays.copyOf(base, base.length + kindBytes.length + digest.length);
      System.arraycopy(kindBytes, 0, key, base.length, kindBytes.length);
      System.arraycopy(digest, 0, key, base.length + kindBytes.length, digest.length);
      return key;
    }
  }
}
