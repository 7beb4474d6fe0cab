package io.sunco.oauth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("1994-11-06T08:49:00Z");

  @Test
  void parseWhenDeltaSecondsThenThatMany() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).contains(Duration.ZERO);
  }

  @Test
  void parseWhenHugeDeltaThenCappedNotOverflowing() {
    assertThat(RetryAfter.parse("99999999999999999999999", NOW))
        .contains(Duration.ofSeconds(Integer.MAX_VALUE));
  }

  @Test
  void parseWhenImfFixdateThenMeasuredFromNow() {
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW))
        .contains(Duration.ofSeconds(37));
  }

  @Test
  void parseWhenObsoleteRfc850DateThenAccepted() {
    assertThat(RetryAfter.parse("Sunday, 06-Nov-94 08:50:00 GMT", NOW))
        .contains(Duration.ofSeconds(60));
  }

  @Test
  void parseWhenAsctimeDateThenAccepted() {
    assertThat(RetryAfter.parse("Sun Nov  6 08:49:10 1994", NOW)).contains(Duration.ofSeconds(10));
  }

  @Test
  void parseWhenDateInPastThenZero() {
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:00:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "-5", "1.5", "10s", "Sun, 32 Nov 1994 08:49:37 GMT", "0x10"})
  void parseWhenGarbageThenEmpty(String value) {
    assertThat(RetryAfter.parse(value, NOW)).isEmpty();
  }

  @Test
  void parseWhenAbsentThenEmpty() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
  }
}
