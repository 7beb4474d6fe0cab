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

  @Test
  void parseWhenTenDigitDeltaThenExactOrCappedAtTheMaximum() {
    assertThat(RetryAfter.parse("1000000000", NOW)).contains(Duration.ofSeconds(1_000_000_000));
    assertThat(RetryAfter.parse("2147483647", NOW)).contains(Duration.ofSeconds(Integer.MAX_VALUE));
    assertThat(RetryAfter.parse("2147483648", NOW)).contains(Duration.ofSeconds(Integer.MAX_VALUE));
    assertThat(RetryAfter.parse("9999999999", NOW)).contains(Duration.ofSeconds(Integer.MAX_VALUE));
  }

  @Test
  void parseWhenDeltaHasLeadingZerosThenTheirValue() {
    assertThat(RetryAfter.parse("0", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("000", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("00000000001", NOW)).contains(Duration.ofSeconds(1));
    assertThat(RetryAfter.parse("000000000000000000000120", NOW)).contains(Duration.ofMinutes(2));
    assertThat(RetryAfter.parse("00000000000000000000009999999999", NOW))
        .contains(Duration.ofSeconds(Integer.MAX_VALUE));
  }

  @Test
  void parseWhenDateIsNowThenZero() {
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:00 GMT", NOW)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:01 GMT", NOW))
        .contains(Duration.ofSeconds(1));
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:48:59 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void parseWhenRfc850DateThisCenturyThenInThisCentury() {
    Instant now = Instant.parse("2026-06-15T00:00:00Z");

    assertThat(RetryAfter.parse("Monday, 15-Jun-26 00:01:00 GMT", now))
        .contains(Duration.ofMinutes(1));
  }

  @Test
  void parseWhenRfc850DateUnderFiftyYearsAheadThenInTheFuture() {
    Instant now = Instant.parse("2026-06-15T00:00:00Z");

    // 2076-01-01 is in the year now + 50 but less than 50 years ahead: RFC 9110 keeps it.
    assertThat(RetryAfter.parse("Wednesday, 01-Jan-76 00:00:00 GMT", now))
        .contains(Duration.between(now, Instant.parse("2076-01-01T00:00:00Z")));
  }

  @Test
  void parseWhenRfc850DateOverFiftyYearsAheadThenInThePastCentury() {
    Instant now = Instant.parse("2026-06-15T00:00:00Z");

    // 2077-01-01 would be more than 50 years ahead: it is 1977, in the past, so no wait.
    assertThat(RetryAfter.parse("Saturday, 01-Jan-77 00:00:00 GMT", now)).contains(Duration.ZERO);
  }
}
