package io.sunco.oauth.emulator;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * What {@link SunshineOAuthEmulator#removeIntegration(String, String)} did: whether the integration
 * had access to the app and lost it, and how the call to its {@code removeUrl} went.
 *
 * @param accessEnded {@code true} when the integration had access (a live token) and every token of
 *     it now answers {@code 401}; {@code false} when it had none, so nothing changed and nothing
 *     was posted
 * @param removeUrlCalled {@code true} when the emulator POSTed to the integration's {@code
 *     removeUrl}: access ended and a {@code removeUrl} is configured
 * @param removeUrlStatus the HTTP status the {@code removeUrl} answered, whatever it is; empty when
 *     it was not called, or the call ended without an answer: a failure (connection refused, TLS,
 *     no connection within 10 seconds, no answer within 10 seconds more), whose type the emulator
 *     logs at {@code WARN}, or the emulator's {@code close()}
 */
public record IntegrationRemoval(
    boolean accessEnded, boolean removeUrlCalled, OptionalInt removeUrlStatus) {

  /**
   * Checks that the components agree.
   *
   * @param accessEnded whether access ended
   * @param removeUrlCalled whether the {@code removeUrl} was called
   * @param removeUrlStatus the status it answered, or empty
   * @throws NullPointerException if {@code removeUrlStatus} is {@code null}
   * @throws IllegalArgumentException if the {@code removeUrl} was called without access ending, or
   *     a status is given without a call
   */
  public IntegrationRemoval {
    Objects.requireNonNull(removeUrlStatus, "removeUrlStatus");
    if (removeUrlCalled && !accessEnded) {
      throw new IllegalArgumentException("the removeUrl is called only when access ended");
    }
    if (removeUrlStatus.isPresent() && !removeUrlCalled) {
      throw new IllegalArgumentException("a removeUrl status needs a removeUrl call");
    }
  }
}
