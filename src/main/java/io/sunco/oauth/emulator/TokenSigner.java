package io.sunco.oauth.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes the access tokens (HS256 JWTs) and seals the authorization codes, with the JDK's {@link
 * Mac}: what it made is recognised by its signature alone, with nothing stored. Built once at
 * start-up, off the event loop, so that the JCA provider look-up and key set-up happen there.
 */
final class TokenSigner {

  private static final String ALGORITHM = "HmacSHA256";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER =
      B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private final byte[] key;
  private final Mac prototype;

  TokenSigner(byte[] key) {
    this.key = key.clone();
    try {
      prototype = Mac.getInstance(ALGORITHM);
      prototype.init(new SecretKeySpec(this.key, ALGORITHM));
      // Warm up: the first doFinal may load classes; do it here rather than on the event loop.
      prototype.doFinal(new byte[1]);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /**
   * {@code header.payload.signature} with payload {@code
   * {"scope":"integration","appId":..,"iat":..,"jti":..}}.
   */
  String sign(String appId, long issuedAtSeconds, String jwtId) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("scope", "integration");
    claims.put("appId", appId);
    claims.put("iat", issuedAtSeconds);
    claims.put("jti", jwtId);
    return seal(
        HEADER + "." + B64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * {@code input.signature}: what {@link #verify} recognises. {@code input} is URL-safe ASCII (the
   * JWT's signing input, or an authorization code's body).
   */
  String seal(String input) {
    return input
        + "."
        + B64.encodeToString(mac().doFinal(input.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Whether {@code token} carries a valid signature of this signer (constant time). */
  boolean verify(String token) {
    int dot = token.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    byte[] expected =
        B64.encode(mac().doFinal(token.substring(0, dot).getBytes(StandardCharsets.US_ASCII)));
    return MessageDigest.isEqual(
        expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
  }

  byte[] key() {
    return key.clone();
  }

  private Mac mac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      try {
        Mac mac = Mac.getInstance(ALGORITHM);
        mac.init(new SecretKeySpec(key, ALGORITHM));
        return mac;
      } catch (GeneralSecurityException impossible) {
        throw new IllegalStateException("HmacSHA256 is not available", impossible);
      }
    }
  }

  @Override
  public String toString() {
    return "TokenSigner[HS256, key ****]";
  }
}
