package io.sunco.oauth.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sunco.oauth.store.ConnectionStatus;
import io.sunco.oauth.store.SealedRecord;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bytes a connected app is stored as in Redis ({@link SealedRecordFormat}), without Redis: the
 * header every format shares (format byte, revision, the attribute set digests), then the body.
 * What comes back is what went in; the documented layout, written independently here, reads back;
 * anything else is refused with a message that names the format or says the record is unreadable.
 */
class SealedRecordFormatTest {

  private static final byte[] DIGEST_A = "A".repeat(43).getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DIGEST_B = "b".repeat(43).getBytes(StandardCharsets.US_ASCII);

  private static SealedRecord full(long revision) {
    return new SealedRecord(
        "client-1",
        "app-ü",
        Optional.of("acme"),
        Optional.of(URI.create("https://acme.zendesk.com/sc")),
        "k-2026",
        new byte[] {1, 0, (byte) 0xff, 10, 13, 0},
        Instant.parse("2026-12-01T10:15:30.123Z"),
        Optional.of(Instant.parse("2026-12-02T08:00:00.456Z")),
        ConnectionStatus.DISCONNECT_PENDING,
        Map.of("user", "ünïcode ✓", "tenant", "t 1"),
        revision);
  }

  private static SealedRecord bare() {
    return new SealedRecord(
        "client-1",
        "app-2",
        Optional.empty(),
        Optional.empty(),
        "k1",
        new byte[] {7},
        Instant.EPOCH,
        Optional.empty(),
        ConnectionStatus.TOKEN_REFUSED,
        Map.of(),
        3);
  }

  @Test
  void decodeWhenEncodedThenEveryComponentComesBackWithTheRevisionOfTheHeader() {
    byte[] stored = SealedRecordFormat.encode(full(42), List.of(DIGEST_A, DIGEST_B));

    assertThat(SealedRecordFormat.decode(stored)).isEqualTo(full(42));
    assertThat(SealedRecordFormat.decode(SealedRecordFormat.encode(bare(), List.of())))
        .isEqualTo(bare());
  }

  @Test
  void encodeWhenCalledThenHeaderHoldsFormatRevisionAndTheDigestsAndTheBodyStartsWithTheIdentity() {
    SealedRecord record = full(0x0102030405060708L);

    byte[] stored = SealedRecordFormat.encode(record, List.of(DIGEST_A, DIGEST_B));

    ByteBuffer header = ByteBuffer.wrap(stored);
    assertThat(header.get()).as("format").isEqualTo((byte) 1);
    assertThat(header.getLong()).as("revision").isEqualTo(0x0102030405060708L);
    assertThat(header.getShort()).as("attribute sets").isEqualTo((short) 2);
    assertThat(Arrays.copyOfRange(stored, 11, 54)).isEqualTo(DIGEST_A);
    assertThat(Arrays.copyOfRange(stored, 54, 97)).isEqualTo(DIGEST_B);
    assertThat(Arrays.copyOf(stored, 9)).isEqualTo(SealedRecordFormat.storedHead(record));
    byte[] identity = SealedRecordFormat.storedIdentity(record);
    assertThat(Arrays.copyOfRange(stored, 97, 97 + identity.length)).isEqualTo(identity);
  }

  @Test
  void storedIdentityWhenKeyIdOrSealedTokenDiffersThenDiffers() {
    SealedRecord record = bare();
    SealedRecord otherToken =
        new SealedRecord(
            "client-1",
            "app-2",
            Optional.empty(),
            Optional.empty(),
            "k1",
            new byte[] {8},
            Instant.EPOCH,
            Optional.empty(),
            ConnectionStatus.TOKEN_REFUSED,
            Map.of(),
            3);

    assertThat(SealedRecordFormat.storedIdentity(otherToken))
        .isNotEqualTo(SealedRecordFormat.storedIdentity(record));
    assertThat(SealedRecordFormat.storedHead(record.withRevision(4)))
        .isNotEqualTo(SealedRecordFormat.storedHead(record));
  }

  @Test
  void decodeWhenTheDocumentedLayoutIsWrittenIndependentlyThenItReadsBack() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeLong(9);
      out.writeShort(1);
      out.write(DIGEST_A);
      writeString(out, "k1");
      out.writeInt(1);
      out.write(7);
      writeString(out, "client-1");
      writeString(out, "app-2");
      out.writeBoolean(true);
      writeString(out, "acme");
      out.writeBoolean(false);
      out.writeLong(1_000L);
      out.writeBoolean(true);
      out.writeLong(2_000L);
      writeString(out, "CONNECTED");
      out.writeInt(1);
      writeString(out, "user");
      writeString(out, "u1");
    }

    SealedRecord record = SealedRecordFormat.decode(bytes.toByteArray());

    assertThat(record)
        .isEqualTo(
            new SealedRecord(
                "client-1",
                "app-2",
                Optional.of("acme"),
                Optional.empty(),
                "k1",
                new byte[] {7},
                Instant.ofEpochMilli(1_000L),
                Optional.of(Instant.ofEpochMilli(2_000L)),
                ConnectionStatus.CONNECTED,
                Map.of("user", "u1"),
                9));
  }

  @Test
  void decodeWhenAnotherFormatOrEmptyThenErrorNamesTheFormatIfAny() {
    byte[] later = SealedRecordFormat.encode(bare(), List.of());
    later[0] = 2;

    assertThatThrownBy(() -> SealedRecordFormat.decode(later))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The stored connected app is in a format this version cannot read (format 2)");
    assertThatThrownBy(() -> SealedRecordFormat.decode(new byte[] {(byte) 200}))
        .hasMessageEndingWith("(format 200)");
    assertThatThrownBy(() -> SealedRecordFormat.decode(new byte[0]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("The stored connected app is in a format this version cannot read");
  }

  @Test
  void decodeWhenTruncatedOrWithTrailingBytesThenUnreadable() {
    byte[] stored = SealedRecordFormat.encode(full(1), List.of(DIGEST_A));

    for (int length : new int[] {1, 9, 11, 30, 54, stored.length - 1}) {
      assertThatThrownBy(() -> SealedRecordFormat.decode(Arrays.copyOf(stored, length)))
          .as("first %d bytes", length)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "The stored connected app cannot be read: it was not written by this library");
    }
    assertThatThrownBy(() -> SealedRecordFormat.decode(Arrays.copyOf(stored, stored.length + 1)))
        .hasMessageContaining("cannot be read");
  }

  @Test
  void decodeWhenAComponentIsInvalidThenUnreadable() {
    SealedRecord record = bare();
    byte[] stored = SealedRecordFormat.encode(record, List.of());
    byte[] negativeRevision = stored.clone();
    ByteBuffer.wrap(negativeRevision, 1, 8).putLong(-1);
    String text = new String(stored, StandardCharsets.ISO_8859_1);
    byte[] unknownStatus =
        text.replace("TOKEN_REFUSED", "TOKEN_REFUSEX").getBytes(StandardCharsets.ISO_8859_1);
    byte[] blankKeyId = text.replace("k1", "  ").getBytes(StandardCharsets.ISO_8859_1);

    for (byte[] invalid : new byte[][] {negativeRevision, unknownStatus, blankKeyId}) {
      assertThatThrownBy(() -> SealedRecordFormat.decode(invalid))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot be read")
          .message()
          .doesNotContain("k1", "app-2", "client-1");
    }
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }
}
