package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule for untrusted text: {@link UntrustedText}. */
class UntrustedTextTest {

  @Nested
  class Characters {

    @ParameterizedTest
    @ValueSource(strings = {"\u200b", "\u202e", "\ufeff", "\ud800", "\udc00", "\ue000", "\u0378"})
    void cleanWhenFormatSurrogateUnassignedOrPrivateUseThenDropped(String unsafe) {
      assertThat(UntrustedText.clean("a" + unsafe + "b")).isEqualTo("ab");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"\n", "\r", "\t", "\u0000", "\u001b", "\u007f", "\u0085", "\u2028", "\u2029"})
    void cleanWhenControlOrSeparatorThenOneSpace(String unsafe) {
      assertThat(UntrustedText.clean("a" + unsafe + unsafe + "b")).isEqualTo("a b");
    }

    @Test
    void cleanWhenEscapeSequenceThenNoEscapeCharacterLeft() {
      assertThat(UntrustedText.clean("\u001b[31mred\u001b[0m")).isEqualTo("[31mred [0m");
    }

    @Test
    void cleanWhenPrintableUnicodeThenKept() {
      assertThat(UntrustedText.clean("Accès refusé \u2713 \uD83D\uDD11 \u4e2d"))
          .isEqualTo("Accès refusé \u2713 \uD83D\uDD11 \u4e2d");
    }

    @Test
    void cleanWhenSpacesAroundThenTrimmed() {
      assertThat(UntrustedText.clean("\r\n  a  b \n")).isEqualTo("a b");
      assertThat(UntrustedText.clean("\r\n\u202e ")).isEmpty();
    }
  }

  @Nested
  class Length {

    @Test
    void cleanWhenExactlyTheCapThenKeptWhole() {
      assertThat(UntrustedText.clean("x".repeat(200))).isEqualTo("x".repeat(200));
    }

    @Test
    void cleanWhenOneOverTheCapThenCutToTheCapWithOneEllipsis() {
      assertThat(UntrustedText.clean("x".repeat(201)))
          .hasSize(200)
          .isEqualTo("x".repeat(199) + UntrustedText.ELLIPSIS);
    }

    @Test
    void cleanWhenDroppedCharactersThenTheyDoNotCount() {
      assertThat(UntrustedText.clean("\u200b".repeat(500) + "x".repeat(200)))
          .isEqualTo("x".repeat(200));
    }

    @Test
    void cleanWhenCutFallsInsideSurrogatePairThenPairDroppedWhole() {
      String text = "x".repeat(198) + "\uD83D\uDD11" + "y".repeat(10);

      assertThat(UntrustedText.clean(text)).isEqualTo("x".repeat(198) + UntrustedText.ELLIPSIS);
    }

    @Test
    void cleanWhenSurrogatePairsWithinTheCapThenKept() {
      String emoji = "\uD83D\uDE00";
      String text = emoji + " spent " + emoji + "d".repeat(200 - 11);

      assertThat(text).hasSize(200);
      assertThat(UntrustedText.clean(text)).isEqualTo(text);
    }

    @Test
    void cleanWhenOtherCapThenThatCap() {
      assertThat(UntrustedText.clean("abcdef", 4)).isEqualTo("abc" + UntrustedText.ELLIPSIS);
      assertThat(UntrustedText.clean("abcd", 4)).isEqualTo("abcd");
    }

    @Test
    void cleanWhenHugeInputThenCapped() {
      assertThat(UntrustedText.clean("z".repeat(5_000_000))).hasSize(200);
    }

    @Test
    void cleanWhenBadArgumentsThenRefused() {
      assertThatThrownBy(() -> UntrustedText.clean(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> UntrustedText.clean("a", 1))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cleanWhenTheSmallestCapThenOneCharacterAndTheEllipsis() {
      assertThat(UntrustedText.clean("ab", 2)).isEqualTo("ab");
      assertThat(UntrustedText.clean("abc", 2)).isEqualTo("a" + UntrustedText.ELLIPSIS);
    }
  }
}
