package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.callback.PendingAuthorization;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The bytes a pending state is stored as in Redis ({@link PendingAuthorizationRecords}), without
 * Redis: format byte, retention, nonce, then the AES-GCM sealed data under a key derived from the
 * state. What comes back is what went in; anything else (another format, a short record, a record a
 * foreign writer sealed with extra bytes) is refused with a message that names no secret.
 */
class StateRecordFormatTest {

  private static final String STATE = "the-state";
  private static final int RECORD_MINIMUM = 5 + 12 + 16; // header, nonce, GCM tag
  private static final PendingAuthorizationRecords RECORDS = PendingAuthorizationRecords.create();

  private static PendingAuthorization full() {
    return PendingAuthorization.of("binding", Instant.ofEpochSecond(1_767_225_600L, 123_456_789))
        .withRedirectUri(URI.create("https://app.example.com/callback?x=1"))
        .withAttribute("b", "2")
        .withAttribute("a", "1");
  }

  @Test
  void openWhenSealedThenTheSameDataComesBackWithNanosRedirectAndAttributes() {
    PendingAuthorization data = full();

    PendingAuthorization opened =
        RECORDS.open(STATE, RECORDS.seal(STATE, data, Duration.ofMinutes(20)));

    assertThat(opened).isEqualTo(data);
    assertThat(opened.createdAt().getNano()).isEqualTo(123_456_789);
    assertThat(opened.attributes()).containsOnlyKeys("a", "b");
    PendingAuthorization bare = PendingAuthorization.of("b", Instant.EPOCH);
    assertThat(RECORDS.open(STATE, RECORDS.seal(STATE, bare, Duration.ZERO))).isEqualTo(bare);
  }

  @Test
  void sealWhenCalledThenHeaderHoldsFormatOneAndRetentionMillisAndEachRecordHasItsOwnNonce() {
    byte[] first = RECORDS.seal(STATE, full(), Duration.ofMillis(600_001));
    byte[] second = RECORDS.seal(STATE, full(), Duration.ofMillis(600_001));

    assertThat(first[0]).isEqualTo(PendingAuthorizationRecords.LIVE_V1);
    assertThat(ByteBuffer.wrap(first, 1, 4).getInt()).isEqualTo(600_001);
    assertThat(first.length).isGreaterThan(RECORD_MINIMUM);
    assertThat(Arrays.copyOfRange(first, 5, 17)).isNotEqualTo(Arrays.copyOfRange(second, 5, 17));
  }

  @Test
  void openWhenRecordOfAnotherFormatOrTooShortForAHeaderThenErrorNamesTheFormatIfAny() {
    assertThatThrownBy(() -> RECORDS.open(STATE, new byte[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The stored state is in a format this version cannot read");
    assertThatThrownBy(() -> RECORDS.open(STATE, new byte[] {1, 0, 0, 0}))
        .hasMessage("The stored state is in a format this version cannot read (format 1)");
    assertThatThrownBy(() -> RECORDS.open(STATE, new byte[] {(byte) 200, 0, 0, 0, 0}))
        .hasMessage("The stored state is in a format this version cannot read (format 200)");
    assertThatThrownBy(
            () -> RECORDS.open(STATE, new byte[] {PendingAuthorizationRecords.SPENT, 0, 0, 0, 0}))
        .hasMessageEndingWith("(format 0)");
  }

  @Test
  void openWhenRecordShorterThanHeaderNonceAndTagThenUnreadableBeforeDecrypting() {
    byte[] tooShort = new byte[RECORD_MINIMUM - 1];
    tooShort[0] = PendingAuthorizationRecords.LIVE_V1;
    byte[] justLongEnough = new byte[RECORD_MINIMUM];
    justLongEnough[0] = PendingAuthorizationRecords.LIVE_V1;

    assertThatThrownBy(() -> RECORDS.open(STATE, tooShort))
        .hasMessageContaining("not written by this library for this state")
        .hasNoCause();
    assertThatThrownBy(() -> RECORDS.open(STATE, justLongEnough))
        .hasMessageContaining("not written by this library for this state")
        .hasCauseInstanceOf(AEADBadTagException.class);
  }

  @Test
  void openWhenAnotherStateOrAnAlteredHeaderThenUnreadable() {
    byte[] record = RECORDS.seal(STATE, full(), Duration.ofMinutes(20));

    assertThatThrownBy(() -> RECORDS.open("another-state", record))
        .hasMessageContaining("not written by this library for this state");
    byte[] retentionChanged = record.clone();
    retentionChanged[4] ^= 1;
    assertThatThrownBy(() -> RECORDS.open(STATE, retentionChanged))
        .hasMessageContaining("not written by this library for this state");
  }

  @Test
  void openWhenAuthenticDataHasTrailingBytesOrABadLengthThenUnreadable() throws Exception {
    byte[] plain = plaintext(full());
    byte[] trailing = Arrays.copyOf(plain, plain.length + 1);
    byte[] negativeLength = plain.clone();
    // The browser binding's length follows the 8-byte seconds and the 4-byte nanos.
    ByteBuffer.wrap(negativeLength, 12, 4).putInt(-1);
    byte[] overlongLength = plain.clone();
    ByteBuffer.wrap(overlongLength, 12, 4).putInt(plain.length);

    for (byte[] forged : new byte[][] {trailing, negativeLength, overlongLength}) {
      assertThatThrownBy(() -> RECORDS.open(STATE, sealAsAForeignWriter(forged)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not written by this library for this state");
    }
    assertThat(RECORDS.open(STATE, sealAsAForeignWriter(plain))).isEqualTo(full());
  }

  /** The documented plaintext layout, written independently of the library. */
  private static byte[] plaintext(PendingAuthorization data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(data.createdAt().getEpochSecond());
      out.writeInt(data.createdAt().getNano());
      writeString(out, data.browserBinding());
      out.writeBoolean(true);
      writeString(out, data.redirectUri().orElseThrow().toString());
      out.writeInt(data.attributes().size());
      for (var attribute : data.attributes().entrySet()) {
        writeString(out, attribute.getKey());
        writeString(out, attribute.getValue());
      }
    }
    return bytes.toByteArray();
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  /** Seals as the format says: AES-256-GCM, key SHA-256(domain, state), the header as AAD. */
  private static byte[] sealAsAForeignWriter(byte[] plaintext) throws Exception {
    byte[] header =
        ByteBuffer.allocate(5).put(PendingAuthorizationRecords.LIVE_V1).putInt(1_000).array();
    byte[] nonce = new byte[12];
    Arrays.fill(nonce, (byte) 7);
    byte[] key =
        RedisKeys.sha256(
            "io.sunco.oauth.redis/state/v1/enc\0".getBytes(StandardCharsets.US_ASCII), STATE);
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    cipher.updateAAD(header);
    byte[] sealed = cipher.doFinal(plaintext);
    return ByteBuffer.allocate(header.length + nonce.length + sealed.length)
        .put(header)
        .put(nonce)
        .put(sealed)
        .array();
  }
}
