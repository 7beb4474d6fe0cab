package io.sunco.oauth.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Parses a {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds, or an HTTP-date in
 * any of the three formats a recipient must accept (IMF-fixdate, RFC 850, asctime). A date in the
 * past means no wait. Anything else is garbage and parses to empty.
 */
public final class RetryAfter {

  /**
   * Waits longer than this (about 68 years) are capped; no caller should sleep that long anyway.
   */
  private static final long MAX_SECONDS = Integer.MAX_VALUE;

  private static final DateTimeFormatter RFC_850 =
      DateTimeFormatter.ofPattern("dd-MMM-yy HH:mm:ss 'GMT'", Locale.US);
  private static final DateTimeFormatter ASCTIME =
      new DateTimeFormatterBuilder()
          .appendPattern("EEE MMM")
          .appendLiteral(' ')
          .padNext(2)
          .appendValue(ChronoField.DAY_OF_MONTH)
          .appendPattern(" HH:mm:ss yyyy")
          .toFormatter(Locale.US);

  private RetryAfter() {}

  /**
   * Parses a header value.
   *
   * @param value the header value, or {@code null} when there was none
   * @param now the current time, for HTTP-dates
   * @return the wait (zero or more), or empty when absent or unparseable
   */
  public static Optional<Duration> parse(@Nullable String value, Instant now) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.strip();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // Only digits: delta-seconds, where leading zeros are allowed. Very long values are capped
      // rather than overflowing.
      int first = 0;
      while (first < v.length() - 1 && v.charAt(first) == '0') {
        first++;
      }
      String digits = v.substring(first);
      long seconds =
          digits.length() > 10 ? MAX_SECONDS : Math.min(Long.parseLong(digits), MAX_SECONDS);
      return Optional.of(Duration.ofSeconds(seconds));
    }
    return parseDate(v, now).map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
  }

  private static Optional<Instant> parseDate(String v, Instant now) {
    try {
      return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException ignored) {
      // not IMF-fixdate; try the obsolete forms
    }
    try {
      // The weekday is left out of the pattern: with a two-digit year it cannot be checked yet.
      int comma = v.indexOf(", ");
      if (comma < 0) {
        throw new DateTimeParseException("not RFC 850", v, 0);
      }
      LocalDateTime t = LocalDateTime.parse(v.substring(comma + 2), RFC_850);
      // Two-digit years: RFC 9110 says a year more than 50 years ahead is in the past century.
      if (t.getYear() > now.atOffset(ZoneOffset.UTC).getYear() + 50) {
        t = t.minusYears(100);
      }
      return Optional.of(t.toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      // not RFC 850
    }
    try {
      return Optional.of(LocalDateTime.parse(v, ASCTIME).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException ignored) {
      return Optional.empty();
    }
  }
}
