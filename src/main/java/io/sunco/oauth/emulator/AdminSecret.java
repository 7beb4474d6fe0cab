package io.sunco.oauth.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * The secret that opens the emulator-only admin endpoint: visible ASCII without spaces (it travels
 * as {@code Authorization: Bearer <secret>}), compared in constant time, never shown.
 */
record AdminSecret(String value) {

  AdminSecret {
    Objects.requireNonNull(value, "adminSecret");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("adminSecret must not be blank");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        // Neither the character nor the value: this is a secret.
        throw new IllegalArgumentException(
            "adminSecret must be visible ASCII without spaces (at index " + i + ")");
      }
    }
  }

  /**
   * Whether {@code presented} is this secret; the time taken does not depend on where they differ.
   */
  boolean matches(String presented) {
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "AdminSecret[****]";
  }
}
