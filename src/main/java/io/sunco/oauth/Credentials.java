package io.sunco.oauth;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sunco.oauth.internal.Arguments;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;

/**
 * What {@link SunshineOAuthClient#revokeAccess(Credentials)} authenticates with: an OAuth access
 * token ({@link AccessToken}), an API key as HTTP Basic credentials, or an API key as a signed JWT.
 * Instances are immutable and never show a secret in {@code toString()}.
 */
public sealed interface Credentials permits AccessToken, Credentials.Basic, Credentials.Jwt {

  /**
   * An OAuth access token sent as {@code Authorization: Bearer <token>}.
   *
   * @param token the token value, as issued by {@code getToken}
   * @return the token as credentials
   * @throws NullPointerException if {@code token} is null
   * @throws IllegalArgumentException if the token is blank or holds characters a header cannot
   */
  static AccessToken bearer(String token) {
    return AccessToken.bearer(token);
  }

  /**
   * An API key sent as HTTP Basic credentials: the key id as user name, the key secret as password.
   *
   * @param keyId the key id, for example {@code app_5e4af71a81966cfff3ef6550}
   * @param secret the key secret
   * @return the credentials
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument is blank, or the key id holds a colon, a space
   *     or a control character
   */
  static Credentials basic(String keyId, String secret) {
    return new Basic(keyId, secret);
  }

  /**
   * An API key sent as a JWT signed with HS256: header {@code
   * {"alg":"HS256","typ":"JWT","kid":keyId}}, payload {@code {"scope":"app"}} or {@code
   * {"scope":"account"}}. The JWT is signed here, once, with the JDK's own {@code HmacSHA256}.
   *
   * @param keyId the key id, put in the {@code kid} header
   * @param secret the key secret, the HMAC key (its UTF-8 bytes)
   * @param scope what the key is for
   * @return the credentials
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the key id or secret is blank or holds control characters
   */
  static Credentials jwt(String keyId, String secret, JwtScope scope) {
    return new Jwt(keyId, secret, scope);
  }

  /** The {@code scope} claim of an API key JWT. */
  enum JwtScope {
    /** A key of one app: {@code "app"}. */
    APP,
    /** A key of the whole account: {@code "account"}. */
    ACCOUNT;

    /**
     * The value of the {@code scope} claim: the constant's name in lower case.
     *
     * @return {@code "app"} or {@code "account"}
     */
    public String claim() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** API key credentials sent as HTTP Basic. Made by {@link Credentials#basic}. */
  final class Basic extends ApiKeyCredentials implements Credentials {

    private Basic(String keyId, String secret) {
      super(
          requireBasicKeyId(keyId),
          "Basic " + Base64.getEncoder().encodeToString((keyId + ':' + secret).getBytes(UTF_8)),
          secret);
    }

    private static String requireBasicKeyId(String keyId) {
      if (Values.requireHeaderSafe(keyId, "keyId").indexOf(':') >= 0) {
        throw new IllegalArgumentException("keyId must not contain ':'");
      }
      return keyId;
    }

    @Override
    public String toString() {
      return "Credentials.Basic[keyId=" + keyId() + ", secret=****]";
    }
  }

  /** API key credentials sent as an HS256 JWT. Made by {@link Credentials#jwt}. */
  final class Jwt extends ApiKeyCredentials implements Credentials {
    private final JwtScope scope;

    private Jwt(String keyId, String secret, JwtScope scope) {
      super(
          Values.requireHeaderSafe(keyId, "keyId"),
          "Bearer "
              + ApiKeyJwt.sign(
                  keyId,
                  Arguments.requireNonBlank(secret, "secret"),
                  Objects.requireNonNull(scope, "scope").claim()),
          secret);
      this.scope = scope;
    }

    /**
     * The scope claim of the JWT.
     *
     * @return the scope
     */
    public JwtScope scope() {
      return scope;
    }

    @Override
    public String toString() {
      return "Credentials.Jwt[keyId=" + keyId() + ", scope=" + scope.claim() + ", secret=****]";
    }
  }
}
