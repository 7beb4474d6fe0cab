package io.sunco.oauth.store;

/**
 * How a {@link ConnectedAppStore#confirmRemoval confirmation} of a removal hint ended. Only {@link
 * #REMOVED} changed the store: a {@code removeUrl} call is a hint that anyone may send, and only
 * the service's own {@code 401} to the stored token is taken as proof.
 */
public enum RemovalResult {
  /** The service refused the stored token ({@code 401}) and the record was deleted. */
  REMOVED,
  /** The app had no record: nothing to check, nothing changed (a repeated removal ends here). */
  NOT_CONNECTED,
  /** The service accepted the stored token ({@code 2xx}): the hint was wrong, nothing changed. */
  STILL_CONNECTED,
  /**
   * The service refused the token read, but the app was connected again meanwhile: the newer record
   * was kept as it is.
   */
  RECONNECTED_MEANWHILE,
  /**
   * The check did not answer whether the token works (another status, a timeout, a transport
   * error): nothing changed; the periodic check of stored tokens will tell later.
   */
  UNKNOWN
}
