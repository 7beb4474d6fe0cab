package io.sunco.oauth.error;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with a status other than 2xx: an error (4xx, 5xx) or a redirect (3xx), which
 * this client never follows because following one could carry the client secret to another host. It
 * carries the status, the errors decoded from the body whatever its shape (empty when the body was
 * HTML, empty or unreadable), and the {@code Retry-After} the server asked for.
 */
public final class SunshineApiException extends SunshineOAuthException {

  /** The HTTP status the server answered with, 100 to 999. */
  private final int status;

  /** The error entries decoded from the body, unmodifiable; empty when none was recognised. */
  private final List<ApiError> errors;

  /** The wait the server asked for with {@code Retry-After}; empty when there was none. */
  private final Optional<Duration> retryAfter;

  /**
   * Makes the exception; the message is built from the arguments and carries only the operation,
   * the status and the cleaned error texts.
   *
   * @param operation the call that failed
   * @param status the HTTP status, 100 to 999
   * @param errors the decoded error entries, possibly empty
   * @param retryAfter how long the server asked the client to wait, or null when it did not
   */
  public SunshineApiException(
      Operation operation, int status, List<ApiError> errors, @Nullable Duration retryAfter) {
    super(operation, message(operation, status, errors), null);
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("status must be a three-digit HTTP status: " + status);
    }
    this.status = status;
    this.errors = List.copyOf(errors);
    this.retryAfter = Optional.ofNullable(retryAfter);
  }

  private static String message(Operation operation, int status, List<ApiError> errors) {
    StringBuilder message =
        new StringBuilder(operation.methodName()).append(" failed: HTTP ").append(status);
    if (status >= 300 && status < 400) {
      message.append(" (redirects are not followed)");
    }
    if (!errors.isEmpty()) {
      message.append(' ').append(errors);
    }
    return message.toString();
  }

  /**
   * The HTTP status the server answered with.
   *
   * @return for example {@code 400}, {@code 401}, {@code 429}, {@code 503}
   */
  public int status() {
    return status;
  }

  /**
   * The errors decoded from the body, in the order the server sent them.
   *
   * @return an unmodifiable list, empty when the body had no recognisable error
   */
  public List<ApiError> errors() {
    return errors;
  }

  /**
   * The wait the server asked for with a {@code Retry-After} header (seconds or HTTP-date).
   *
   * @return the wait, or empty when there was no usable header
   */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }

  /**
   * Whether any decoded error carries the given code, compared ignoring case; a convenience for
   * branching on {@code invalid_grant}, {@code unauthorized} and the like.
   *
   * @param code the code to look for
   * @return {@code true} when any decoded error has this code
   */
  public boolean hasErrorCode(String code) {
    Objects.requireNonNull(code, "code");
    return errors.stream().anyMatch(e -> e.code().equalsIgnoreCase(code));
  }

  /** A 5xx may have been processed before it failed; a 3xx or 4xx was rejected unprocessed. */
  @Override
  public boolean requestMayHaveBeenProcessed() {
    return status >= 500;
  }
}
