package io.sunco.oauth.emulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The emulator's JSON: one {@link ObjectMapper}, configured once, never leaving this package. */
final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  /** {@code {"errors":[{"code":code,"title":title}]}}, the v2 error body. */
  static String errorBody(String code, String title) {
    Map<String, String> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("title", title);
    return write(Map.of("errors", List.of(error)));
  }

  /**
   * Reads a JSON object and the string members named in {@code names}; other members are ignored,
   * whatever their type.
   *
   * @return the named members that are present and not {@code null}, or empty when the text is not
   *     one JSON object, or a named member is neither a string nor {@code null}
   */
  static Optional<Map<String, String>> readStringMembers(String text, Set<String> names) {
    Optional<JsonNode> object = readObject(text);
    if (object.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> members = new LinkedHashMap<>();
    for (String name : names) {
      JsonNode value = object.get().get(name);
      if (value == null || value.isNull()) {
        continue;
      }
      if (!value.isTextual()) {
        return Optional.empty();
      }
      members.put(name, value.textValue());
    }
    return Optional.of(members);
  }

  /**
   * Reads a JSON object (duplicate member names refused).
   *
   * @return the object, or empty when the text is not one
   */
  static Optional<JsonNode> readObject(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
  }
}
