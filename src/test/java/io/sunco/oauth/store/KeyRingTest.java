package io.sunco.oauth.store;

import static io.sunco.oauth.store.Keys.CLIENT_ID;
import static io.sunco.oauth.store.Keys.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Sealing and opening tokens: the format, what the associated data binds, and the key ids. */
class KeyRingTest {

  private final byte[] key1 = Keys.key();
  private final byte[] key2 = Keys.key();
  private final KeyRing ring = Keys.ring("k1", key1);

  private static SealedTokenException notOpening(KeyRing ring, SealedRecord record) {
    return catchThrowableOfType(SealedTokenException.class, () -> ring.open(record));
  }

  @Nested
  class Sealing {

    @Test
    void sealWhenOpenedThenTheSameToken() {
      SealedRecord record = Keys.sealed(ring, CLIENT_ID, "app-1", TOKEN);

      assertThat(ring.open(record)).isEqualTo(TOKEN);
      assertThat(ring.open(record).value()).isEqualTo(TOKEN.value());
    }

    @Test
    void sealWhenCalledThenFormatByteNonceCiphertextAndTagAndNoTokenByte() {
      byte[] sealed = ring.seal(CLIENT_ID, "app-1", TOKEN);
      byte[] plain = TOKEN.value().getBytes(StandardCharsets.UTF_8);

      assertThat(sealed[0]).isEqualTo((byte) 1);
      assertThat(sealed).hasSize(1 + 12 + plain.length + 16);
      assertThat(Keys.contains(sealed, plain)).isFalse();
      assertThat(Keys.contains(sealed, "eyJ".getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void sealWhenCalledTwiceThenFreshNonceAndOtherBytesBothOpening() {
      byte[] first = ring.seal(CLIENT_ID, "app-1", TOKEN);
      byte[] second = ring.seal(CLIENT_ID, "app-1", TOKEN);

      assertThat(Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(Arrays.copyOfRange(second, 1, 13));
      assertThat(first).isNotEqualTo(second);
      SealedRecord record = Keys.sealed(ring, CLIENT_ID, "app-1", TOKEN);
      assertThat(ring.open(Keys.with(record, "k1", first))).isEqualTo(TOKEN);
      assertThat(ring.open(Keys.with(record, "k1", second))).isEqualTo(TOKEN);
    }

    @Test
    void sealWhenRingHasSeveralKeysThenThePrimarySealsAndEveryKeyOpens() {
      KeyRing old = Keys.ring("k1", key1);
      SealedRecord underOld = Keys.sealed(old, CLIENT_ID, "app-1", TOKEN);
      KeyRing rotated = Keys.ring("k2", Map.of("k1", key1, "k2", key2));

      SealedRecord underNew = Keys.sealed(rotated, CLIENT_ID, "app-2", TOKEN);

      assertThat(rotated.primaryKeyId()).isEqualTo("k2");
      assertThat(underNew.keyId()).isEqualTo("k2");
      assertThat(rotated.open(underOld)).isEqualTo(TOKEN);
      assertThat(rotated.open(underNew)).isEqualTo(TOKEN);
      // The new key alone opens what it sealed, and what the old key sealed does not.
      KeyRing newOnly = Keys.ring("k2", key2);
      assertThat(newOnly.open(underNew)).isEqualTo(TOKEN);
      assertThat(notOpening(newOnly, underOld).reason())
          .isEqualTo(SealedTokenException.Reason.UNKNOWN_KEY);
    }
  }

  @Nested
  class NotOpening {

    private final SealedRecord record = Keys.sealed(ring, CLIENT_ID, "app-1", TOKEN);

    @Test
    void openWhenMovedToAnotherAppThenNotOpenedNamingKeyAndApp() {
      SealedTokenException e = notOpening(ring, Keys.moved(record, CLIENT_ID, "app-2"));

      assertThat(e.reason()).isEqualTo(SealedTokenException.Reason.NOT_OPENED);
      assertThat(e.keyId()).isEqualTo("k1");
      assertThat(e.appId()).isEqualTo("app-2");
      assertThat(e.getMessage()).contains("app-2", "key k1").doesNotContain(TOKEN.value());
    }

    @Test
    void openWhenMovedToAnotherClientThenNotOpened() {
      SealedTokenException e = notOpening(ring, Keys.moved(record, "another-client", "app-1"));

      assertThat(e.reason()).isEqualTo(SealedTokenException.Reason.NOT_OPENED);
    }

    @Test
    void openWhenIdsShiftBetweenClientAndAppThenNotOpened() {
      // The ids are length-prefixed: ("ab", "c") and ("a", "bc") are different associated data.
      SealedRecord sealed = Keys.sealed(ring, "client-ab", "c", TOKEN);

      assertThat(notOpening(ring, Keys.moved(sealed, "client-a", "bc")).reason())
          .isEqualTo(SealedTokenException.Reason.NOT_OPENED);
    }

    @Test
    void openWhenAnyBitOfTheSealedBytesIsFlippedThenNotOpened() {
      byte[] sealed = record.sealedToken();
      for (int i = 0; i < sealed.length; i++) {
        for (int bit = 0; bit < 8; bit += 7) {
          byte[] altered = sealed.clone();
          altered[i] ^= (byte) (1 << bit);

          SealedTokenException e = notOpening(ring, Keys.with(record, "k1", altered));

          assertThat(e).as("byte %d, bit %d", i, bit).isNotNull();
          assertThat(e.reason()).isEqualTo(SealedTokenException.Reason.NOT_OPENED);
        }
      }
    }

    @Test
    void openWhenTruncatedOrExtendedThenNotOpened() {
      byte[] sealed = record.sealedToken();

      for (int length : new int[] {1, 12, 13, 28, sealed.length - 1, sealed.length + 1}) {
        byte[] changed = Arrays.copyOf(sealed, length);
        assertThat(notOpening(ring, Keys.with(record, "k1", changed)).reason())
            .as("length %d", length)
            .isEqualTo(SealedTokenException.Reason.NOT_OPENED);
      }
    }

    @Test
    void openWhenTheKeyIdNamesOtherKeyMaterialThenNotOpenedNamingTheKeyId() {
      KeyRing wrongMaterial = Keys.ring("k1", key2);

      SealedTokenException e = notOpening(wrongMaterial, record);

      assertThat(e.reason()).isEqualTo(SealedTokenException.Reason.NOT_OPENED);
      assertThat(e.keyId()).isEqualTo("k1");
      assertThat(e.getMessage()).contains("key k1");
    }

    @Test
    void openWhenTheRingLacksTheKeyIdThenUnknownKeyNamingItAndTheRingsIds() {
      KeyRing other = Keys.ring("k3", Map.of("k2", key2, "k3", Keys.key()));

      SealedTokenException e = notOpening(other, record);

      assertThat(e.reason()).isEqualTo(SealedTokenException.Reason.UNKNOWN_KEY);
      assertThat(e.keyId()).isEqualTo("k1");
      assertThat(e.appId()).isEqualTo("app-1");
      assertThat(e.getMessage())
          .isEqualTo(
              "The token of app app-1 was sealed under key k1, which the key ring does not hold"
                  + " (its keys: [k2, k3]); add that key to the ring");
    }

    @Test
    void messagesWhenNotOpenedThenNoTokenSealedByteOrKeyByte() {
      KeyRing wrongMaterial = Keys.ring("k1", key2);
      String message = notOpening(wrongMaterial, record).getMessage();

      assertThat(message)
          .doesNotContain(TOKEN.value())
          .doesNotContain(Base64.getEncoder().encodeToString(key1))
          .doesNotContain(Base64.getEncoder().encodeToString(key2))
          .doesNotContain(HexFormat.of().formatHex(key2))
          .doesNotContain(Base64.getEncoder().encodeToString(record.sealedToken()));
    }
  }

  @Nested
  class Building {

    @Test
    void toStringWhenBuiltThenKeyIdsAndPrimaryOnly() {
      KeyRing two = Keys.ring("k2", Map.of("k1", key1, "k2", key2));

      assertThat(two).hasToString("KeyRing[primary=k2, keys=[k1, k2]]");
      assertThat(two.keyIds()).containsExactly("k1", "k2");
    }

    @Test
    void keyWhenTheCallersArrayIsWipedThenTheRingStillOpens() {
      byte[] key = Keys.key();
      KeyRing.Builder builder = KeyRing.builder().key("k1", key).primary("k1");
      KeyRing built = builder.build();
      SealedRecord record = Keys.sealed(built, CLIENT_ID, "app-1", TOKEN);

      Arrays.fill(key, (byte) 0);

      assertThat(built.open(record)).isEqualTo(TOKEN);
    }

    @Test
    void keyWhenIdBreaksTheRuleThenIllegalArgumentException() {
      for (String id : new String[] {"", "k 1", "k/1", "ké", "k:1", "x".repeat(65)}) {
        assertThatThrownBy(() -> KeyRing.builder().key(id, key1))
            .as("id %s", id)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("1 to 64 characters");
      }
      KeyRing.builder().key("A-z_0.9", key1).key("x".repeat(64), key2);
    }

    @Test
    void keyWhenNot32BytesThenIllegalArgumentExceptionWithTheLength() {
      assertThatThrownBy(() -> KeyRing.builder().key("k1", new byte[16]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Key k1 is 16 bytes; a key is 32 bytes (AES-256)");
      assertThatThrownBy(() -> KeyRing.builder().key("k1", new byte[33]))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyWhenIdListedTwiceThenIllegalArgumentException() {
      KeyRing.Builder builder = KeyRing.builder().key("k1", key1);

      assertThatThrownBy(() -> builder.key("k1", key2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Key id k1 is listed twice");
    }

    @Test
    void buildWhenNoKeyNoPrimaryOrPrimaryNotListedThenIllegalStateException() {
      assertThatThrownBy(() -> KeyRing.builder().primary("k1").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("key(..) is required");
      assertThatThrownBy(() -> KeyRing.builder().key("k1", key1).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("primary(..) is required");
      assertThatThrownBy(() -> KeyRing.builder().key("k1", key1).primary("k9").build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("The primary key k9 is not in the ring (its keys: [k1])");
    }

    @Test
    void builderWhenArgumentsAreNullThenNullPointerException() {
      assertThatThrownBy(() -> KeyRing.builder().key(null, key1))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> KeyRing.builder().key("k1", null))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> KeyRing.builder().primary(null))
          .isInstanceOf(NullPointerException.class);
    }
  }
}
