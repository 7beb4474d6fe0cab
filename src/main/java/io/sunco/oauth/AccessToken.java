package io.sunco.oauth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth access token issued by Sunshine Conversations: a value and its type, always {@code
 * Bearer}. Tokens of this API do not expire by time; they end when access is revoked. The value is
 * opaque to this library (it is never verified client-side).
 *
 * <p>{@code toString()} never shows the value: {@code AccessToken[Bearer ****]}. {@code equals}
 * compares values in constant time.
 */
public final class AccessToken implements Credentials {

  /** The only token type this API issues. */
  public static final String BEARER = "Bearer";

  private final String value;

  /**
   * The {@code Authorization} header value, made at its first use (like {@code String}'s hash):
   * most tokens from {@code getToken} are stored, not sent, by the object that holds them. A race
   * only makes the same immutable string twice.
   */
  private @Nullable String header;

  private AccessToken(String value) {
    this.value = Values.requireHeaderSafe(value, "token");
  }

  /**
   * Wraps a stored token value, for example one read back from a database, to call {@link
   * SunshineOAuthClient#getTokenInfo(AccessToken)} or {@link
   * SunshineOAuthClient#revokeAccess(Credentials)} with.
   *
   * @param value the token value
   * @return the token
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if the value is blank or holds anything but visible ASCII
   */
  public static AccessToken bearer(String value) {
    return new AccessToken(value);
  }

  /**
   * The token value, to store (encrypted) or to send as {@code Authorization: Bearer <value>}.
   *
   * @return the value, never blank
   */
  public String value() {
    return value;
  }

  /**
   * The token type.
   *
   * @return always {@link #BEARER}
   */
  public String tokenType() {
    return BEARER;
  }

  /** The value of the {@code Authorization} header; kept out of the public API. */
  String authorizationHeader() {
    String h = header;
    if (h == null) {
      h = "Bearer " + value;
      header = h;
    }
    return h;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AccessToken token
        && MessageDigest.isEqual(value.getBytes(UTF_8), token.value.getBytes(UTF_8));
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  @Override
  public String toString() {
    return "AccessToken[Bearer ****]";
  }
}
