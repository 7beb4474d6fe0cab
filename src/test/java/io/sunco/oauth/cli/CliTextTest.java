package io.sunco.oauth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class CliTextTest {

  @ParameterizedTest
  @CsvSource({
    "PT5M, 300000",
    "pt1m30s, 90000",
    "90s, 90000",
    "5m, 300000",
    "1h, 3600000",
    "500ms, 500",
    "3s, 3000",
    "1m, 60000",
    "PT0.5S, 500",
    " 2M , 120000",
  })
  void parseWhenValidThenDuration(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5", "5 m", "banana", "0s", "PT0S", "-PT1M", "5d", "1.5m"})
  void parseWhenInvalidThenTypeConversionException(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(TypeConversionException.class);
  }

  @Test
  void formatWhenDurationThenShortForm() {
    assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(Durations.format(Duration.ofMillis(300))).isEqualTo("300ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void maskWhenLongValueThenSixCharactersAndEllipsis() {
    assertThat(Mask.mask("eyJhbGciOiJIUzI1NiJ9.payload.signature"))
        .isEqualTo("eyJhbG" + Mask.ELLIPSIS);
  }

  @Test
  void maskWhenShortValueThenAtMostAQuarterShown() {
    assertThat(Mask.mask("658965")).isEqualTo("6" + Mask.ELLIPSIS);
    assertThat(Mask.mask("abc")).isEqualTo(Mask.ELLIPSIS);
    assertThat(Mask.mask("")).isEqualTo(Mask.ELLIPSIS);
  }

  @Test
  void queryValuesWhenNamedParametersThenOnlyTheirValuesMasked() {
    String uri =
        "http://127.0.0.1:8090/callback?code=abcdefghijklmnopqrstuvwxyz&x=1&state=ABCDEFGHIJKLMNOPQRSTUVWXYZ#f";

    assertThat(Mask.queryValues(uri, Set.of("code", "state")))
        .isEqualTo(
            "http://127.0.0.1:8090/callback?code=abcdef"
                + Mask.ELLIPSIS
                + "&x=1&state=ABCDEF"
                + Mask.ELLIPSIS
                + "#f");
    assertThat(Mask.queryValues("http://h/p", Set.of("code"))).isEqualTo("http://h/p");
  }

  @Test
  void jsonLineWhenServerTextThenEscapedOnOneLine() {
    String json =
        new JsonLine()
            .put("s", "a\"b\\c\n\u0001\u2028")
            .put("n", 3)
            .put("b", true)
            .put("none", null)
            .put("list", java.util.List.of("x", "y"))
            .toString();

    assertThat(json)
        .isEqualTo(
            "{\"s\":\"a\\\"b\\\\c\\n\\u0001\\u2028\",\"n\":3,\"b\":true,\"none\":null,"
                + "\"list\":[\"x\",\"y\"]}");
  }
}
