package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "+a|%2Ba",
        "&x|%26x",
        "' '|%20",
        "'a  '|a%20%20",
        "/?#[]@!$&()*+,;=|%2F%3F%23%5B%5D%40%21%24%26%28%29%2A%2B%2C%3B%3D",
        "a b|a%20b",
        "\u007f|%7F",
        "\u0080|%C2%80",
        "a\u0080|a%C2%80",
        "é|%C3%A9",
        "üa-b|%C3%BCa-b",
        "x/ü.~_Z9|x%2F%C3%BC.~_Z9",
        "€|%E2%82%AC",
        "\ud83d\ude00|%F0%9F%98%80"
      })
  void encodeWhenEscapesThenUtf8BytesInUpperCaseHexAndUnreservedKept(String value, String encoded) {
    assertThat(PercentEncoding.encode(value)).isEqualTo(encoded);
    assertThat(PercentEncoding.append(new StringBuilder("q="), value).toString())
        .isEqualTo("q=" + encoded);
  }

  @Test
  void appendWhenEmptyThenAppendsNothing() {
    assertThat(PercentEncoding.append(new StringBuilder("q="), "").toString()).isEqualTo("q=");
  }
}
