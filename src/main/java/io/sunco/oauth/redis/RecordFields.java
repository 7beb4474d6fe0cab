package io.sunco.oauth.redis;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The one home of how the Redis backends write and read the fields of a stored value: a string as
 * its UTF-8 length (an {@code int}) and bytes, attributes as their count and key–value strings.
 */
final class RecordFields {

  private RecordFields() {}

  /** Writes {@code value} as its UTF-8 length and bytes. */
  static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  /** Writes the count of {@code attributes}, then each key and value as {@link #writeString}. */
  static void writeAttributes(DataOutputStream out, Map<String, String> attributes)
      throws IOException {
    out.writeInt(attributes.size());
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      writeString(out, attribute.getKey());
      writeString(out, attribute.getValue());
    }
  }

  /**
   * Reads bytes written with their length first.
   *
   * @throws IOException when the length is negative or longer than what is left
   */
  static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("length out of range");
    }
    return in.readNBytes(length);
  }

  /** Reads a string written by {@link #writeString}. */
  static String readString(DataInputStream in) throws IOException {
    return new String(readBytes(in), StandardCharsets.UTF_8);
  }
}
