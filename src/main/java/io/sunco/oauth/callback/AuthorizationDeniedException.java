package io.sunco.oauth.callback;

import io.sunco.oauth.internal.UntrustedText;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The redirect carried an {@code error} instead of a {@code code} (RFC 6749 §4.1.2.1), after its
 * state was verified. {@link #reason()} is {@link Reason#ACCESS_DENIED} for {@code
 * error=access_denied} (compared ignoring case) and {@link Reason#AUTHORIZATION_ERROR} for any
 * other value; since the exact value Sunshine Conversations sends on refusal is undocumented, treat
 * both as "no access granted". The server's {@code error} and {@code error_description} are kept,
 * stripped of control characters and capped at {@link #MAX_TEXT_LENGTH} characters.
 */
public final class AuthorizationDeniedException extends AuthorizationCallbackException {

  /** Longest {@code error} or {@code error_description} kept, in characters: {@value}. */
  public static final int MAX_TEXT_LENGTH = UntrustedText.DEFAULT_MAX_CHARS;

  private static final String ACCESS_DENIED = "access_denied";

  /** The server's {@code error} value, sanitized. */
  private final String error;

  /** The server's {@code error_description}, sanitized; {@code null} when absent or blank. */
  private final @Nullable String errorDescription;

  /** From a {@link CallbackResponse.Denied}, which has already cleaned both texts. */
  AuthorizationDeniedException(String error, Optional<String> errorDescription) {
    this(error, errorDescription.orElse(null));
  }

  private AuthorizationDeniedException(String error, @Nullable String errorDescription) {
    super(reasonFor(error), message(error, errorDescription));
    this.error = error;
    this.errorDescription = errorDescription;
  }

  private static Reason reasonFor(String error) {
    return ACCESS_DENIED.equalsIgnoreCase(error)
        ? Reason.ACCESS_DENIED
        : Reason.AUTHORIZATION_ERROR;
  }

  private static String message(String error, @Nullable String description) {
    StringBuilder message =
        new StringBuilder(reasonFor(error).message())
            .append(" (error=\"")
            .append(error)
            .append('"');
    if (description != null) {
      message.append(", description=\"").append(description).append('"');
    }
    return message.append(')').toString();
  }

  /**
   * The server's {@code error} value, sanitized.
   *
   * @return the value, for example {@code access_denied}
   */
  public String error() {
    return error;
  }

  /**
   * The server's {@code error_description}, sanitized.
   *
   * @return the description, or empty when the redirect had none or it was blank once sanitized
   */
  public Optional<String> errorDescription() {
    return Optional.ofNullable(errorDescription);
  }

  /**
   * Whether the server said {@code access_denied}: the customer refused.
   *
   * @return {@code true} when {@link #reason()} is {@link Reason#ACCESS_DENIED}
   */
  public boolean isAccessDenied() {
    return reason() == Reason.ACCESS_DENIED;
  }
}
