package io.sunco.oauth.callback;

import java.util.Objects;
import java.util.Optional;

/**
 * A redirect whose state checked out, as {@link AuthorizationCallback#verify} emits it: the code to
 * exchange and, when the state came from a {@link PendingAuthorizationStore}, what was saved with
 * it. {@link #toString()} shows neither the code nor the pending authorization's secrets.
 *
 * @param code the authorization code, to exchange once ({@code client.getToken(verified.code())})
 * @param pendingAuthorization what was saved with the state when the flow started; empty for signed
 *     (stateless) states
 */
public record VerifiedCallback(
    AuthorizationCode code, Optional<PendingAuthorization> pendingAuthorization) {

  /**
   * Checks the components.
   *
   * @param code the authorization code
   * @param pendingAuthorization what was saved with the state; empty for signed states
   * @throws NullPointerException when a component is null
   */
  public VerifiedCallback {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(pendingAuthorization, "pendingAuthorization");
  }

  /** Shows the redacted forms of the code and the pending authorization. */
  @Override
  public String toString() {
    return "VerifiedCallback[code="
        + code
        + ", pendingAuthorization="
        + pendingAuthorization.map(PendingAuthorization::toString).orElse("none")
        + "]";
  }
}
