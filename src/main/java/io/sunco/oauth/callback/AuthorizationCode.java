package io.sunco.oauth.callback;

import java.util.Objects;

/**
 * An authorization code taken from a verified redirect, to be exchanged once for a token. The code
 * is single use and short lived; {@link #toString()} never shows it.
 *
 * @param value the code exactly as the server sent it (percent-decoded); not empty
 */
public record AuthorizationCode(String value) {

  /**
   * Checks the code.
   *
   * @param value the code exactly as the server sent it (percent-decoded)
   * @throws NullPointerException when {@code value} is null
   * @throws IllegalArgumentException when {@code value} is empty
   */
  public AuthorizationCode {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("An authorization code must not be empty");
    }
  }

  /** Returns {@code AuthorizationCode[****]}: the code itself is never shown. */
  @Override
  public String toString() {
    return "AuthorizationCode[****]";
  }
}
