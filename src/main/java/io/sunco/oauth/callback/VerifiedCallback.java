package io.sunco.oauth.callback;

import java.util.Objects;
import java.util.Optional;

/**
 * A redirect whose state checked out: the code to exchange and, when the state came from an {@link
 * AuthorizationStateStore}, what was saved with it.
 *
 * @param code the authorization code
 * @param stateData the data saved with the state; empty for signed (stateless) states
 */
public record VerifiedCallback(AuthorizationCode code, Optional<StateData> stateData) {

  /**
   * Checks the components.
   *
   * @param code the authorization code
   * @param stateData the data saved with the state; empty for signed (stateless) states
   * @throws NullPointerException when a component is null
   */
  public VerifiedCallback {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(stateData, "stateData");
  }

  /** Shows the redacted forms of the code and state data. */
  @Override
  public String toString() {
    return "VerifiedCallback[code="
        + code
        + ", stateData="
        + stateData.map(StateData::toString).orElse("none")
        + "]";
  }
}
