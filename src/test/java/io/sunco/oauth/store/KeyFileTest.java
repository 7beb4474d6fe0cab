package io.sunco.oauth.store;

import static io.sunco.oauth.store.Keys.CLIENT_ID;
import static io.sunco.oauth.store.Keys.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.test.StepVerifier;

/** The key file: its format, its errors (a line number, never a key) and its permissions. */
class KeyFileTest {

  private static final String SOURCE = "Key file keys.txt";

  private final String key1 = Base64.getEncoder().encodeToString(Keys.key());
  private final String key2 = Base64.getEncoder().encodeToString(Keys.key());

  private static KeyRing parse(String... lines) {
    return KeyFile.parse(List.of(lines), SOURCE);
  }

  /** Checks {@code lines} fail to parse with {@code message}, and names no key of the file. */
  private void assertRefused(String message, String... lines) {
    assertThatThrownBy(() -> parse(lines))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(key1, key2));
  }

  @Nested
  class Format {

    @Test
    void parseWhenCommentsBlankLinesAndSpacesThenTheRingOfTheListedKeys() {
      KeyRing ring =
          parse(
              "# keys of the connected-app store",
              "",
              "   primary=2026-12  ",
              "key.2026-06 = " + key1,
              "  # the new one",
              "\tkey.2026-12\t=\t" + key2 + "\t");

      assertThat(ring.primaryKeyId()).isEqualTo("2026-12");
      assertThat(ring.keyIds()).containsExactly("2026-06", "2026-12");
    }

    @Test
    void parseWhenKeysAreTheSameBytesThenTheyOpenWhatTheBuilderRingSealed() {
      byte[] raw = Keys.key();
      KeyRing built = Keys.ring("k1", raw);
      SealedRecord record = Keys.sealed(built, CLIENT_ID, "app-1", TOKEN);

      KeyRing parsed = parse("primary = k1", "key.k1 = " + Base64.getEncoder().encodeToString(raw));

      assertThat(parsed.open(record)).isEqualTo(TOKEN);
    }

    @Test
    void newKeyLineWhenParsedThenA32ByteKeyUnderThatIdAndEachLineIsNew() {
      String line = KeyFile.newKeyLine("2027-01");
      String other = KeyFile.newKeyLine("2027-01");

      assertThat(line).startsWith("key.2027-01 = ").hasSize("key.2027-01 = ".length() + 44);
      assertThat(other).isNotEqualTo(line);
      assertThat(parse("primary = 2027-01", line).keyIds()).containsExactly("2027-01");
      assertThatThrownBy(() -> KeyFile.newKeyLine("bad id"))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Nested
  class Errors {

    @Test
    void parseWhenValueIsNotBase64ThenItsLineAndNotTheValue() {
      assertRefused(
          SOURCE + " line 2: the value of key.k1 is not base64",
          "primary = k1",
          "key.k1 = " + key1.substring(0, 20) + "!!" + key1.substring(22));
    }

    @Test
    void parseWhenKeyIsNot32BytesThenItsLineAndLength() {
      String shortKey = Base64.getEncoder().encodeToString(new byte[16]);

      assertRefused(
          SOURCE + " line 3: key.k2 is 16 bytes; a key is the base64 of 32 random bytes",
          "primary = k1",
          "key.k1 = " + key1,
          "key.k2 = " + shortKey);
      assertRefused(
          SOURCE + " line 1: key.k1 is 0 bytes; a key is the base64 of 32 random bytes",
          "key.k1 =");
    }

    @Test
    void parseWhenKeyIdListedTwiceThenBothLines() {
      assertRefused(
          SOURCE + " line 4: key id k1 is listed twice (first on line 2)",
          "primary = k1",
          "key.k1 = " + key1,
          "# again",
          "key.k1 = " + key2);
    }

    @Test
    void parseWhenPrimaryIsNotListedThenItsLineAndTheListedIds() {
      assertRefused(
          SOURCE + " line 1: the primary key k3 is not listed (keys: [k1, k2])",
          "primary = k3",
          "key.k2 = " + key2,
          "key.k1 = " + key1);
    }

    @Test
    void parseWhenPrimarySetTwiceThenBothLines() {
      assertRefused(
          SOURCE + " line 3: primary is set twice (first on line 1)",
          "primary = k1",
          "key.k1 = " + key1,
          "primary = k1");
    }

    @Test
    void parseWhenNoPrimaryOrNoKeyThenSaysWhichLineToAdd() {
      assertRefused(
          SOURCE + " names no primary key: add a line 'primary = <key id>'", "key.k1 = " + key1);
      assertRefused(
          SOURCE + " lists no key: add a line 'key.<id> = <base64>'", "# empty", "primary = k1");
      assertRefused(SOURCE + " lists no key: add a line 'key.<id> = <base64>'");
    }

    @Test
    void parseWhenKeyIdBreaksTheRuleThenItsLine() {
      assertRefused(
          SOURCE
              + " line 2: A key id must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-'",
          "primary = k1",
          "key.k 1 = " + key1);
      assertRefused(
          SOURCE
              + " line 1: A key id must be 1 to 64 characters from A-Z, a-z, 0-9, '.', '_' and '-'",
          "primary =",
          "key.k1 = " + key1);
    }

    /** A pasted key, a key without "key.", a typo: the line is never repeated in the message. */
    @ParameterizedTest(name = "line [{0}]")
    @ValueSource(strings = {"KEY1", "k1 = KEY1", "keys.k1 = KEY1", "primary: k1", "key-k1 = KEY1"})
    void parseWhenLineIsNeitherSettingThenItsNumberAndNotItsText(String line) {
      String text = line.replace("KEY1", key1);

      assertRefused(
          SOURCE
              + " line 2: expected 'primary = <key id>' or 'key.<key id> = <base64 of 32 bytes>'",
          "primary = k1",
          text,
          "key.k1 = " + key1);
    }
  }

  @Nested
  class OnDisk {

    @TempDir Path dir;

    private Path keyFile(String permissions) throws IOException {
      Path file = dir.resolve("keys.txt");
      Files.writeString(
          file,
          "primary = k1\nkey.k1 = " + key1 + "\nkey.k2 = " + key2 + "\n",
          StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
      return file;
    }

    @Test
    void keyRingWhenOwnerOnlyThenEmitsTheRing() throws IOException {
      KeyFile keyFile = KeyFile.at(keyFile("rw-------"));

      StepVerifier.create(keyFile.keyRing())
          .assertNext(ring -> assertThat(ring).hasToString("KeyRing[primary=k1, keys=[k1, k2]]"))
          .verifyComplete();
      StepVerifier.create(KeyFile.at(keyFile("r--------")).keyRing())
          .expectNextCount(1)
          .verifyComplete();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rw-r-----", "rw--w----", "rw----r--", "rw-----w-", "rw-rw-rw-"})
    void keyRingWhenGroupOrOthersMayReadOrWriteThenRefusedLikeSsh(String permissions)
        throws IOException {
      Path file = keyFile(permissions);

      StepVerifier.create(KeyFile.at(file).keyRing())
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .isInstanceOf(IllegalArgumentException.class)
                      .hasMessage(
                          "Key file "
                              + file
                              + " is readable or writable by group or others ("
                              + permissions
                              + "): keys must be readable by their owner only, so it is refused;"
                              + " run chmod 600 "
                              + file))
          .verify();
    }

    @Test
    void keyRingWhenGroupOrOthersMayOnlyExecuteThenAccepted() throws IOException {
      StepVerifier.create(KeyFile.at(keyFile("rw---x--x")).keyRing())
          .expectNextCount(1)
          .verifyComplete();
    }

    @Test
    void keyRingWhenContentIsWrongThenTheMessageNamesTheFileAndLine() throws IOException {
      Path file = keyFile("rw-------");
      Files.writeString(file, "primary = k1\nkey.k1 = not-base64!\n", StandardCharsets.UTF_8);

      StepVerifier.create(KeyFile.at(file).keyRing())
          .expectErrorMessage("Key file " + file + " line 2: the value of key.k1 is not base64")
          .verify();
    }

    @Test
    void keyRingWhenNoFileThenUncheckedIoExceptionNamingIt() {
      Path missing = dir.resolve("missing.txt");

      StepVerifier.create(KeyFile.at(missing).keyRing())
          .expectErrorSatisfies(
              e ->
                  assertThat(e)
                      .isInstanceOf(UncheckedIOException.class)
                      .hasMessage("Cannot read key file " + missing + " (NoSuchFileException)"))
          .verify();
    }

    @Test
    void keyRingWhenFileChangesThenEachSubscriptionReadsItAgain() throws IOException {
      Path file = keyFile("rw-------");
      KeyFile keyFile = KeyFile.at(file);
      StepVerifier.create(keyFile.keyRing())
          .assertNext(ring -> assertThat(ring.primaryKeyId()).isEqualTo("k1"))
          .verifyComplete();

      Files.writeString(
          file,
          "primary = k2\nkey.k1 = " + key1 + "\nkey.k2 = " + key2 + "\n",
          StandardCharsets.UTF_8);

      StepVerifier.create(keyFile.keyRing())
          .assertNext(ring -> assertThat(ring.primaryKeyId()).isEqualTo("k2"))
          .verifyComplete();
    }

    @Test
    void atWhenNullThenNullPointerExceptionAndToStringIsThePath() {
      assertThatThrownBy(() -> KeyFile.at(null)).isInstanceOf(NullPointerException.class);
      assertThat(KeyFile.at(dir.resolve("keys.txt")))
          .hasToString("KeyFile[" + dir.resolve("keys.txt") + "]");
    }
  }
}
