package io.sunco.oauth.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
  void writeObjectWhenSpecialCharactersThenEscaped() throws Exception {
    byte[] bytes = Json.writeObject("k", "q\"b\\n\u0001", "z", "é");

    assertThat(new String(bytes, UTF_8)).isEqualTo("{\"k\":\"q\\\"b\\\\n\\u0001\",\"z\":\"é\"}");
    assertThat(Json.read(bytes)).isEqualTo(Map.of("k", "q\"b\\n\u0001", "z", "é"));
  }
}
