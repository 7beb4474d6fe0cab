package io.sunco.oauth.error;

import io.sunco.oauth.internal.UntrustedText;
import java.util.Objects;

/**
 * One error entry decoded from an error answer of the server, whatever shape it came in: v2 {@code
 * {"errors":[{"code","title"}]}}, v1 {@code {"error":{"code","description"}}} or RFC 6749 {@code
 * {"error","error_description"}}.
 *
 * <p>Both texts are chosen by the server; they are stripped of control characters and capped at 200
 * characters when the record is made.
 *
 * @param code the machine-readable error code, for example {@code "invalid_grant"}; empty when the
 *     server sent none
 * @param description the human-readable title or description; empty when the server sent none
 */
public record ApiError(String code, String description) {

  /**
   * Checks both texts and cleans them of control characters, capping their length.
   *
   * @param code the machine-readable error code as the server sent it; may be empty
   * @param description the human-readable title or description as the server sent it; may be empty
   * @throws NullPointerException when {@code code} or {@code description} is null
   */
  public ApiError {
    code = UntrustedText.clean(Objects.requireNonNull(code, "code"));
    description = UntrustedText.clean(Objects.requireNonNull(description, "description"));
  }

  @Override
  public String toString() {
    if (description.isEmpty()) {
      return code;
    }
    return code.isEmpty() ? description : code + ": " + description;
  }
}
