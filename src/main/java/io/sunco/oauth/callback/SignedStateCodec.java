package io.sunco.oauth.callback;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.internal.PendingFlowRules;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless {@code state} values for clusters without sticky sessions: each state carries its own
 * expiry and an HMAC-SHA256 signature under a key the application provides, and is bound to a
 * browser nonce that travels in a cookie; it verifies only together with that nonce. Immutable and
 * thread-safe; every {@code withX} returns a copy. Pure computation after construction, so safe on
 * Reactor's non-blocking threads.
 *
 * <p>Format: {@code base64url(payload) "." base64url(mac)}, no padding, 99 characters. The 41-byte
 * payload is a version byte (1), the expiry in epoch milliseconds (8 bytes), 16 random bytes and a
 * 16-byte nonce tag {@code HMAC(key, "nonce" domain || nonce)}; the mac is {@code HMAC(key, "mac"
 * domain || payload)}. Signature and nonce tag are compared with {@link
 * java.security.MessageDigest#isEqual}.
 *
 * <p><b>Replay:</b> such a state cannot by itself be single use: within its lifetime (default
 * {@link #DEFAULT_TTL}) the same state and nonce verify again. The authorization code it guards is
 * single use at the server, and the nonce limits a replay to the browser that holds the cookie; to
 * refuse a second use outright, give {@link AuthorizationCallback} a {@link ReplayGuard}. Keep the
 * TTL short, and rotate the key by deploying a new one (states in flight then fail with {@code
 * TAMPERED_STATE} and the user starts again).
 */
public final class SignedStateCodec {

  /** Shortest key accepted, in bytes: {@value} (the HMAC-SHA256 output size). */
  public static final int MIN_KEY_BYTES = 32;

  /** Default state lifetime: 10 minutes. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  /** Longest browser nonce accepted, in characters: {@value}. */
  public static final int MAX_NONCE_LENGTH = 512;

  private static final String ALGORITHM = "HmacSHA256";
  private static final byte VERSION = 1;
  private static final int SALT_BYTES = 16;
  private static final int TAG_BYTES = 16;
  private static final int TAG_OFFSET = 1 + Long.BYTES + SALT_BYTES;
  private static final int PAYLOAD_BYTES = TAG_OFFSET + TAG_BYTES;
  private static final int MAC_BYTES = 32;
  private static final int STATE_LENGTH = 99;
  private static final byte[] MAC_DOMAIN =
      "io.sunco.oauth.callback/state/v1/mac\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NONCE_DOMAIN =
      "io.sunco.oauth.callback/state/v1/nonce\0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ATTRIBUTES_DOMAIN =
      "io.sunco.oauth.callback/attributes/v1/mac\0".getBytes(StandardCharsets.US_ASCII);

  /** Largest encoded attribute payload accepted, in bytes: {@value}; it must fit in a cookie. */
  public static final int MAX_ATTRIBUTES_BYTES = 2048;

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;
  private final StateGenerator random;

  private SignedStateCodec(SecretKeySpec key, Duration ttl, Clock clock, StateGenerator random) {
    this.key = key;
    this.ttl = ttl;
    this.clock = clock;
    this.random = random;
  }

  /**
   * A codec signing with {@code key} (copied), a TTL of {@link #DEFAULT_TTL} and the UTC system
   * clock. Seeds a {@link StateGenerator}: call at start-up, off any event loop.
   *
   * @param key at least {@value #MIN_KEY_BYTES} random bytes, shared by every node; keep it secret
   * @return a codec signing with a copy of {@code key}
   * @throws NullPointerException when {@code key} is null
   * @throws IllegalArgumentException when {@code key} is shorter than {@value #MIN_KEY_BYTES} bytes
   *     or all its bytes are equal (a placeholder, not a key)
   */
  public static SignedStateCodec create(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException(
          "The state signing key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    boolean allEqual = true;
    for (byte b : key) {
      allEqual &= b == key[0];
    }
    if (allEqual) {
      throw new IllegalArgumentException(
          "The state signing key has all bytes equal: use random bytes");
    }
    SignedStateCodec codec =
        new SignedStateCodec(
            new SecretKeySpec(key, ALGORITHM),
            DEFAULT_TTL,
            Clock.systemUTC(),
            StateGenerator.create());
    // Resolve the JCA provider now, so that the first callback does no lookup on an event loop.
    codec.hmac(MAC_DOMAIN, new byte[0]);
    return codec;
  }

  /**
   * A copy whose states live {@code ttl}; default 10 minutes.
   *
   * @param ttl how long each state issued by the copy verifies
   * @return a copy with this TTL and the same key, clock and nonce source
   * @throws NullPointerException when {@code ttl} is null
   * @throws IllegalArgumentException when not positive or longer than a day
   */
  public SignedStateCodec withTtl(Duration ttl) {
    return new SignedStateCodec(key, PendingFlowRules.checkedTtl(ttl), clock, random);
  }

  /**
   * A copy that reads time from {@code clock}; default {@link Clock#systemUTC()}.
   *
   * @param clock the clock read when issuing a state (its expiry) and when verifying one
   * @return a copy with this clock and the same key, TTL and nonce source
   * @throws NullPointerException when {@code clock} is null
   */
  public SignedStateCodec withClock(Clock clock) {
    return new SignedStateCodec(key, ttl, Objects.requireNonNull(clock, "clock"), random);
  }

  /**
   * How long an issued state verifies.
   *
   * @return the TTL, positive and at most one day
   */
  public Duration ttl() {
    return ttl;
  }

  /**
   * A fresh browser nonce: 256 random bits, 43 URL-safe base64 characters, cookie-safe.
   *
   * @return a new nonce, to put into the browser's cookie and pass to {@link #issue(String)}
   */
  public String newBrowserNonce() {
    return random.next();
  }

  /**
   * Issues a state bound to a fresh browser nonce; see {@link SignedState}.
   *
   * @return a new state, its fresh nonce and its expiry, {@link #ttl()} from now
   */
  public SignedState issue() {
    return issue(newBrowserNonce());
  }

  /**
   * Issues a state bound to an existing browser nonce (for example one cookie per browser, reused
   * across flows). The nonce should carry at least 128 random bits.
   *
   * @param browserNonce the nonce the browser holds in its cookie
   * @return a new state bound to {@code browserNonce}, expiring {@link #ttl()} from now
   * @throws NullPointerException when {@code browserNonce} is null
   * @throws IllegalArgumentException when it is blank or longer than {@value #MAX_NONCE_LENGTH}
   */
  public SignedState issue(String browserNonce) {
    checkNonce(browserNonce);
    Instant expiresAt = Instant.ofEpochMilli(clock.instant().plus(ttl).toEpochMilli());
    byte[] payload =
        ByteBuffer.allocate(PAYLOAD_BYTES)
            .put(VERSION)
            .putLong(expiresAt.toEpochMilli())
            .put(random.nextBytes(SALT_BYTES))
            .put(nonceTag(browserNonce))
            .array();
    String state =
        ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(hmac(MAC_DOMAIN, payload));
    return new SignedState(state, browserNonce, expiresAt);
  }

  /**
   * Checks a state from a callback against the nonce from the browser's cookie. Checks run in this
   * order, the first failure winning: format, signature, expiry, nonce.
   *
   * @param state the {@code state} parameter, as decoded from the callback query
   * @param browserNonce the nonce the browser presented; empty when it presented none
   * @return the verified state, to pass to a {@link ReplayGuard}
   * @throws NullPointerException when an argument is null
   * @throws AuthorizationCallbackException with {@code MALFORMED_STATE} when the state is not in
   *     this format, {@code TAMPERED_STATE} when its signature does not verify under this key,
   *     {@code EXPIRED_STATE} when its lifetime has ended, {@code FOREIGN_STATE} when it was issued
   *     for another nonce
   */
  public VerifiedSignedState verify(String state, String browserNonce) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(browserNonce, "browserNonce");
    int dot = state.indexOf('.');
    if (state.length() != STATE_LENGTH || dot < 0) {
      throw rejected(Reason.MALFORMED_STATE);
    }
    byte[] payload = decodeCanonical(state.substring(0, dot));
    byte[] mac = decodeCanonical(state.substring(dot + 1));
    if (payload.length != PAYLOAD_BYTES || mac.length != MAC_BYTES || payload[0] != VERSION) {
      throw rejected(Reason.MALFORMED_STATE);
    }
    if (!ConstantTime.equals(hmac(MAC_DOMAIN, payload), mac)) {
      throw rejected(Reason.TAMPERED_STATE);
    }
    Instant expiresAt = Instant.ofEpochMilli(ByteBuffer.wrap(payload, 1, Long.BYTES).getLong());
    if (!clock.instant().isBefore(expiresAt)) {
      throw rejected(Reason.EXPIRED_STATE);
    }
    if (browserNonce.isEmpty()
        || browserNonce.length() > MAX_NONCE_LENGTH
        || !ConstantTime.equals(
            nonceTag(browserNonce), Arrays.copyOfRange(payload, TAG_OFFSET, PAYLOAD_BYTES))) {
      throw rejected(Reason.FOREIGN_STATE);
    }
    return new VerifiedSignedState(ENCODER.encodeToString(mac), expiresAt);
  }

  /**
   * Seals application attributes (for example the id of the application's signed-in user) for the
   * browser to carry beside a signed state, typically in the same cookie as the nonce: {@code
   * base64url(payload) "." base64url(mac)}, cookie-safe. The attributes are protected against
   * change under this codec's key and bound to {@code browserNonce}, but not encrypted: put no
   * secret in them.
   *
   * @param browserNonce the nonce the state was issued for
   * @param attributes the attributes, sorted by key when encoded
   * @return the sealed attributes
   * @throws NullPointerException when an argument, key or value is null
   * @throws IllegalArgumentException when the nonce is blank or too long, or the encoded attributes
   *     exceed {@value #MAX_ATTRIBUTES_BYTES} bytes
   */
  public String sealAttributes(String browserNonce, Map<String, String> attributes) {
    // Both null checks before the nonce's content, as before the checks had one home.
    Objects.requireNonNull(browserNonce, "browserNonce");
    Objects.requireNonNull(attributes, "attributes");
    checkNonce(browserNonce);
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(VERSION);
    for (Map.Entry<String, String> entry : new TreeMap<>(attributes).entrySet()) {
      writeString(out, Objects.requireNonNull(entry.getKey(), "attribute key"));
      writeString(out, Objects.requireNonNull(entry.getValue(), "attribute value"));
    }
    byte[] payload = out.toByteArray();
    if (payload.length > MAX_ATTRIBUTES_BYTES) {
      throw new IllegalArgumentException(
          "The attributes exceed " + MAX_ATTRIBUTES_BYTES + " bytes once encoded");
    }
    return ENCODER.encodeToString(payload)
        + "."
        + ENCODER.encodeToString(attributesMac(browserNonce, payload));
  }

  /** The rule for a browser nonce that a state is issued for: 1 to {@value #MAX_NONCE_LENGTH}. */
  private static void checkNonce(String browserNonce) {
    Objects.requireNonNull(browserNonce, "browserNonce");
    if (browserNonce.isBlank() || browserNonce.length() > MAX_NONCE_LENGTH) {
      throw new IllegalArgumentException(
          "A browser nonce must be 1 to " + MAX_NONCE_LENGTH + " characters, not blank");
    }
  }

  /**
   * Opens attributes sealed by {@link #sealAttributes} for the same nonce under the same key.
   *
   * @param sealed the sealed attributes, as the browser presented them
   * @param browserNonce the nonce the browser presented with them
   * @return the attributes, unmodifiable
   * @throws NullPointerException when an argument is null
   * @throws AuthorizationCallbackException with {@code MALFORMED_STATE} when {@code sealed} is not
   *     in this format, {@code TAMPERED_STATE} when its signature does not verify for this nonce
   *     under this key
   */
  public Map<String, String> openAttributes(String sealed, String browserNonce) {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(browserNonce, "browserNonce");
    int dot = sealed.indexOf('.');
    if (dot < 0 || sealed.length() > 2 * MAX_ATTRIBUTES_BYTES || browserNonce.isEmpty()) {
      throw rejected(Reason.MALFORMED_STATE);
    }
    byte[] payload = decodeCanonical(sealed.substring(0, dot));
    byte[] mac = decodeCanonical(sealed.substring(dot + 1));
    if (payload.length == 0 || payload[0] != VERSION || mac.length != MAC_BYTES) {
      throw rejected(Reason.MALFORMED_STATE);
    }
    if (!ConstantTime.equals(attributesMac(browserNonce, payload), mac)) {
      throw rejected(Reason.TAMPERED_STATE);
    }
    ByteBuffer in = ByteBuffer.wrap(payload, 1, payload.length - 1);
    Map<String, String> attributes = new HashMap<>();
    while (in.hasRemaining()) {
      // A signed payload was written by sealAttributes: it always holds whole pairs.
      attributes.put(readString(in), readString(in));
    }
    return Map.copyOf(attributes);
  }

  private byte[] attributesMac(String browserNonce, byte[] payload) {
    byte[] tag = nonceTag(browserNonce);
    byte[] data = Arrays.copyOf(tag, tag.length + payload.length);
    System.arraycopy(payload, 0, data, tag.length, payload.length);
    return hmac(ATTRIBUTES_DOMAIN, data);
  }

  private static void writeString(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_ATTRIBUTES_BYTES) {
      throw new IllegalArgumentException(
          "The attributes exceed " + MAX_ATTRIBUTES_BYTES + " bytes once encoded");
    }
    out.write(bytes.length >>> 8);
    out.write(bytes.length & 0xFF);
    out.write(bytes, 0, bytes.length);
  }

  private static String readString(ByteBuffer in) {
    int length = in.getShort() & 0xFFFF;
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] decodeCanonical(String part) {
    // The URL-safe decoder rejects every character outside its alphabet except the padding '=',
    // which the re-encoding check below rejects.
    byte[] bytes;
    try {
      bytes = DECODER.decode(part);
    } catch (IllegalArgumentException e) {
      throw rejected(Reason.MALFORMED_STATE);
    }
    // Unused low bits in the last character give several spellings of one value; allow only one.
    if (!ENCODER.encodeToString(bytes).equals(part)) {
      throw rejected(Reason.MALFORMED_STATE);
    }
    return bytes;
  }

  private byte[] nonceTag(String browserNonce) {
    return Arrays.copyOf(
        hmac(NONCE_DOMAIN, browserNonce.getBytes(StandardCharsets.UTF_8)), TAG_BYTES);
  }

  private byte[] hmac(byte[] domain, byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      mac.update(domain);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      // Every Java SE implementation must provide HmacSHA256.
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static AuthorizationCallbackException rejected(Reason reason) {
    return AuthorizationCallbackException.of(reason);
  }

  /** Shows the TTL only, never the key. */
  @Override
  public String toString() {
    return "SignedStateCodec[key=****, ttl=" + ttl + "]";
  }
}
