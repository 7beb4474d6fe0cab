package io.sunco.oauth;

import io.sunco.oauth.internal.Arguments;

/**
 * What the two kinds of API key credentials share: the key id, and the {@code Authorization} header
 * made once from the secret, which is not kept. Two credentials are equal when they send the same
 * header.
 */
abstract sealed class ApiKeyCredentials permits Credentials.Basic, Credentials.Jwt {

  private final String keyId;
  private final String header;

  /** The secret is checked here, after the subclass has used it to make the header. */
  ApiKeyCredentials(String keyId, String header, String secret) {
    Arguments.requireNonBlank(secret, "secret");
    this.keyId = keyId;
    this.header = header;
  }

  /**
   * The key id: the user name of Basic credentials, the {@code kid} header of a JWT.
   *
   * @return the key id
   */
  public String keyId() {
    return keyId;
  }

  /** The value of the {@code Authorization} header; kept out of the public API. */
  final String authorizationHeader() {
    return header;
  }

  // Not final, although nothing overrides them: javac then gives the public subclasses access
  // bridges for them, so that reflection from other packages (Credentials.Basic.class
  // .getMethod("hashCode").invoke(..), as EL, Groovy or a serializer do) can call them; on the
  // final methods of this package-private class it throws IllegalAccessException.
  // The header starts with its scheme (Basic or Bearer), so equal headers are of the same kind.
  @Override
  public boolean equals(Object other) {
    return other instanceof ApiKeyCredentials that && header.equals(that.header);
  }

  @Override
  public int hashCode() {
    return header.hashCode();
  }
}
