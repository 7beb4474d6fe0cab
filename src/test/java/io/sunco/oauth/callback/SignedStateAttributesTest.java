package io.sunco.oauth.callback;

import static io.sunco.oauth.callback.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SignedStateCodec#sealAttributes} and {@link SignedStateCodec#openAttributes}. */
class SignedStateAttributesTest {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SignedStateCodec codec = SignedStateCodec.create(key(3));
  private final String nonce = codec.newBrowserNonce();

  private static byte[] key(int seed) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 29 + i * 13);
    }
    return key;
  }

  @Test
  void openAttributesWhenSealedForThisNonceThenSameAttributes() {
    Map<String, String> attributes = Map.of("user", "u-42", "tenant", "Ünïcødé & co", "empty", "");

    String sealed = codec.sealAttributes(nonce, attributes);

    assertThat(sealed).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}");
    assertThat(codec.openAttributes(sealed, nonce)).isEqualTo(attributes);
  }

  @Test
  void sealAttributesWhenSameAttributesInAnotherOrderThenSameSeal() {
    Map<String, String> a = new HashMap<>();
    a.put("b", "2");
    a.put("a", "1");

    assertThat(codec.sealAttributes(nonce, a))
        .isEqualTo(codec.sealAttributes(nonce, Map.of("a", "1", "b", "2")));
  }

  @Test
  void openAttributesWhenNoAttributesThenEmpty() {
    assertThat(codec.openAttributes(codec.sealAttributes(nonce, Map.of()), nonce)).isEmpty();
  }

  @Test
  void openAttributesWhenOtherNonceThenTampered() {
    String sealed = codec.sealAttributes(nonce, Map.of("user", "u-42"));

    assertRejected(
        () -> codec.openAttributes(sealed, codec.newBrowserNonce()), Reason.TAMPERED_STATE);
  }

  @Test
  void openAttributesWhenOtherKeyThenTampered() {
    String sealed = SignedStateCodec.create(key(4)).sealAttributes(nonce, Map.of("user", "u-42"));

    assertRejected(() -> codec.openAttributes(sealed, nonce), Reason.TAMPERED_STATE);
  }

  @Test
  void openAttributesWhenPayloadChangedThenTampered() {
    String sealed = codec.sealAttributes(nonce, Map.of("user", "u-42"));
    int dot = sealed.indexOf('.');
    byte[] payload = DECODER.decode(sealed.substring(0, dot));
    payload[payload.length - 1] ^= 1; // u-42 becomes u-43
    String forged = ENCODER.encodeToString(payload) + sealed.substring(dot);

    assertRejected(() -> codec.openAttributes(forged, nonce), Reason.TAMPERED_STATE);
  }

  @Test
  void openAttributesWhenNotInTheFormatThenMalformed() {
    String sealed = codec.sealAttributes(nonce, Map.of("user", "u-42"));

    assertRejected(() -> codec.openAttributes("no-dot-here", nonce), Reason.MALFORMED_STATE);
    assertRejected(() -> codec.openAttributes("." + sealed, nonce), Reason.MALFORMED_STATE);
    assertRejected(() -> codec.openAttributes(sealed + "x", nonce), Reason.MALFORMED_STATE);
    assertRejected(() -> codec.openAttributes("AQ==." + sealed, nonce), Reason.MALFORMED_STATE);
    assertRejected(() -> codec.openAttributes(sealed, ""), Reason.MALFORMED_STATE);
  }

  @Test
  void sealAttributesWhenExactlyAtTheLimitsThenAcceptedAndOneMoreRefused() {
    // Encoded: a version byte, then each string as a 2-byte length and its UTF-8 bytes.
    String fullValue = "v".repeat(SignedStateCodec.MAX_ATTRIBUTES_BYTES - 1 - 3 - 2);
    String longestNonce = "n".repeat(SignedStateCodec.MAX_NONCE_LENGTH);

    String sealed = codec.sealAttributes(longestNonce, Map.of("k", fullValue));

    assertThat(codec.openAttributes(sealed, longestNonce))
        .containsExactly(Map.entry("k", fullValue));
    assertThatThrownBy(() -> codec.sealAttributes(nonce, Map.of("k", fullValue + "v")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.sealAttributes(longestNonce + "n", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void openAttributesWhenValuesAreLongerThan255BytesThenTheSameValues() {
    Map<String, String> attributes = Map.of("k".repeat(300), "é".repeat(400), "short", "s");

    assertThat(codec.openAttributes(codec.sealAttributes(nonce, attributes), nonce))
        .isEqualTo(attributes);
  }

  @Test
  void sealAttributesWhenTooLargeOrNullThenRefused() {
    assertThatThrownBy(() -> codec.sealAttributes(nonce, Map.of("k", "v".repeat(2049))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      many.put("key" + i, "v".repeat(20));
    }
    assertThatThrownBy(() -> codec.sealAttributes(nonce, many))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.sealAttributes(" ", Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.sealAttributes(nonce, null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> codec.openAttributes(null, nonce))
        .isInstanceOf(NullPointerException.class);
  }
}
