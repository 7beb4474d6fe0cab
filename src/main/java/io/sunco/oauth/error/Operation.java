package io.sunco.oauth.error;

/**
 * The calls of the Sunshine Conversations OAuth flow that can fail; every {@link
 * SunshineOAuthException} names the one it came from.
 */
public enum Operation {
  /** {@code POST /oauth/token}: exchanging an authorization code for an access token. */
  GET_TOKEN("getToken"),
  /** {@code GET /v2/tokenInfo}: finding out which app an access token belongs to. */
  GET_TOKEN_INFO("getTokenInfo"),
  /** {@code DELETE /oauth/authorization}: revoking the integration's access to an app. */
  REVOKE_ACCESS("revokeAccess");

  private final String methodName;

  Operation(String methodName) {
    this.methodName = methodName;
  }

  /**
   * The name of the client method that performs this operation, for messages and metric tags.
   *
   * @return for example {@code "getToken"}
   */
  public String methodName() {
    return methodName;
  }
}
