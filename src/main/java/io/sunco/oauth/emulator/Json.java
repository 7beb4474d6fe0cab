package io.sunco.oauth.emulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The emulator's JSON: one {@link ObjectMapper}, configured once, never leaving this package. */
final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

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
   * Reads a JSON object whose members are all strings (or null, taken as absent).
   *
   * @return the members, or empty when the text is not such an object
   */
  static Optional<Map<String, String>> readStringObject(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    if (node == null || !node.isObject()) {
      return Optional.empty();
    }
    Map<String, String> members = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> member : node.properties()) {
      JsonNode value = member.getValue();
      if (value.isTextual()) {
        members.put(member.getKey(), value.textValue());
      } else if (!value.isNull()) {
        return Optional.empty();
      }
    }
    return Optional.of(members);
  }
}
