package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one home of each character range: {@link CharClass}, checked at every edge. */
class CharClassTest {

  /** The characters of the class among U+0000 to U+00FF, as a string. */
  private static String members(CharClass charClass) {
    StringBuilder members = new StringBuilder();
    for (char c = 0; c < 0x100; c++) {
      if (charClass.contains(c)) {
        members.append(c);
      }
    }
    return members.toString();
  }

  private static String range(char from, char to) {
    StringBuilder range = new StringBuilder();
    for (char c = from; c <= to; c++) {
      range.append(c);
    }
    return range.toString();
  }

  private static String sorted(String chars) {
    return chars
        .chars()
        .sorted()
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }

  private static final String ALNUM = range('0', '9') + range('A', 'Z') + range('a', 'z');

  @Test
  void containsWhenEachClassThenExactlyItsRangeInTheFirst256Characters() {
    assertThat(members(CharClass.VISIBLE_ASCII)).isEqualTo(range('!', '~'));
    assertThat(members(CharClass.PRINTABLE_ASCII)).isEqualTo(range(' ', '~'));
    assertThat(members(CharClass.FIELD_VALUE)).isEqualTo("\t" + range(' ', '~'));
    assertThat(members(CharClass.TOKEN)).isEqualTo(sorted(ALNUM + "!#$%&'*+-.^_`|~"));
    assertThat(members(CharClass.UNRESERVED)).isEqualTo(sorted(ALNUM + "-._~"));
    assertThat(members(CharClass.NOT_CONTROL))
        .isEqualTo(range(' ', '~') + range('\u00a0', '\u00ff'));
  }

  @Test
  void containsWhenBeyondLatin1ThenOnlyNotControlAcceptsIt() {
    for (CharClass charClass : CharClass.values()) {
      assertThat(charClass.contains('\u00e9') || charClass.contains('\u4e2d'))
          .as(charClass.name())
          .isEqualTo(charClass == CharClass.NOT_CONTROL);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "VISIBLE_ASCII,abc def,3",
    "PRINTABLE_ASCII,abc def,-1",
    "TOKEN,a=b,1",
    "UNRESERVED,a/b,1"
  })
  void firstOutsideWhenTextGivenThenIndexOfFirstStranger(CharClass charClass, String text, int at) {
    assertThat(charClass.firstOutside(text)).isEqualTo(at);
    assertThat(charClass.containsAll(text)).isEqualTo(at < 0);
  }

  @Test
  void containsAllWhenEmptyThenTrueAndWhenNullThenNullPointerException() {
    assertThat(CharClass.TOKEN.containsAll("")).isTrue();
    assertThatThrownBy(() -> CharClass.TOKEN.firstOutside(null))
        .isInstanceOf(NullPointerException.class);
  }
}
