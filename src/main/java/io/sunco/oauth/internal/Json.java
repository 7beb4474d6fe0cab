package io.sunco.oauth.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The JSON codec: strict reading of small documents into plain Java values, and writing of flat
 * string objects. Built on Jackson's streaming parser alone, so there is no data binding, no
 * coercion of numbers or booleans into strings, and no Jackson type leaves this package.
 *
 * <p>Reading is strict: one JSON value and nothing after it, duplicate keys rejected, invalid UTF-8
 * rejected, nesting capped. A failure is reported as {@link MalformedJsonException}, whose message
 * names the problem and a position but never quotes the document (a token could be in it).
 */
public final class Json {

  /** The deepest nesting of arrays and objects that {@link #read(byte[])} accepts. */
  public static final int MAX_DEPTH = 32;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private Json() {}

  /** A document that is not the strict JSON this codec reads. */
  public static final class MalformedJsonException extends Exception {
    private MalformedJsonException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads one JSON document into plain values: {@code Map<String, Object>} (in document order),
   * {@code List<Object>}, {@code String}, {@code Number}, {@code Boolean} and the {@link #NULL}
   * marker.
   *
   * @param document the UTF-8 bytes of the document
   * @return the value
   * @throws MalformedJsonException if the bytes are not exactly one strict JSON value
   */
  public static Object read(byte[] document) throws MalformedJsonException {
    try (JsonParser parser = FACTORY.createParser(document)) {
      Object value = readValue(parser, firstToken(parser), 0);
      requireEnd(parser);
      return value;
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /**
   * Reads one JSON document as strictly as {@link #read(byte[])}, but keeps only the named members
   * of a top-level object: for an answer of which a few members matter, without the map of the
   * whole document.
   *
   * @param document the UTF-8 bytes of the document
   * @param names the member names to keep
   * @return the values of the named members, in the order of {@code names}, as {@link
   *     #read(byte[])} gives them ({@code null} where a member is absent); or {@code null} when the
   *     document is valid but not an object
   * @throws MalformedJsonException if the bytes are not exactly one strict JSON value
   */
  public static @Nullable Object @Nullable [] readMembers(byte[] document, String... names)
      throws MalformedJsonException {
    try (JsonParser parser = FACTORY.createParser(document)) {
      JsonToken first = firstToken(parser);
      @Nullable Object[] values = null;
      if (first == JsonToken.START_OBJECT) {
        values = new Object[names.length];
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          JsonToken token = parser.nextToken();
          int index = indexOf(names, name);
          if (index >= 0) {
            values[index] = readValue(parser, token, 1);
          } else {
            skipValue(parser, token, 1);
          }
        }
      } else {
        skipValue(parser, first, 0);
      }
      requireEnd(parser);
      return values;
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  /** The first token of a document, which must not be empty. */
  private static JsonToken firstToken(JsonParser parser)
      throws IOException, MalformedJsonException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw new MalformedJsonException("empty document");
    }
    return first;
  }

  /** Requires the document to end after its one value. */
  private static void requireEnd(JsonParser parser) throws IOException, MalformedJsonException {
    if (parser.nextToken() != null) {
      throw new MalformedJsonException("content after the JSON value at offset " + offset(parser));
    }
  }

  /** A read failure; Jackson's own message may quote the document, so only its kind and place. */
  private static MalformedJsonException malformed(IOException e) {
    if (e instanceof JsonProcessingException invalid) {
      return new MalformedJsonException(
          describe(invalid) + " at offset " + invalid.getLocation().getByteOffset());
    }
    return new MalformedJsonException("unreadable document");
  }

  private static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Checks a value exactly as {@link #readValue} does, keeping no array or object. */
  private static void skipValue(JsonParser parser, JsonToken token, int depth)
      throws IOException, MalformedJsonException {
    if (token == JsonToken.START_OBJECT) {
      checkDepth(parser, depth);
      for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
        skipValue(parser, parser.nextToken(), depth + 1);
      }
    } else if (token == JsonToken.START_ARRAY) {
      checkDepth(parser, depth);
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        skipValue(parser, t, depth + 1);
      }
    } else {
      readValue(parser, token, depth);
    }
  }

  /** The JSON {@code null}, kept apart from an absent key. */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private static Object readValue(JsonParser parser, JsonToken token, int depth)
      throws IOException, MalformedJsonException {
    switch (token) {
      case START_OBJECT -> {
        checkDepth(parser, depth);
        Map<String, Object> object = new LinkedHashMap<>(8);
        for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
          object.put(name, readValue(parser, parser.nextToken(), depth + 1));
        }
        return object;
      }
      case START_ARRAY -> {
        checkDepth(parser, depth);
        List<Object> array = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(readValue(parser, t, depth + 1));
        }
        return array;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return parser.getNumberValue();
      }
      case VALUE_TRUE -> {
        return true;
      }
      case VALUE_FALSE -> {
        return false;
      }
      case VALUE_NULL -> {
        return NULL;
      }
      default -> throw new MalformedJsonException("unexpected token at offset " + offset(parser));
    }
  }

  private static void checkDepth(JsonParser parser, int depth) throws MalformedJsonException {
    if (depth >= MAX_DEPTH) {
      throw new MalformedJsonException(
          "nesting deeper than " + MAX_DEPTH + " at offset " + offset(parser));
    }
  }

  private static long offset(JsonParser parser) {
    return parser.currentTokenLocation().getByteOffset();
  }

  private static String describe(JsonProcessingException e) {
    String original = Objects.requireNonNullElse(e.getOriginalMessage(), "");
    if (original.startsWith("Duplicate field")) {
      return "duplicate key";
    }
    if (original.contains("UTF-8") || original.contains("UTF8")) {
      return "invalid UTF-8";
    }
    if (original.startsWith("Unexpected end-of-input")) {
      return "truncated JSON";
    }
    return "invalid JSON";
  }

  /**
   * Writes a flat JSON object of string members, in the order given.
   *
   * @param namesAndValues name, value, name, value ...
   * @return the UTF-8 bytes of the object
   */
  public static byte[] writeObject(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    byte[] plain = writePlainObject(namesAndValues);
    if (plain != null) {
      return plain;
    }
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(256);
        JsonGenerator generator = FACTORY.createGenerator(bytes)) {
      generator.writeStartObject();
      for (int i = 0; i < namesAndValues.length; i += 2) {
        generator.writeStringField(namesAndValues[i], namesAndValues[i + 1]);
      }
      generator.writeEndObject();
      generator.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The common case of {@link #writeObject}, written straight into an array of the exact size: when
   * every name and value is printable ASCII without a quote or a backslash, nothing needs escaping
   * or encoding, and the bytes are those the generator would write.
   *
   * @return the object's bytes, or {@code null} when some string needs the generator
   */
  private static byte @Nullable [] writePlainObject(String[] namesAndValues) {
    int size = namesAndValues.length == 0 ? 2 : 1 + namesAndValues.length / 2 * 6;
    for (String text : namesAndValues) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
          return null;
        }
      }
      size += text.length();
    }
    byte[] bytes = new byte[size];
    int at = 0;
    bytes[at++] = '{';
    for (int i = 0; i < namesAndValues.length; i++) {
      if (i > 0) {
        bytes[at++] = (byte) (i % 2 == 0 ? ',' : ':');
      }
      bytes[at++] = '"';
      String text = namesAndValues[i];
      for (int j = 0; j < text.length(); j++) {
        bytes[at++] = (byte) text.charAt(j);
      }
      bytes[at++] = '"';
    }
    bytes[at] = '}';
    return bytes;
  }
}
