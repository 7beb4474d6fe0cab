package io.sunco.oauth.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/**
 * The edges of a retry budget's ranges, as its Javadoc and message give them: 1 to {@code
 * Integer.MAX_VALUE / 2000} tokens, and a token ratio in (0, 1]. Each end is allowed (a one-token
 * budget; the unlimited budget's size; a success giving a whole token back) and one step past it is
 * not (a ratio of zero would never give a token back).
 */
class RetryBudgetRangeTest {

  private static final int MOST_TOKENS = Integer.MAX_VALUE / 2000;

  @Test
  void newBudgetWhenMaxTokensAtEitherEndThenAcceptedAndOnePastItRejected() {
    assertThat(new RetryBudget(1, 0.1).maxTokens()).isEqualTo(1);
    assertThat(new RetryBudget(MOST_TOKENS, 0.1).maxTokens()).isEqualTo(MOST_TOKENS);
    for (int tokens : new int[] {0, MOST_TOKENS + 1}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> new RetryBudget(tokens, 0.1))
          .withMessage("maxTokens must be from 1 to " + MOST_TOKENS);
    }
  }

  @Test
  void newBudgetWhenTokenRatioIsOneOrTheSmallestPositiveThenAcceptedAndZeroRejected() {
    assertThat(new RetryBudget(10, 1.0).tokenRatio()).isEqualTo(1.0);
    assertThat(new RetryBudget(10, Double.MIN_VALUE).tokenRatio()).isEqualTo(Double.MIN_VALUE);
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new RetryBudget(10, 0.0))
        .withMessage("tokenRatio must be in (0, 1]: 0.0");
  }
}
