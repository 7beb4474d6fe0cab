package io.sunco.oauth.callback;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The only place in this package that compares secret-derived values. Every comparison goes through
 * {@link MessageDigest#isEqual}, whose running time does not depend on where the inputs differ.
 */
final class ConstantTime {

  private ConstantTime() {}

  /** Compares two byte arrays in time independent of their content. */
  static boolean equals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  /**
   * Compares two strings through their SHA-256 digests, so that neither the content nor the length
   * of the expected value leaks through timing.
   */
  static boolean equalsHashed(String a, String b) {
    return MessageDigest.isEqual(sha256(a), sha256(b));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE implementation must provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
