package io.sunco.oauth.callback;

import java.time.Instant;
import java.util.Objects;

/**
 * A state issued by {@link SignedStateCodec}: put {@link #state()} into the authorize URL and
 * {@link #browserNonce()} into a cookie ({@code HttpOnly; Secure; SameSite=Lax} with a path
 * covering the redirect URI: {@code Strict} would keep the cookie off the cross-site redirect
 * back). {@link #toString()} shows neither.
 *
 * @param state the value for the {@code state} parameter
 * @param browserNonce the value for the browser's cookie
 * @param expiresAt when the state stops verifying (millisecond precision)
 */
public record SignedState(String state, String browserNonce, Instant expiresAt) {

  /**
   * Checks the components.
   *
   * @param state the value for the {@code state} parameter
   * @param browserNonce the value for the browser's cookie
   * @param expiresAt when the state stops verifying
   * @throws NullPointerException when a component is null
   */
  public SignedState {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(browserNonce, "browserNonce");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /** Shows the expiry only. */
  @Override
  public String toString() {
    return "SignedState[state=****, browserNonce=****, expiresAt=" + expiresAt + "]";
  }
}
