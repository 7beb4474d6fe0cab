package io.sunco.oauth.store;

/**
 * What one {@link ConnectedAppStore#checkTokens check of the stored tokens} found: every record
 * checked is counted once, by how it ended. Records marked {@link
 * ConnectionStatus#DISCONNECT_PENDING} are not checked (they are left to {@link
 * ConnectedAppStore#retryPendingDisconnects}) and not counted.
 *
 * @param checked the records whose token was checked
 * @param alive the tokens the service accepted ({@code 2xx}); their {@code lastVerifiedAt} was
 *     written
 * @param dead the tokens the service refused ({@code 401}); their records were marked {@link
 *     ConnectionStatus#TOKEN_REFUSED} or deleted
 * @param failed the checks that did not tell (another status, a timeout, a transport error, a token
 *     that does not open): nothing was changed
 * @param changedMeanwhile the records written or deleted by someone else between their read and the
 *     check's write: left as they are
 */
public record CheckReport(long checked, long alive, long dead, long failed, long changedMeanwhile) {

  /**
   * Checks the counts.
   *
   * @param checked the records checked
   * @param alive the tokens accepted
   * @param dead the tokens refused
   * @param failed the checks that did not tell
   * @param changedMeanwhile the records changed meanwhile
   * @throws IllegalArgumentException when a count is negative, or the four outcomes do not add up
   *     to {@code checked}
   */
  public CheckReport {
    if (alive < 0 || dead < 0 || failed < 0 || changedMeanwhile < 0) {
      throw new IllegalArgumentException("A count is negative");
    }
    if (alive + dead + failed + changedMeanwhile != checked) {
      throw new IllegalArgumentException(
          "alive + dead + failed + changedMeanwhile must equal checked (" + checked + ")");
    }
  }
}
