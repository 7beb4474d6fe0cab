package io.sunco.oauth.webflux;

import java.util.function.LongSupplier;

/**
 * At most {@code perMinute} admissions in a window of one minute that opens with its first
 * admission, on a monotonic nanosecond ticker (no clock change moves it). Thread-safe.
 */
final class HintRateLimit {

  private static final long MINUTE_NANOS = 60_000_000_000L;

  private final int perMinute;
  private final LongSupplier ticker;
  private long opened;
  private int admitted;

  HintRateLimit(int perMinute, LongSupplier ticker) {
    this.perMinute = perMinute;
    this.ticker = ticker;
  }

  /** Admits one more, or returns false when this minute's admissions are used up. */
  synchronized boolean tryAdmit() {
    long now = ticker.getAsLong();
    // Differences only: nanoTime may be negative, and wraps.
    if (admitted == 0 || now - opened >= MINUTE_NANOS) {
      opened = now;
      admitted = 0;
    }
    if (admitted >= perMinute) {
      return false;
    }
    admitted++;
    return true;
  }

  /** Whole seconds until the current window closes, at least 1. */
  synchronized long secondsLeft() {
    long left = MINUTE_NANOS - (ticker.getAsLong() - opened);
    return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
  }
}
