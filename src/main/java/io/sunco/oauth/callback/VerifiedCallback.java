package io.sunco.oauth.callback;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A redirect whose state checked out, as {@link AuthorizationCallback#verify} emits it: the code to
 * exchange and, when the state came from an {@link PendingAuthorizationStore}, what was saved with
 * it. {@link #toString()} shows neither the code nor the state data's secrets.
 */
public final class VerifiedCallback {

  private final AuthorizationCode code;
  private final @Nullable PendingAuthorization pendingAuthorization;

  VerifiedCallback(AuthorizationCode code, @Nullable PendingAuthorization pendingAuthorization) {
    this.code = Objects.requireNonNull(code, "code");
    this.pendingAuthorization = pendingAuthorization;
  }

  /**
   * The authorization code, to exchange once ({@code client.getToken(verified.code())}).
   *
   * @return the code
   */
  public AuthorizationCode code() {
    return code;
  }

  /**
   * What was saved with the state when the flow started.
   *
   * @return the state data; empty for signed (stateless) states
   */
  public Optional<PendingAuthorization> pendingAuthorization() {
    return Optional.ofNullable(pendingAuthorization);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VerifiedCallback v
        && code.equals(v.code)
        && Objects.equals(pendingAuthorization, v.pendingAuthorization);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, pendingAuthorization);
  }

  /** Shows the redacted forms of the code and state data. */
  @Override
  public String toString() {
    return "VerifiedCallback[code="
        + code
        + ", pendingAuthorization="
        + (pendingAuthorization == null ? "none" : pendingAuthorization.toString())
        + "]";
  }
}
