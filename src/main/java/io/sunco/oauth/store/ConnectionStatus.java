package io.sunco.oauth.store;

/**
 * Where a stored connection stands between the flow that made it and its removal. A new connection
 * is {@link #CONNECTED}; the other values keep a record that must not be dropped silently.
 */
public enum ConnectionStatus {
  /** The token was issued by a completed flow and, as far as the store knows, still works. */
  CONNECTED,
  /**
   * A disconnect asked for the token's revocation and the revoke failed: the record is kept, with
   * its token, until a retry revokes it.
   */
  DISCONNECT_PENDING,
  /**
   * The service refused the token ({@code 401} to {@code GET /v2/tokenInfo}): the app was removed
   * or the token revoked elsewhere. The record is kept until the application deletes it.
   */
  TOKEN_REFUSED
}
