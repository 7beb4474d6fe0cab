package io.sunco.oauth;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs the HS256 JWT that authenticates an API key, with the JDK's own HMAC. */
final class ApiKeyJwt {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private ApiKeyJwt() {}

  /**
   * Returns {@code base64url(header).base64url(payload).base64url(HMAC-SHA256)}. The key id is
   * visible ASCII without quotes or backslashes once checked, so it is written into the JSON header
   * as is.
   */
  static String sign(String keyId, String secret, String scope) {
    if (keyId.indexOf('"') >= 0 || keyId.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("keyId must not contain '\"' or '\\'");
    }
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + keyId + "\"}";
    String payload = "{\"scope\":\"" + scope + "\"}";
    String signingInput =
        BASE64URL.encodeToString(header.getBytes(UTF_8))
            + '.'
            + BASE64URL.encodeToString(payload.getBytes(UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(UTF_8), "HmacSHA256"));
      return signingInput
          + '.'
          + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(UTF_8)));
    } catch (GeneralSecurityException e) {
      // HmacSHA256 is required of every Java platform; this cannot happen on a conforming JDK.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
