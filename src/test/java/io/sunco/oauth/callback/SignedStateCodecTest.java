package io.sunco.oauth.callback;

import static io.sunco.oauth.callback.Rejections.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.AuthorizationCallbackException.Reason;
import io.sunco.oauth.testing.MutableClock;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SignedStateCodecTest {

  private static final byte[] KEY = bytes(32, 7);
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final MutableClock clock = MutableClock.atEpochDay();
  private final SignedStateCodec codec = SignedStateCodec.create(KEY).withClock(clock);

  private static byte[] bytes(int length, int seed) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) (seed * 31 + i * 17);
    }
    return bytes;
  }

  @Test
  void issueWhenCalledThenStateIsTwoUrlSafeBase64PartsAndNonceIs256Bits() {
    SignedState issued = codec.issue();

    assertThat(issued.state()).hasSize(99).matches("[A-Za-z0-9_-]{55}\\.[A-Za-z0-9_-]{43}");
    assertThat(issued.browserNonce()).matches("[A-Za-z0-9_-]{43}");
    assertThat(issued.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    assertThat(codec.issue().state()).isNotEqualTo(codec.issue(issued.browserNonce()).state());
  }

  @Test
  void verifyWhenIssuedForThisNonceThenReturnsExpiryAndReplayKey() {
    SignedState issued = codec.issue();

    VerifiedSignedState verified = codec.verify(issued.state(), issued.browserNonce());

    assertThat(verified.expiresAt()).isEqualTo(issued.expiresAt());
    assertThat(verified.replayKey()).isEqualTo(issued.state().substring(56));
  }

  @Test
  void verifyWhenVerifiedTwiceThenSucceedsTwiceBecauseStatelessCannotStopReplay() {
    SignedState issued = codec.issue();
    codec.verify(issued.state(), issued.browserNonce());

    assertThat(codec.verify(issued.state(), issued.browserNonce())).isNotNull();
  }

  @Test
  void verifyWhenJustBeforeExpiryThenSucceeds() {
    SignedState issued = codec.issue();
    clock.advance(Duration.ofMinutes(10).minusMillis(1));

    assertThat(codec.verify(issued.state(), issued.browserNonce())).isNotNull();
  }

  @Test
  void verifyWhenExpiredThenRejectsWithExpiredState() {
    SignedState issued = codec.issue();
    clock.advance(Duration.ofMinutes(10));

    assertRejected(() -> codec.verify(issued.state(), issued.browserNonce()), Reason.EXPIRED_STATE);
  }

  @Test
  void verifyWhenTtlShortenedThenExpiresEarlier() {
    SignedStateCodec shortLived = codec.withTtl(Duration.ofSeconds(30));
    SignedState issued = shortLived.issue();
    clock.advance(Duration.ofSeconds(30));

    assertThat(shortLived.ttl()).isEqualTo(Duration.ofSeconds(30));
    assertRejected(
        () -> shortLived.verify(issued.state(), issued.browserNonce()), Reason.EXPIRED_STATE);
  }

  @Test
  void verifyWhenOtherNonceThenRejectsWithForeignState() {
    SignedState issued = codec.issue();

    assertRejected(
        () -> codec.verify(issued.state(), codec.newBrowserNonce()), Reason.FOREIGN_STATE);
    assertRejected(() -> codec.verify(issued.state(), ""), Reason.FOREIGN_STATE);
    assertRejected(() -> codec.verify(issued.state(), "x".repeat(513)), Reason.FOREIGN_STATE);
  }

  @Test
  void verifyWhenExpiredAndForeignThenExpiryIsReportedFirst() {
    SignedState issued = codec.issue();
    clock.advance(Duration.ofHours(1));

    assertRejected(() -> codec.verify(issued.state(), "other"), Reason.EXPIRED_STATE);
  }

  @Test
  void verifyWhenExpiryExtendedInPayloadThenRejectsWithTamperedState() {
    SignedState issued = codec.issue();
    byte[] payload = payload(issued);
    ByteBuffer.wrap(payload).putLong(1, Long.MAX_VALUE / 2);

    assertRejected(
        () -> codec.verify(withPayload(issued, payload), issued.browserNonce()),
        Reason.TAMPERED_STATE);
  }

  @Test
  void verifyWhenNonceTagSwappedForAttackersThenRejectsWithTamperedState() {
    SignedState victim = codec.issue();
    SignedState attacker = codec.issue();
    byte[] payload = payload(victim);
    System.arraycopy(payload(attacker), 25, payload, 25, 16);

    assertRejected(
        () -> codec.verify(withPayload(victim, payload), attacker.browserNonce()),
        Reason.TAMPERED_STATE);
  }

  @Test
  void verifyWhenSignatureAlteredThenRejectsWithTamperedState() {
    SignedState issued = codec.issue();
    byte[] mac = Base64.getUrlDecoder().decode(issued.state().substring(56));
    mac[0] ^= 1;

    assertRejected(
        () ->
            codec.verify(
                issued.state().substring(0, 56) + ENCODER.encodeToString(mac),
                issued.browserNonce()),
        Reason.TAMPERED_STATE);
  }

  @Test
  void verifyWhenAnyCharacterReplacedThenNeverSucceeds() {
    SignedState issued = codec.issue();
    String state = issued.state();
    for (int i = 0; i < state.length(); i++) {
      char replacement = state.charAt(i) == 'A' ? 'B' : 'A';
      String altered = state.substring(0, i) + replacement + state.substring(i + 1);

      assertThatThrownBy(() -> codec.verify(altered, issued.browserNonce()))
          .isInstanceOf(AuthorizationCallbackException.class)
          .extracting(e -> ((AuthorizationCallbackException) e).reason())
          .isIn(Reason.TAMPERED_STATE, Reason.MALFORMED_STATE);
    }
  }

  @Test
  void verifyWhenAnyCharacterReplacedByOneOutsideTheUrlSafeAlphabetThenRejectsWithMalformedState() {
    SignedState issued = codec.issue();
    String state = issued.state();
    // Standard-alphabet, padding, escape and non-ASCII characters, including ones that Latin-1
    // (which the JDK decoder reads strings as) cannot represent, and an unpaired surrogate.
    String outsiders = "+/=%? ~\u0000\u007f\u00c0\u00e9\u00ff\u0100\u0141\uff21\ud83d";
    for (int i = 0; i < state.length(); i++) {
      for (char outsider : outsiders.toCharArray()) {
        String altered = state.substring(0, i) + outsider + state.substring(i + 1);

        assertRejected(() -> codec.verify(altered, issued.browserNonce()), Reason.MALFORMED_STATE);
      }
    }
  }

  @Test
  void verifyWhenMacIsPlainHmacOfPayloadWithoutDomainThenRejectsWithTamperedState()
      throws Exception {
    // What another use of the same key would produce: it must not pass as a state signature.
    SignedState issued = codec.issue();
    Mac plain = Mac.getInstance("HmacSHA256");
    plain.init(new SecretKeySpec(KEY, "HmacSHA256"));
    String forged =
        issued.state().substring(0, 56) + ENCODER.encodeToString(plain.doFinal(payload(issued)));

    assertRejected(() -> codec.verify(forged, issued.browserNonce()), Reason.TAMPERED_STATE);
  }

  @Test
  void verifyWhenSignedWithAnotherKeyThenRejectsWithTamperedState() {
    SignedState issued = SignedStateCodec.create(bytes(32, 8)).withClock(clock).issue();

    assertRejected(
        () -> codec.verify(issued.state(), issued.browserNonce()), Reason.TAMPERED_STATE);
  }

  @Test
  void verifyWhenUnusedLowBitsChangedThenRejectsWithMalformedState() {
    // Base64 of 32 bytes has 2 spare bits in its last character: a second spelling of one value.
    SignedState issued = codec.issue();
    String state = issued.state();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char last = state.charAt(state.length() - 1);
    char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    String respelled = state.substring(0, state.length() - 1) + sibling;

    assertThat(Base64.getUrlDecoder().decode(respelled.substring(56)))
        .isEqualTo(Base64.getUrlDecoder().decode(state.substring(56)));
    assertRejected(() -> codec.verify(respelled, issued.browserNonce()), Reason.MALFORMED_STATE);
  }

  @Test
  void verifyWhenVersionUnknownThenRejectsWithMalformedState() {
    SignedState issued = codec.issue();
    byte[] payload = payload(issued);
    payload[0] = 2;

    assertRejected(
        () -> codec.verify(withPayload(issued, payload), issued.browserNonce()),
        Reason.MALFORMED_STATE);
  }

  static Stream<String> malformedStates() {
    String a55 = "A".repeat(55);
    return Stream.of(
        "",
        "abc",
        "a.b",
        ".",
        "state-from-elsewhere",
        "A".repeat(99), // right length, no dot
        a55 + "." + "A".repeat(42) + "=", // padding
        "A".repeat(54) + "." + "A".repeat(44), // dot elsewhere: wrong part lengths
        a55 + "." + "A".repeat(41) + ".A", // two dots
        a55 + "." + "A".repeat(41) + "+/", // standard, not URL-safe, alphabet
        a55 + "." + "A".repeat(41) + "%2", // percent-encoded leftovers
        "." + "A".repeat(98), // right length, dot first: empty payload
        a55 + "." + "A".repeat(43)); // well formed, version byte 0
  }

  @ParameterizedTest
  @MethodSource("malformedStates")
  void verifyWhenNotInTheFormatThenRejectsWithMalformedState(String state) {
    assertRejected(() -> codec.verify(state, "nonce"), Reason.MALFORMED_STATE);
  }

  @Test
  void verifyWhenStateHugeThenRejectsWithMalformedStateWithoutDecoding() {
    assertRejected(() -> codec.verify("A".repeat(1_000_000), "nonce"), Reason.MALFORMED_STATE);
  }

  @Test
  void createWhenKeyCopiedThenLaterChangesToCallersArrayDoNotMatter() {
    byte[] key = bytes(32, 9);
    SignedStateCodec own = SignedStateCodec.create(key);
    SignedState issued = own.issue();
    Arrays.fill(key, (byte) 0);

    assertThat(own.verify(issued.state(), issued.browserNonce())).isNotNull();
  }

  @Test
  void createWhenKeyTooShortOrPlaceholderThenThrows() {
    assertThatThrownBy(() -> SignedStateCodec.create(bytes(31, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> SignedStateCodec.create(new byte[32]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("all bytes equal");
    assertThatThrownBy(() -> SignedStateCodec.create(null))
        .isInstanceOf(NullPointerException.class);
    assertThat(SignedStateCodec.create(bytes(64, 1))).isNotNull();
  }

  @Test
  void withAndIssueWhenArgumentsInvalidThenThrowAtCallTime() {
    assertThatThrownBy(() -> codec.withTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.withTtl(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.withClock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> codec.issue(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.issue("x".repeat(513)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.verify(null, "n")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> codec.verify("s", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void issueAndVerifyWhenNonceExactlyMaxLengthThenAcceptedAndOneMoreRejected() {
    String longest = "n".repeat(SignedStateCodec.MAX_NONCE_LENGTH);

    SignedState issued = codec.issue(longest);

    assertThat(codec.verify(issued.state(), longest).expiresAt()).isEqualTo(issued.expiresAt());
    assertThatThrownBy(() -> codec.issue(longest + "n"))
        .isInstanceOf(IllegalArgumentException.class);
    assertRejected(() -> codec.verify(issued.state(), longest + "n"), Reason.FOREIGN_STATE);
  }

  @Test
  void withTtlWhenExactlyOneDayThenAcceptedAndOneNanosecondMoreRejected() {
    SignedStateCodec dayLong = codec.withTtl(Duration.ofDays(1));
    SignedState issued = dayLong.issue();
    clock.advance(Duration.ofDays(1).minusMillis(1));

    assertThat(dayLong.ttl()).isEqualTo(Duration.ofDays(1));
    assertThat(dayLong.verify(issued.state(), issued.browserNonce())).isNotNull();
    assertThatThrownBy(() -> codec.withTtl(Duration.ofDays(1).plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withTtlWhenCalledThenLeavesTheOriginalUnchanged() {
    codec.withTtl(Duration.ofMinutes(1));

    assertThat(codec.ttl()).isEqualTo(SignedStateCodec.DEFAULT_TTL);
  }

  private static byte[] payload(SignedState issued) {
    return Base64.getUrlDecoder().decode(issued.state().substring(0, 55));
  }

  private static String withPayload(SignedState issued, byte[] payload) {
    return ENCODER.encodeToString(payload) + issued.state().substring(55);
  }
}
