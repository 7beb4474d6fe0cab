package io.sunco.oauth.store;

import io.sunco.oauth.AccessToken;
import io.sunco.oauth.internal.SeededRandom;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The AES-256 keys that seal and open stored tokens, each under a key id: the {@linkplain
 * #primaryKeyId() primary} key seals every token written, and every key of the ring opens the
 * tokens it sealed. To rotate, add a new key, make it the primary on every instance, run {@link
 * ConnectedAppStore#reseal()}, and only then drop the old key.
 *
 * <p>A token is sealed with AES/GCM/NoPadding: a fresh 96-bit random nonce per sealing and a
 * 128-bit tag. The sealed bytes are one format byte ({@code 1}), the nonce, then the ciphertext
 * with its tag. The associated data binds the format, the client id and the app id, so a sealed
 * token copied onto another app's or another client's record does not open. The key id is kept
 * beside the sealed bytes, in the record.
 *
 * <p>Immutable and thread-safe; built once at start-up ({@link Builder#build()} seeds a random
 * generator, which may read the operating system's entropy source: not on an event loop). Sealing
 * and opening are then pure computation, safe on any thread. {@link #toString()} shows key ids
 * only, and nothing here logs.
 */
public final class KeyRing {

  /** Bytes of every key: {@value} (AES-256). */
  public static final int KEY_BYTES = 32;

  /** Longest key id, in characters: {@value}. */
  public static final int MAX_KEY_ID_LENGTH = 64;

  /** The key id rule, as messages state it. */
  static final String KEY_ID_RULE =
      "A key id must be 1 to "
          + MAX_KEY_ID_LENGTH
          + " characters from A-Z, a-z, 0-9, '.', '_' and '-'";

  /** The format byte that starts every sealed token this version writes. */
  static final byte FORMAT = 1;

  /** Nonce bytes: {@value} (96 bits, GCM's own size). */
  static final int NONCE_BYTES = 12;

  /** Authentication tag, in bits: {@value}. */
  static final int TAG_BITS = 128;

  /** The shortest sealed token: the format byte, the nonce and a tag (an empty token). */
  static final int MIN_SEALED_BYTES = 1 + NONCE_BYTES + TAG_BITS / 8;

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  /** Starts the associated data, so that these bytes authenticate nothing but a stored token. */
  private static final byte[] CONTEXT =
      "io.sunco.oauth.store.ConnectedAppStore token".getBytes(StandardCharsets.US_ASCII);

  private static final String PERSONALIZATION = "io.sunco.oauth.store.KeyRing";

  private final Map<String, SecretKeySpec> keys;
  private final String primaryKeyId;
  private final SecureRandom random;

  private KeyRing(Map<String, SecretKeySpec> keys, String primaryKeyId, SecureRandom random) {
    this.keys = keys;
    this.primaryKeyId = primaryKeyId;
    this.random = random;
  }

  /**
   * A builder of an empty ring.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The id of the key that seals.
   *
   * @return the primary key's id
   */
  public String primaryKeyId() {
    return primaryKeyId;
  }

  /**
   * The ids of every key of the ring, the primary included.
   *
   * @return the ids, sorted, unmodifiable
   */
  public Set<String> keyIds() {
    return keys.keySet();
  }

  /**
   * Seals a token under the primary key.
   *
   * @return the format byte, the nonce, the ciphertext and its tag
   */
  byte[] seal(String clientId, String appId, AccessToken token) {
    byte[] plain = token.value().getBytes(StandardCharsets.UTF_8);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(
          Cipher.ENCRYPT_MODE, keys.get(primaryKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(clientId, appId));
      byte[] sealed = new byte[1 + NONCE_BYTES + cipher.getOutputSize(plain.length)];
      sealed[0] = FORMAT;
      System.arraycopy(nonce, 0, sealed, 1, NONCE_BYTES);
      cipher.doFinal(plain, 0, plain.length, sealed, 1 + NONCE_BYTES);
      return sealed;
    } catch (GeneralSecurityException e) {
      // Every Java SE implementation provides AES/GCM/NoPadding with 256-bit keys.
      throw new IllegalStateException("AES/GCM is not available: " + e.getClass().getName());
    }
  }

  /**
   * Opens the token of a stored record with the key its key id names.
   *
   * @throws SealedTokenException when the ring lacks the key ({@code UNKNOWN_KEY}), or the token
   *     does not open under it ({@code NOT_OPENED}: another key's material, altered bytes, or bytes
   *     copied from another record)
   */
  AccessToken open(SealedRecord record) {
    SecretKeySpec key = keys.get(record.keyId());
    if (key == null) {
      throw SealedTokenException.unknownKey(record.keyId(), record.appId(), keyIds());
    }
    byte[] sealed = record.sealedToken();
    if (sealed.length < MIN_SEALED_BYTES || sealed[0] != FORMAT) {
      throw SealedTokenException.notOpened(record.keyId(), record.appId());
    }
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
      cipher.updateAAD(associatedData(record.clientId(), record.appId()));
      plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw SealedTokenException.notOpened(record.keyId(), record.appId());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is not available: " + e.getClass().getName());
    }
    try {
      return AccessToken.bearer(new String(plain, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // Authentic bytes that are no token: only a writer holding the key could make them.
      throw SealedTokenException.notOpened(record.keyId(), record.appId());
    }
  }

  /**
   * The context, the format byte, then the client id and the app id, each as its UTF-8 length (4
   * bytes, big-endian) and bytes: no two pairs of ids give the same bytes.
   */
  static byte[] associatedData(String clientId, String appId) {
    byte[] client = clientId.getBytes(StandardCharsets.UTF_8);
    byte[] app = appId.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(CONTEXT.length + 1 + 4 + client.length + 4 + app.length)
        .put(CONTEXT)
        .put(FORMAT)
        .putInt(client.length)
        .put(client)
        .putInt(app.length)
        .put(app)
        .array();
  }

  /**
   * Checks a key id: 1 to {@value #MAX_KEY_ID_LENGTH} characters from {@code [A-Za-z0-9._-]}. The
   * one home of that rule: the key file's parser calls it too.
   *
   * @throws NullPointerException when {@code keyId} is null
   * @throws IllegalArgumentException when it breaks the rule (the message does not repeat it)
   */
  static String checkedKeyId(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    boolean ok = !keyId.isEmpty() && keyId.length() <= MAX_KEY_ID_LENGTH;
    for (int i = 0; ok && i < keyId.length(); i++) {
      char c = keyId.charAt(i);
      ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '-';
    }
    if (!ok) {
      throw new IllegalArgumentException(KEY_ID_RULE);
    }
    return keyId;
  }

  /** Shows the key ids and which one is the primary; never a key byte. */
  @Override
  public String toString() {
    return "KeyRing[primary=" + primaryKeyId + ", keys=" + keys.keySet() + "]";
  }

  /** Collects the keys of a {@link KeyRing}; not thread-safe, use once. */
  public static final class Builder {

    private static final String WARM_UP = "warm-up";

    private final Map<String, byte[]> keys = new TreeMap<>();
    private @Nullable String primary;

    private Builder() {}

    /**
     * Adds a key.
     *
     * @param keyId the key's id, stored in every record it seals: 1 to {@value #MAX_KEY_ID_LENGTH}
     *     characters from {@code [A-Za-z0-9._-]}
     * @param key {@value #KEY_BYTES} random bytes; copied, so the caller may wipe its array
     * @return this builder
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when the id breaks the rule, the key is not {@value
     *     #KEY_BYTES} bytes, or the id is already in the ring
     */
    public Builder key(String keyId, byte[] key) {
      checkedKeyId(keyId);
      Objects.requireNonNull(key, "key");
      if (key.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            "Key "
                + keyId
                + " is "
                + key.length
                + " bytes; a key is "
                + KEY_BYTES
                + " bytes (AES-256)");
      }
      if (keys.containsKey(keyId)) {
        throw new IllegalArgumentException("Key id " + keyId + " is listed twice");
      }
      keys.put(keyId, key.clone());
      return this;
    }

    /**
     * Sets the key that seals. Required.
     *
     * @param keyId the id of a key added with {@link #key}
     * @return this builder
     * @throws NullPointerException when {@code keyId} is null
     * @throws IllegalArgumentException when the id breaks the key id rule
     */
    public Builder primary(String keyId) {
      this.primary = checkedKeyId(keyId);
      return this;
    }

    /**
     * A ring of the keys added, sealing with the primary. Seeds the ring's random generator, which
     * may read the operating system's entropy source: call it at start-up, off any event loop.
     *
     * @return the ring
     * @throws IllegalStateException when no key was added, no primary was set, or the primary is
     *     not among the keys (the message names it and the ring's ids)
     */
    public KeyRing build() {
      if (keys.isEmpty()) {
        throw new IllegalStateException("key(..) is required: a key ring needs a key");
      }
      String primaryId = primary;
      if (primaryId == null) {
        throw new IllegalStateException("primary(..) is required: which key seals");
      }
      if (!keys.containsKey(primaryId)) {
        throw new IllegalStateException(
            "The primary key "
                + primaryId
                + " is not in the ring (its keys: "
                + keys.keySet()
                + ")");
      }
      Map<String, SecretKeySpec> specs = new TreeMap<>();
      keys.forEach((id, bytes) -> specs.put(id, new SecretKeySpec(bytes, "AES")));
      KeyRing ring =
          new KeyRing(
              Collections.unmodifiableMap(specs),
              primaryId,
              SeededRandom.create(PERSONALIZATION).random());
      // The first Cipher of a JVM loads and verifies its provider, which reads files: here, at
      // start-up, rather than on the event loop of the first sealing.
      ring.open(
          new SealedRecord(
              WARM_UP,
              WARM_UP,
              Optional.empty(),
              Optional.empty(),
              primaryId,
              ring.seal(WARM_UP, WARM_UP, AccessToken.bearer(WARM_UP)),
              Instant.EPOCH,
              Optional.empty(),
              ConnectionStatus.CONNECTED,
              Map.of(),
              0));
      return ring;
    }
  }
}
