package io.sunco.oauth.callback;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed state that verified: issued by this key, unexpired, and bound to the nonce presented.
 *
 * @param replayKey a value unique to this issued state, for a {@link ReplayGuard}
 * @param expiresAt when the state stops verifying; a replay guard need remember it no longer
 */
public record VerifiedSignedState(String replayKey, Instant expiresAt) {

  /**
   * Checks the components.
   *
   * @param replayKey a value unique to this issued state
   * @param expiresAt when the state stops verifying
   * @throws NullPointerException when a component is null
   */
  public VerifiedSignedState {
    Objects.requireNonNull(replayKey, "replayKey");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Shows the expiry only. */
  @Override
  public String toString() {
    return "VerifiedSignedState[replayKey=****, expiresAt=" + expiresAt + "]";
  }
}
