package io.sunco.oauth.error;

import org.jspecify.annotations.Nullable;

/**
 * The server answered 2xx, but the answer is not what the protocol promises: not one JSON object,
 * invalid UTF-8, duplicate keys, a missing or blank {@code access_token}, a {@code token_type}
 * other than {@code Bearer}, a token info without an app id, and the like. The request was
 * processed: for {@link Operation#GET_TOKEN} the authorization code is spent. Never raised for
 * {@link Operation#REVOKE_ACCESS}: any 2xx answer to a revocation means success.
 */
public final class SunshineResponseException extends SunshineOAuthException {

  /** The 2xx HTTP status of the malformed answer. */
  private final int status;

  /**
   * Makes the exception.
   *
   * @param operation the call that failed
   * @param status the 2xx status of the answer
   * @param problem what is wrong with the answer; written by this library, never server text
   * @param cause the decoding error, if any; its message must not carry response content
   */
  public SunshineResponseException(
      Operation operation, int status, String problem, @Nullable Throwable cause) {
    super(
        operation,
        operation.methodName() + " failed: malformed answer to HTTP " + status + ": " + problem,
        cause);
    this.status = status;
  }

  /**
   * The HTTP status of the malformed answer.
   *
   * @return a 2xx status
   */
  public int status() {
    return status;
  }

  @Override
  public boolean requestMayHaveBeenProcessed() {
    return true;
  }
}
