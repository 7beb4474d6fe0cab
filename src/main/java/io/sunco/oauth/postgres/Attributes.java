package io.sunco.oauth.postgres;

import io.sunco.oauth.internal.Json;
import java.util.Map;
import java.util.TreeMap;

/**
 * A record's attributes as the {@code attributes} column holds them: a flat JSON object of strings,
 * written and read with the library's JSON codec.
 */
final class Attributes {

  private Attributes() {}

  /** The attributes as the UTF-8 bytes of a JSON object, names in order. */
  static byte[] encode(Map<String, String> attributes) {
    String[] namesAndValues = new String[attributes.size() * 2];
    int i = 0;
    for (Map.Entry<String, String> attribute : new TreeMap<>(attributes).entrySet()) {
      namesAndValues[i++] = attribute.getKey();
      namesAndValues[i++] = attribute.getValue();
    }
    return Json.writeObject(namesAndValues);
  }

  /**
   * Reads the column back.
   *
   * @throws IllegalStateException when it is not a JSON object of strings (the message names no
   *     value)
   */
  static Map<String, String> decode(byte[] json) {
    Object document;
    try {
      document = Json.read(json);
    } catch (Json.MalformedJsonException e) {
      throw new IllegalStateException("the attributes column is not JSON: " + e.getMessage());
    }
    if (!(document instanceof Map<?, ?> object)) {
      throw new IllegalStateException("the attributes column is not a JSON object");
    }
    Map<String, String> attributes = new TreeMap<>();
    for (Map.Entry<?, ?> member : object.entrySet()) {
      if (!(member.getValue() instanceof String value)) {
        throw new IllegalStateException("an attribute of the attributes column is not a string");
      }
      attributes.put((String) member.getKey(), value);
    }
    return attributes;
  }
}
