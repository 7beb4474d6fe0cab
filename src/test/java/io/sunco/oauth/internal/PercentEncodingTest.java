package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentEncodingTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "Yk2xHq0sG1bW4n8pR7tV3uZ6cE9fJ5mA2dL0oQ1iS4w", "A-Z.a_z~09"})
  void encodeWhenNothingToEscapeThenTheSameString(String value) {
    assertThat(PercentEncoding.encode(value)).isSameAs(value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://bot.example.com/oauth/callback?x=1&y=2",
        "a b+c%d",
        "tilde~ and \"quotes\"",
        "é",
        "caf\u00e9 \u20ac \ud83d\ude00",
        "lone \ud83d surrogate",
        "mixed/ascii then \u00fc"
      })
  void encodeWhenEscapesThenSameAsAppend(String value) {
    assertThat(PercentEncoding.encode(value))
        .isEqualTo(PercentEncoding.append(new StringBuilder(), value).toString())
        .doesNotContain(" ", "/", "+", "\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://bot.example.com/cb", " ", "/?#[]@!$&'()*+,;="})
  void appendWhenAsciiThenUpperCaseHexOfEveryReservedCharacter(String value) {
    StringBuilder expected = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (PercentEncoding.isUnreserved(c)) {
        expected.append(c);
      } else {
        expected.append('%').append(String.format("%02X", (int) c));
      }
    }
    assertThat(PercentEncoding.append(new StringBuilder(), value).toString())
        .isEqualTo(expected.toString());
  }
}
