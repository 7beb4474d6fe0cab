package io.sunco.oauth.policy;

/**
 * How many retries all calls of one client may make together, so that an outage of the server does
 * not multiply the load by the number of attempts. A token bucket in the manner of gRPC's retry
 * throttling. Immutable: every {@code withX} returns a copy; the client keeps the bucket.
 *
 * <p>The bucket starts full with {@link #maxTokens()} tokens. Every failed attempt that could be
 * retried takes one token; every successful call puts back {@link #tokenRatio()} of a token, up to
 * the maximum. A retry is made only while more than half of the maximum is left. With the defaults
 * (10 tokens, ratio 0.1) a client whose every call fails stops retrying after about 5 failures, and
 * starts again after about 10 successes per missing token.
 *
 * @param maxTokens the size of the bucket: from 1 to {@code Integer.MAX_VALUE / 2000}
 * @param tokenRatio the share of a token a successful call puts back: greater than 0, at most 1
 */
public record RetryBudget(int maxTokens, double tokenRatio) {

  /** Default size of the bucket: 10 tokens. */
  public static final int DEFAULT_MAX_TOKENS = 10;

  /** Default share of a token a successful call puts back: 0.1. */
  public static final double DEFAULT_TOKEN_RATIO = 0.1;

  private static final RetryBudget DEFAULTS =
      new RetryBudget(DEFAULT_MAX_TOKENS, DEFAULT_TOKEN_RATIO);

  private static final RetryBudget UNLIMITED = new RetryBudget(Integer.MAX_VALUE / 2000, 1.0);

  /**
   * Checks both settings.
   *
   * @param maxTokens see {@link #maxTokens()}
   * @param tokenRatio see {@link #tokenRatio()}
   * @throws IllegalArgumentException if one is out of range
   */
  public RetryBudget {
    if (maxTokens < 1 || maxTokens > Integer.MAX_VALUE / 2000) {
      throw new IllegalArgumentException("maxTokens must be from 1 to " + Integer.MAX_VALUE / 2000);
    }
    if (!(tokenRatio > 0.0 && tokenRatio <= 1.0)) {
      throw new IllegalArgumentException("tokenRatio must be in (0, 1]: " + tokenRatio);
    }
  }

  /**
   * The defaults: 10 tokens, 0.1 of a token back per success.
   *
   * @return the default budget
   */
  public static RetryBudget defaults() {
    return DEFAULTS;
  }

  /**
   * A budget so large that it never stops a retry in practice; the {@link RetryPolicy} alone then
   * bounds retries.
   *
   * @return the unlimited budget
   */
  public static RetryBudget unlimited() {
    return UNLIMITED;
  }

  /**
   * A copy with another bucket size.
   *
   * @param maxTokens at least 1
   * @return the copy
   * @throws IllegalArgumentException if out of range
   */
  public RetryBudget withMaxTokens(int maxTokens) {
    return new RetryBudget(maxTokens, tokenRatio);
  }

  /**
   * A copy with another share of a token put back per successful call.
   *
   * @param tokenRatio greater than 0, at most 1
   * @return the copy
   * @throws IllegalArgumentException if out of range
   */
  public RetryBudget withTokenRatio(double tokenRatio) {
    return new RetryBudget(maxTokens, tokenRatio);
  }
}
