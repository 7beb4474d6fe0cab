package io.sunco.oauth.store;

import java.util.Set;

/**
 * A stored token could not be opened: its record names a key the {@link KeyRing} does not hold
 * ({@link Reason#UNKNOWN_KEY}), or the key is there and the token does not open under it ({@link
 * Reason#NOT_OPENED}). The record is left as it is, never deleted or rewritten: add the missing key
 * to the ring (or put the right key material under its id) and the record opens again.
 *
 * <p>The message names the key id and the app id (and, for an unknown key, the ring's key ids); it
 * never contains a token, a sealed byte or a key byte.
 */
public final class SealedTokenException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the token did not open. */
  public enum Reason {
    /** The record names a key id that the key ring does not hold. */
    UNKNOWN_KEY,
    /**
     * The ring holds the key id, and the token does not open under it: the key's material is not
     * the one that sealed it, or the record was altered, or its sealed token was copied from
     * another app's or another client's record.
     */
    NOT_OPENED
  }

  /** The key id the record names. */
  private final String keyId;

  /** The app whose record did not open. */
  private final String appId;

  /** Why the token did not open. */
  private final Reason reason;

  private SealedTokenException(String keyId, String appId, Reason reason, String message) {
    super(message);
    this.keyId = keyId;
    this.appId = appId;
    this.reason = reason;
  }

  static SealedTokenException unknownKey(String keyId, String appId, Set<String> ringKeyIds) {
    return new SealedTokenException(
        keyId,
        appId,
        Reason.UNKNOWN_KEY,
        "The token of app "
            + appId
            + " was sealed under key "
            + keyId
            + ", which the key ring does not hold (its keys: "
            + ringKeyIds
            + "); add that key to the ring");
  }

  static SealedTokenException notOpened(String keyId, String appId) {
    return new SealedTokenException(
        keyId,
        appId,
        Reason.NOT_OPENED,
        "The token of app "
            + appId
            + " does not open under key "
            + keyId
            + ": the ring's key "
            + keyId
            + " is not the one that sealed it, or the record was altered or copied from another"
            + " record");
  }

  /**
   * The key id the record names.
   *
   * @return the key id
   */
  public String keyId() {
    return keyId;
  }

  /**
   * The app whose record did not open.
   *
   * @return the app id
   */
  public String appId() {
    return appId;
  }

  /**
   * Why the token did not open.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }
}
