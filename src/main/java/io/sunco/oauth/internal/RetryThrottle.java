package io.sunco.oauth.internal;

import io.sunco.oauth.policy.RetryBudget;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The token bucket of a {@link RetryBudget}, shared by every call of one client. Lock-free: tokens
 * are kept in thousandths in one atomic integer.
 */
public final class RetryThrottle {

  private final int max;
  private final int threshold;
  private final int refill;
  private final AtomicInteger milliTokens;

  /**
   * Makes a full bucket.
   *
   * @param budget the configuration of the bucket
   */
  public RetryThrottle(RetryBudget budget) {
    this.max = budget.maxTokens() * 1000;
    this.threshold = max / 2;
    this.refill = (int) Math.round(budget.tokenRatio() * 1000);
    this.milliTokens = new AtomicInteger(max);
  }

  /** A failed attempt that could be retried: takes one token, never below zero. */
  public void onRetryableFailure() {
    milliTokens.getAndUpdate(t -> Math.max(0, t - 1000));
  }

  /** A successful call: puts back the configured share of a token, never above the maximum. */
  public void onSuccess() {
    if (milliTokens.get() < max) {
      milliTokens.getAndUpdate(t -> Math.min(max, t + refill));
    }
  }

  /**
   * Whether a retry may be made now.
   *
   * @return {@code true} while more than half of the bucket is left
   */
  public boolean allowRetry() {
    return milliTokens.get() > threshold;
  }

  /**
   * The tokens left, for tests and diagnostics.
   *
   * @return the tokens left, possibly fractional
   */
  public double tokens() {
    return milliTokens.get() / 1000.0;
  }
}
