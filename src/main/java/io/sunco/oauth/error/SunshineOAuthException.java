package io.sunco.oauth.error;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The root of every error a {@code SunshineOAuthClient} call errors with. It is sealed: a caller
 * can handle the four branches exhaustively.
 *
 * <ul>
 *   <li>{@link SunshineApiException}: the server answered with a non-2xx status;
 *   <li>{@link SunshineTransportException}: the exchange failed on the network;
 *   <li>{@link SunshineTimeoutException}: a deadline ran out;
 *   <li>{@link SunshineResponseException}: a 2xx answer is not what the protocol promises.
 * </ul>
 *
 * <p>Messages never contain a secret, an authorization code or an access token.
 */
public abstract sealed class SunshineOAuthException extends RuntimeException
    permits SunshineApiException,
        SunshineTransportException,
        SunshineTimeoutException,
        SunshineResponseException {

  /** The call that failed; never {@code null}. */
  private final Operation operation;

  SunshineOAuthException(Operation operation, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.operation = Objects.requireNonNull(operation, "operation");
  }

  /**
   * The call that failed.
   *
   * @return the operation, never {@code null}
   */
  public Operation operation() {
    return operation;
  }

  /**
   * Whether the server may have received and acted on the request although the call failed. For
   * {@link Operation#GET_TOKEN} this means the authorization code may be spent: repeating the
   * exchange with the same code is unsafe and the caller has to restart the authorization (send the
   * customer to the consent page again).
   *
   * @return {@code true} when the outcome on the server is unknown or known to have happened
   */
  public abstract boolean requestMayHaveBeenProcessed();
}
