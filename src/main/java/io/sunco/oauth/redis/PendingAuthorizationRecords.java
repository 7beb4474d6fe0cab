package io.sunco.oauth.redis;

import static io.sunco.oauth.redis.RecordFields.readString;
import static io.sunco.oauth.redis.RecordFields.writeAttributes;
import static io.sunco.oauth.redis.RecordFields.writeString;

import io.sunco.oauth.callback.PendingAuthorization;
import io.sunco.oauth.callback.StateGenerator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The bytes kept in Redis for one pending state. Every record starts with a 5-byte header that all
 * formats share, because the consume script reads it: a format byte, then the retention in
 * milliseconds (unsigned, big-endian, 4 bytes), the part of the key's lifetime that follows the
 * state's expiry.
 *
 * <ul>
 *   <li>Format {@code 0}, spent: the header alone. A consumed or expired state.
 *   <li>Format {@code 1}, live: the header, a 12-byte AES-GCM nonce, then the {@link
 *       PendingAuthorization} encrypted with AES-256-GCM (16-byte tag, the header as additional
 *       data) under {@code SHA-256("io.sunco.oauth.redis/state/v1/enc" || 0 || UTF-8(state))}. The
 *       plaintext is the creation time (epoch seconds, 8 bytes; nanoseconds, 4 bytes), the browser
 *       binding, a redirect-URI flag byte and the URI when the flag is 1, the number of attributes
 *       (4 bytes) and each key and value; every string is its UTF-8 length (4 bytes) then its
 *       bytes.
 * </ul>
 *
 * <p>The key that opens a record is derived from the state, which Redis never sees (its key holds
 * another digest of it), so a copy of Redis (a replica, a backup, {@code MONITOR}) reveals no
 * binding, redirect URI or attribute. A later format gets a new format byte; this version refuses a
 * format it does not know rather than guessing.
 */
final class PendingAuthorizationRecords {

  /** The format byte of a spent record. */
  static final byte SPENT = 0;

  /** The format byte of a live record written by this version. */
  static final byte LIVE_V1 = 1;

  /** Format byte and retention. */
  static final int HEADER_BYTES = 5;

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String CIPHER = "AES/GCM/NoPadding";
  private static final byte[] ENCRYPTION_DOMAIN =
      "io.sunco.oauth.redis/state/v1/enc\0".getBytes(StandardCharsets.US_ASCII);

  private final StateGenerator random;

  private PendingAuthorizationRecords(StateGenerator random) {
    this.random = random;
  }

  /**
   * Records whose nonces come from a fresh {@link StateGenerator}. Seeds it and runs the cipher
   * once, so that no provider lookup or seeding happens later on an event loop: call at start-up.
   */
  static PendingAuthorizationRecords create() {
    PendingAuthorizationRecords records = new PendingAuthorizationRecords(StateGenerator.create());
    String probe = "probe";
    records.open(
        probe, records.seal(probe, PendingAuthorization.of(probe, Instant.EPOCH), Duration.ZERO));
    return records;
  }

  /** The live record of {@code data}, sealed under a key derived from {@code state}. */
  byte[] seal(String state, PendingAuthorization data, Duration retention) {
    byte[] header = header(LIVE_V1, retention);
    byte[] nonce = Arrays.copyOf(Base64.getUrlDecoder().decode(random.next()), NONCE_BYTES);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, state, header, nonce, plaintext(data));
    return ByteBuffer.allocate(HEADER_BYTES + NONCE_BYTES + sealed.length)
        .put(header)
        .put(nonce)
        .put(sealed)
        .array();
  }

  /**
   * The data of a live record.
   *
   * @throws IllegalStateException when the record is of another format or does not open under
   *     {@code state} (not written by this library for this state)
   */
  PendingAuthorization open(String state, byte[] record) {
    if (record.length < HEADER_BYTES || record[0] != LIVE_V1) {
      throw new IllegalStateException(
          "The stored state is in a format this version cannot read"
              + (record.length == 0 ? "" : " (format " + (record[0] & 0xFF) + ")"));
    }
    if (record.length < HEADER_BYTES + NONCE_BYTES + TAG_BITS / 8) {
      throw unreadable(null);
    }
    byte[] header = Arrays.copyOf(record, HEADER_BYTES);
    byte[] nonce = Arrays.copyOfRange(record, HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
    byte[] sealed = Arrays.copyOfRange(record, HEADER_BYTES + NONCE_BYTES, record.length);
    return data(crypt(Cipher.DECRYPT_MODE, state, header, nonce, sealed));
  }

  private static byte[] header(byte format, Duration retention) {
    return ByteBuffer.allocate(HEADER_BYTES)
        .put(format)
        .putInt(Math.toIntExact(retention.toMillis()))
        .array();
  }

  private static byte[] crypt(int mode, String state, byte[] header, byte[] nonce, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance(CIPHER);
      cipher.init(
          mode,
          new SecretKeySpec(RedisKeys.sha256(ENCRYPTION_DOMAIN, state), "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(header);
      return cipher.doFinal(input);
    } catch (javax.crypto.AEADBadTagException e) {
      throw unreadable(e);
    } catch (GeneralSecurityException e) {
      // Every Java SE implementation must provide AES/GCM/NoPadding.
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private static byte[] plaintext(PendingAuthorization data) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(data.createdAt().getEpochSecond());
      out.writeInt(data.createdAt().getNano());
      writeString(out, data.browserBinding());
      URI redirectUri = data.redirectUri().orElse(null);
      out.writeBoolean(redirectUri != null);
      if (redirectUri != null) {
        writeString(out, redirectUri.toString());
      }
      writeAttributes(out, data.attributes());
    } catch (IOException e) {
      // A ByteArrayOutputStream does not fail.
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static PendingAuthorization data(byte[] plaintext) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plaintext))) {
      Instant createdAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
      PendingAuthorization data = PendingAuthorization.of(readString(in), createdAt);
      if (in.readBoolean()) {
        data = data.withRedirectUri(URI.create(readString(in)));
      }
      int attributes = in.readInt();
      for (int i = 0; i < attributes; i++) {
        data = data.withAttribute(readString(in), readString(in));
      }
      if (in.available() != 0) {
        throw unreadable(null);
      }
      return data;
    } catch (IOException | RuntimeException e) {
      // Authenticated, so written by this library: only a bug or a foreign writer gets here.
      throw e instanceof IllegalStateException ise ? ise : unreadable(e);
    }
  }

  private static IllegalStateException unreadable(@Nullable Exception cause) {
    return new IllegalStateException(
        "The stored state cannot be read: it was not written by this library for this state",
        cause);
  }
}
