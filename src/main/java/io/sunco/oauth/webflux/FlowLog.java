package io.sunco.oauth.webflux;

import io.sunco.oauth.internal.UntrustedText;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import reactor.util.Logger;
import reactor.util.Loggers;

/**
 * The one log line of each flow that did not connect: INFO for refusals, WARN for failures on our
 * side or upstream; at most {@link SunshineOAuthRoutes#LOG_LINES_PER_MINUTE} lines per outcome in a
 * window of one minute (on a monotonic ticker, which no clock change moves) that opens with the
 * outcome's first line, so that a client repeating a refused callback cannot flood the log. The
 * lines left out are counted, and the count is written on the next line of that outcome, whenever
 * it comes (a later window's first line): no line is written for the count alone. The lines name
 * the outcome, the reason code, the route, the status and the app id when known (cleaned and capped
 * by {@link UntrustedText}: the server chose it), never a code, a state, a nonce, a token or a
 * secret.
 */
final class FlowLog {

  private static final Logger LOG = Loggers.getLogger(SunshineOAuthRoutes.class);
  private static final long MINUTE_NANOS = 60_000_000_000L;
  private static final int MAX_APP_ID_CHARS = 64;

  private final LongSupplier ticker;
  private final Map<FlowOutcome, Window> windows = new EnumMap<>(FlowOutcome.class);

  /**
   * @param ticker monotonic nanoseconds, {@code System::nanoTime} but in tests
   */
  FlowLog(LongSupplier ticker) {
    this.ticker = ticker;
  }

  /**
   * Logs how a flow ended, unless this outcome's lines of this minute are used up.
   *
   * @param status the HTTP status answered, 0 when none was (the browser went away)
   * @param reason the precise reason code, for example {@code TAMPERED_STATE}
   * @param appId the app the token was for, when the flow got that far
   * @param cause a secret-free description of the error, for failures on our side
   */
  void ended(
      FlowOutcome outcome,
      String route,
      int status,
      String reason,
      @Nullable String appId,
      @Nullable String cause) {
    boolean warn = outcome.isOurFailure();
    if (warn ? !LOG.isWarnEnabled() : !LOG.isInfoEnabled()) {
      return;
    }
    long suppressed = admit(outcome);
    if (suppressed < 0) {
      return;
    }
    StringBuilder line =
        new StringBuilder(warn ? "Sunshine OAuth flow failed:" : "Sunshine OAuth flow refused:")
            .append(" outcome=")
            .append(outcome.tag())
            .append(" reason=")
            .append(reason)
            .append(" route=")
            .append(route)
            .append(" status=")
            .append(status > 0 ? Integer.toString(status) : "none");
    if (appId != null) {
      line.append(" app=").append(UntrustedText.clean(appId, MAX_APP_ID_CHARS));
    }
    if (cause != null) {
      line.append(" cause=").append(cause);
    }
    if (suppressed > 0) {
      line.append(" (")
          .append(suppressed)
          .append(" earlier lines of this outcome were left out by the rate limit)");
    }
    if (warn) {
      LOG.warn("{}", line);
    } else {
      LOG.info("{}", line);
    }
  }

  /**
   * Counts a line of {@code outcome}: -1 when it is over its window's limit, else how many were
   * left out since the last line written.
   */
  private synchronized long admit(FlowOutcome outcome) {
    long now = ticker.getAsLong();
    Window window = windows.computeIfAbsent(outcome, o -> new Window());
    // Differences only: nanoTime may be negative, and wraps.
    if (window.written == 0 || now - window.opened >= MINUTE_NANOS) {
      window.opened = now;
      window.written = 0;
    }
    if (window.written >= SunshineOAuthRoutes.LOG_LINES_PER_MINUTE) {
      window.suppressed++;
      return -1;
    }
    window.written++;
    long suppressed = window.suppressed;
    window.suppressed = 0;
    return suppressed;
  }

  private static final class Window {
    long opened;
    int written;
    long suppressed;
  }
}
