package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\n", "\r", "\t", "\u0000", "\u001b", "\u007f", "\u0085", "\u200b", "\u202e", "\u2028",
        "\u2029", "\ufeff", "\ud800", "\udc00", "\ue000"
      })
  void sanitizeWhenUnsafeCharacterThenDropsIt(String unsafe) {
    assertThat(Text.sanitize("a" + unsafe + "b", 200)).isEqualTo("ab");
  }

  @Test
  void sanitizeWhenPrintableUnicodeThenKeepsIt() {
    assertThat(Text.sanitize("Accès refusé \u2713 \uD83D\uDD11 \u4e2d", 200))
        .isEqualTo("Accès refusé \u2713 \uD83D\uDD11 \u4e2d");
  }

  @Test
  void sanitizeWhenAtTheCapThenKeepsAllAndWhenOverThenEndsWithEllipsis() {
    assertThat(Text.sanitize("x".repeat(200), 200)).isEqualTo("x".repeat(200));
    assertThat(Text.sanitize("x".repeat(201), 200)).hasSize(200).endsWith("x...");
    // Dropped characters do not count towards the cap.
    assertThat(Text.sanitize("\n".repeat(500) + "x".repeat(200), 200)).isEqualTo("x".repeat(200));
  }

  @Test
  void sanitizeWhenCutFallsInsideSurrogatePairThenDropsTheWholePair() {
    String text = "x".repeat(196) + "\uD83D\uDD11" + "y".repeat(10);

    String sanitized = Text.sanitize(text, 200);

    assertThat(sanitized).isEqualTo("x".repeat(196) + "...");
  }

  @Test
  void sanitizeWhenHugeInputThenStopsEarly() {
    assertThat(Text.sanitize("z".repeat(5_000_000), 200)).hasSize(200);
  }
}
