package io.sunco.oauth.store;

/**
 * How a {@link ConnectedAppStore#disconnect disconnect} of one app ended. Only {@link
 * #RETRY_PENDING} leaves work to do: the record is kept, marked {@link
 * ConnectionStatus#DISCONNECT_PENDING}, until {@link ConnectedAppStore#retryPendingDisconnects} (or
 * another disconnect) revokes its token.
 */
public enum DisconnectResult {
  /**
   * The token was revoked (or the service already refused it: {@code 401}) and the record deleted.
   */
  DISCONNECTED,
  /**
   * The app had no record: nothing to revoke, nothing changed (a repeated disconnect ends here).
   */
  ALREADY_DISCONNECTED,
  /**
   * The app was connected again while the disconnect ran: the newer record, written in between, was
   * kept as it is (the token read was revoked, or its failed revoke is not retried). Disconnect
   * again to end the new connection.
   */
  RECONNECTED_MEANWHILE,
  /**
   * The revoke failed (a {@code 5xx}, a timeout, a transport error, any status but {@code 401}):
   * the record is kept with its token, marked {@link ConnectionStatus#DISCONNECT_PENDING}; retry
   * later.
   */
  RETRY_PENDING;

  /**
   * Whether the app is disconnected as far as this store knows: {@link #DISCONNECTED} or {@link
   * #ALREADY_DISCONNECTED}.
   *
   * @return true when no record of the app's token is left by this disconnect
   */
  public boolean isDone() {
    return this == DISCONNECTED || this == ALREADY_DISCONNECTED;
  }
}
