package io.sunco.oauth.redis;

import static io.sunco.oauth.redis.RecordFields.readBytes;
import static io.sunco.oauth.redis.RecordFields.readString;
import static io.sunco.oauth.redis.RecordFields.writeAttributes;
import static io.sunco.oauth.redis.RecordFields.writeString;

import io.sunco.oauth.store.ConnectionStatus;
import io.sunco.oauth.store.SealedRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The bytes kept in Redis for one {@link SealedRecord}. Every record starts with a header that all
 * formats share, because the write and delete scripts read it: a format byte, the revision (8
 * bytes, big-endian, written by the script), the number of attribute sets the record is in (2
 * bytes, unsigned, big-endian) and the 43-character digest of each ({@link RecordKeys}). With it a
 * script removes a record from its attribute sets without knowing its format.
 *
 * <p>Format {@code 1}, the body after the header: the key id, the sealed token (its length, 4
 * bytes, then its bytes), the client id, the app id, the subdomain and the API base URL (each a
 * flag byte, then the string when the flag is 1), connected at (epoch milliseconds, 8 bytes), last
 * verified at (a flag byte, then epoch milliseconds), the status's name, the number of attributes
 * (4 bytes) and each name and value. A string is its UTF-8 length (4 bytes) then its bytes. The key
 * id and the sealed token come first, so that a record's stored state ({@link
 * SealedRecord#sameStoredState}: revision, key id, sealed token) is the header's first 9 bytes and
 * the body's first bytes, which the conditional scripts compare as bytes.
 *
 * <p>The record holds the sealed token as the key ring made it, never a token. This version refuses
 * a format it does not know, naming it, rather than guessing.
 */
final class SealedRecordFormat {

  /** The format byte of records written by this version. */
  static final byte V1 = 1;

  /** Format byte, revision and the number of attribute sets. */
  static final int HEADER_BYTES = 11;

  /** Most attributes a record may have: {@value} (the header counts them in 2 bytes). */
  static final int MAX_ATTRIBUTES = 0xFFFF;

  private SealedRecordFormat() {}

  /**
   * The record as stored, with its revision field set to {@code record.revision()} (the scripts
   * replace it) and {@code attributeDigests} in the header.
   */
  static byte[] encode(SealedRecord record, List<byte[]> attributeDigests) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(V1);
      out.writeLong(record.revision());
      out.writeShort(attributeDigests.size());
      for (byte[] digest : attributeDigests) {
        out.write(digest);
      }
      writeIdentity(out, record);
      writeString(out, record.clientId());
      writeString(out, record.appId());
      writeOptional(out, record.subdomain().orElse(null));
      writeOptional(out, record.apiBaseUrl().map(URI::toString).orElse(null));
      out.writeLong(record.connectedAt().toEpochMilli());
      Instant verified = record.lastVerifiedAt().orElse(null);
      out.writeBoolean(verified != null);
      if (verified != null) {
        out.writeLong(verified.toEpochMilli());
      }
      writeString(out, record.status().name());
      writeAttributes(out, record.attributes());
    } catch (IOException e) {
      // A ByteArrayOutputStream does not fail.
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** The first 9 bytes of {@code seen} as stored: the format byte and the revision. */
  static byte[] storedHead(SealedRecord seen) {
    return ByteBuffer.allocate(9).put(V1).putLong(seen.revision()).array();
  }

  /** The first bytes of the body of {@code seen} as stored: its key id and sealed token. */
  static byte[] storedIdentity(SealedRecord seen) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeIdentity(out, seen);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeIdentity(DataOutputStream out, SealedRecord record) throws IOException {
    writeString(out, record.keyId());
    byte[] sealed = record.sealedToken();
    out.writeInt(sealed.length);
    out.write(sealed);
  }

  /**
   * The record stored as {@code stored}.
   *
   * @throws IllegalStateException when it is of another format, or not a record of this format
   */
  static SealedRecord decode(byte[] stored) {
    if (stored.length == 0 || stored[0] != V1) {
      throw new IllegalStateException(
          "The stored connected app is in a format this version cannot read"
              + (stored.length == 0 ? "" : " (format " + (stored[0] & 0xFF) + ")"));
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
      in.readByte();
      long revision = in.readLong();
      int sets = in.readUnsignedShort();
      if (in.skipBytes(sets * RecordKeys.DIGEST_CHARS) != sets * RecordKeys.DIGEST_CHARS) {
        throw unreadable(null);
      }
      String keyId = readString(in);
      byte[] sealed = readBytes(in);
      String clientId = readString(in);
      String appId = readString(in);
      Optional<String> subdomain = Optional.ofNullable(readOptional(in));
      Optional<URI> apiBaseUrl = Optional.ofNullable(readOptional(in)).map(URI::create);
      Instant connectedAt = Instant.ofEpochMilli(in.readLong());
      Optional<Instant> lastVerifiedAt =
          in.readBoolean() ? Optional.of(Instant.ofEpochMilli(in.readLong())) : Optional.empty();
      ConnectionStatus status = ConnectionStatus.valueOf(readString(in));
      int count = in.readInt();
      if (count < 0 || count > in.available() / 8) {
        throw unreadable(null);
      }
      Map<String, String> attributes = new HashMap<>();
      for (int i = 0; i < count; i++) {
        attributes.put(readString(in), readString(in));
      }
      if (in.available() != 0 || attributes.size() != count) {
        throw unreadable(null);
      }
      return new SealedRecord(
          clientId,
          appId,
          subdomain,
          apiBaseUrl,
          keyId,
          sealed,
          connectedAt,
          lastVerifiedAt,
          status,
          attributes,
          revision);
    } catch (IOException | RuntimeException e) {
      // Truncated, a bad length, an unknown status, a blank id, a negative revision...
      throw e instanceof IllegalStateException ise ? ise : unreadable(e);
    }
  }

  private static void writeOptional(DataOutputStream out, @Nullable String value)
      throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      writeString(out, value);
    }
  }

  private static @Nullable String readOptional(DataInputStream in) throws IOException {
    return in.readBoolean() ? readString(in) : null;
  }

  private static IllegalStateException unreadable(@Nullable Exception cause) {
    return new IllegalStateException(
        "The stored connected app cannot be read: it was not written by this library", cause);
  }
}
