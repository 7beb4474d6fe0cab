package io.sunco.oauth.cli;

import io.sunco.oauth.SunshineOAuthClient;
import io.sunco.oauth.policy.Timeouts;

/** What the commands that revoke a token they do not hand out share. */
final class Flows {

  private Flows() {}

  /**
   * The timeouts of a clean-up revocation (a token that is not shown): the library's {@link
   * SunshineOAuthClient#DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE} for the whole call, as {@code
   * completeAuthorization} uses after a failure.
   */
  static Timeouts revokeTimeouts() {
    return Timeouts.defaults()
        .withCall(SunshineOAuthClient.DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE)
        .withAttempt(SunshineOAuthClient.DEFAULT_REVOKE_AFTER_FAILURE_DEADLINE);
  }
}
