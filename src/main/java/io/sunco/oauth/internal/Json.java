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
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new MalformedJsonException("empty document");
      }
      Object value = readValue(parser, first, 0);
      if (parser.nextToken() != null) {
        throw new MalformedJsonException(
            "content after the JSON value at offset " + offset(parser));
      }
      return value;
    } catch (JsonProcessingException e) {
      // Jackson's own message may quote the document; report only what kind of error and where.
      throw new MalformedJsonException(
          describe(e) + " at offset " + e.getLocation().getByteOffset());
    } catch (IOException e) {
      throw new MalformedJsonException("unreadable document");
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
    String original = e.getOriginalMessage();
    if (original == null) {
      return "invalid JSON";
    }
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
}
