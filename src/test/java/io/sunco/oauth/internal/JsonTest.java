package io.sunco.oauth.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  @SuppressWarnings("unchecked")
  void readWhenObjectThenPlainValuesInOrder() throws Exception {
    Object value = Json.read("{\"b\":1,\"a\":[true,null,\"x\"],\"c\":{\"d\":2.5}}".getBytes(UTF_8));

    assertThat(value).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    assertThat(map.keySet()).containsExactly("b", "a", "c");
    assertThat((List<Object>) map.get("a")).containsExactly(Boolean.TRUE, Json.NULL, "x");
    assertThat(Json.NULL).hasToString("null");
  }

  @Test
  void readWhenNestedTooDeepThenMalformed() {
    byte[] deep = ("[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1)).getBytes(UTF_8);

    assertThatThrownBy(() -> Json.read(deep))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessageContaining("nesting");
  }

  @Test
  void readWhenNestedAtLimitThenAccepted() throws Exception {
    byte[] deep = ("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH)).getBytes(UTF_8);

    assertThat(Json.read(deep)).isInstanceOf(List.class);
  }

  @Test
  void readWhenMalformedThenMessageNeverQuotesDocument() {
    assertThatThrownBy(() -> Json.read("{\"access_token\": secret-token-value}".getBytes(UTF_8)))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessageStartingWith("invalid JSON at offset")
        .hasMessageNotContaining("secret");
  }

  @Test
  void readMembersWhenAnyDocumentThenAcceptsAndRejectsExactlyAsRead() throws Exception {
    String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
    List<byte[]> documents =
        new ArrayList<>(
            List.of(
                "{\"access_token\":\"t\",\"token_type\":\"Bearer\"}".getBytes(UTF_8),
                "{\"token_type\":\"bearer\",\"x\":{\"y\":[1,2.5,true,null]},\"access_token\":null}"
                    .getBytes(UTF_8),
                "{\"x\":1}".getBytes(UTF_8),
                "{}".getBytes(UTF_8),
                "[1,{\"access_token\":\"t\"}]".getBytes(UTF_8),
                "\"text\"".getBytes(UTF_8),
                "".getBytes(UTF_8),
                "{\"access_token\":\"t\",\"access_token\":\"u\"}".getBytes(UTF_8),
                "{\"x\":{\"a\":1,\"a\":2}}".getBytes(UTF_8),
                "{\"access_token\":\"t\"} {}".getBytes(UTF_8),
                "{\"access_token\":\"t\"".getBytes(UTF_8),
                "{\"x\":[1,2".getBytes(UTF_8),
                ("{\"x\":" + deep + "}").getBytes(UTF_8),
                ("{\"x\":" + deep.substring(1, deep.length() - 1) + "}").getBytes(UTF_8),
                "{\"access_token\": secret-token-value}".getBytes(UTF_8)));
    documents.add(new byte[] {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, '"', '}'});
    documents.add(new byte[] {'{', '"', 'x', '"', ':', '[', '"', (byte) 0xFF, '"', ']', '}'});
    for (byte[] document : documents) {
      Object whole;
      try {
        whole = Json.read(document);
      } catch (Json.MalformedJsonException e) {
        assertThatThrownBy(() -> Json.readMembers(document, "access_token", "token_type"))
            .isInstanceOf(Json.MalformedJsonException.class)
            .hasMessage(e.getMessage());
        continue;
      }
      Object[] members = Json.readMembers(document, "access_token", "token_type");
      if (whole instanceof Map<?, ?> object) {
        assertThat(members).containsExactly(object.get("access_token"), object.get("token_type"));
      } else {
        assertThat(members).isNull();
      }
    }
  }

  @Test
  void writeObjectWhenPlainAsciiThenTheSameBytesAsJacksonWrites() throws Exception {
    String[][] cases = {
      {},
      {"k", ""},
      {
        "code",
        "658965",
        "grant_type",
        "authorization_code",
        "client_id",
        "5e4af71a81966cfff3ef6550",
        "client_secret",
        "5XJ85yjUtRcaQu_pDINblPZb"
      },
      {"sp ace", " !#$%&'()*+,-./0123456789:;<=>?@AZ[]^_`az{|}~"},
      {"k", "q\"b"},
      {"k", "back\\slash"},
      {"k", "del\u007f"},
      {"k", "tab\t"},
      {"k", "é"},
    };
    ObjectMapper mapper = new ObjectMapper();
    for (String[] namesAndValues : cases) {
      Map<String, String> object = new LinkedHashMap<>();
      for (int i = 0; i < namesAndValues.length; i += 2) {
        object.put(namesAndValues[i], namesAndValues[i + 1]);
      }
      assertThat(Json.writeObject(namesAndValues)).isEqualTo(mapper.writeValueAsBytes(object));
    }
  }

  @Test
  void writeObjectWhenSpecialCharactersThenEscaped() throws Exception {
    byte[] bytes = Json.writeObject("k", "q\"b\\n\u0001", "z", "é");

    assertThat(new String(bytes, UTF_8)).isEqualTo("{\"k\":\"q\\\"b\\\\n\\u0001\",\"z\":\"é\"}");
    assertThat(Json.read(bytes)).isEqualTo(Map.of("k", "q\"b\\n\u0001", "z", "é"));
  }

  /** {@code levels} objects nested in each other: {@code {"a":{"a":{}}}} for 3. */
  private static byte[] nestedObjects(int levels) {
    return ("{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1)).getBytes(UTF_8);
  }

  /** {@code levels} levels in all: a top-level object whose member {@code x} nests the rest. */
  private static byte[] memberNesting(int levels) {
    byte[] inner = nestedObjects(levels - 1);
    return ("{\"x\":" + new String(inner, UTF_8) + "}").getBytes(UTF_8);
  }

  @Test
  void readWhenObjectsNestedAtLimitThenAccepted() throws Exception {
    assertThat(Json.read(nestedObjects(Json.MAX_DEPTH))).isInstanceOf(Map.class);
  }

  @Test
  void readWhenObjectsNestedOneTooDeepThenMalformedAtTheOffsetOfTheDeepestObject() {
    // Every level but the last is the five bytes {"a": so the level at index MAX_DEPTH starts at
    // offset 5 * MAX_DEPTH.
    assertThatThrownBy(() -> Json.read(nestedObjects(Json.MAX_DEPTH + 1)))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessage("nesting deeper than " + Json.MAX_DEPTH + " at offset " + 5 * Json.MAX_DEPTH);
  }

  @Test
  void readMembersWhenSkippedMemberNestsObjectsAtLimitThenAccepted() throws Exception {
    assertThat(Json.readMembers(memberNesting(Json.MAX_DEPTH), "access_token"))
        .containsExactly((Object) null);
  }

  @Test
  void readMembersWhenSkippedMemberNestsObjectsOneTooDeepThenMalformed() {
    byte[] document = memberNesting(Json.MAX_DEPTH + 1);

    assertThatThrownBy(() -> Json.readMembers(document, "access_token"))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessage("nesting deeper than " + Json.MAX_DEPTH + " at offset " + 5 * Json.MAX_DEPTH);
  }

  @Test
  void readMembersWhenKeptMemberNestsObjectsOneTooDeepThenMalformed() {
    byte[] document = memberNesting(Json.MAX_DEPTH + 1);

    assertThatThrownBy(() -> Json.readMembers(document, "x"))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessageStartingWith("nesting deeper than " + Json.MAX_DEPTH);
  }

  @Test
  void readWhenContentAfterTheValueThenMessageGivesItsOffset() {
    assertThatThrownBy(() -> Json.read("{\"a\":\"secret\"} {}".getBytes(UTF_8)))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessage("content after the JSON value at offset 15");
    assertThatThrownBy(() -> Json.readMembers("[\"secret\"]  7".getBytes(UTF_8), "a"))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessage("content after the JSON value at offset 12");
  }

  @Test
  void readWhenTruncatedThenTruncatedAtTheEndWithoutQuotingTheDocument() {
    byte[] document = "{\"access_token\":\"secret\"".getBytes(UTF_8);

    assertThatThrownBy(() -> Json.read(document))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessage("truncated JSON at offset " + document.length);
    assertThatThrownBy(() -> Json.readMembers(document, "access_token"))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessage("truncated JSON at offset " + document.length);
  }

  @Test
  void readWhenDuplicateKeyOrInvalidUtf8ThenSaysWhichWithoutQuotingTheDocument() {
    assertThatThrownBy(() -> Json.read("{\"secret\":1,\"secret\":2}".getBytes(UTF_8)))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessageStartingWith("duplicate key at offset")
        .hasMessageNotContaining("secret");
    assertThatThrownBy(() -> Json.read(new byte[] {'"', 's', (byte) 0xFF, '"'}))
        .isInstanceOf(Json.MalformedJsonException.class)
        .hasMessageStartingWith("invalid UTF-8 at offset");
  }

  /**
   * Strings made only of characters that need escaping or encoding: the fast path must hand each of
   * them to the generator, even when no other character in the object would.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\u0000",
        "\u001f",
        "\t\n",
        "\"",
        "\"\"",
        "\\",
        "\\\\",
        "\u0080",
        "é",
        "€",
        "\ud83d\ude00"
      })
  void writeObjectWhenEveryCharacterNeedsTheGeneratorThenTheSameBytesAsJacksonWrites(String text)
      throws Exception {
    Map<String, String> object = new LinkedHashMap<>();
    object.put(text, text + text);

    byte[] bytes = Json.writeObject(text, text + text);

    assertThat(bytes).isEqualTo(new ObjectMapper().writeValueAsBytes(object));
    assertThat(Json.read(bytes)).isEqualTo(object);
  }
}
