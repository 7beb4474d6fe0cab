package io.sunco.oauth.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConstantTimeTest {

  private static final Path SOURCES = Path.of("src/main/java/io/sunco/oauth/callback");

  @Test
  void equalsWhenBytesThenComparesContent() {
    assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2, 3})).isTrue();
    assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2, 4})).isFalse();
    assertThat(ConstantTime.equals(new byte[] {1, 2, 3}, new byte[] {1, 2})).isFalse();
  }

  @Test
  void equalsHashedWhenStringsThenComparesContentOfAnyLength() {
    assertThat(ConstantTime.equalsHashed("nonce-\u00e9", "nonce-\u00e9")).isTrue();
    assertThat(ConstantTime.equalsHashed("nonce", "nonce ")).isFalse();
    assertThat(ConstantTime.equalsHashed("", "x".repeat(10_000))).isFalse();
    assertThat(ConstantTime.equalsHashed("", "")).isTrue();
  }

  /**
   * Timing cannot be measured reliably in a unit test, so this checks the code instead: the only
   * comparison primitive is MessageDigest.isEqual, and the signature, nonce tag and browser binding
   * comparisons all go through ConstantTime.
   */
  @Test
  void sourcesWhenComparingSecretsThenUseOnlyMessageDigestIsEqual() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(SOURCES)) {
      files = list.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      String source = Files.readString(file);
      assertThat(source)
          .as(file.toString())
          .doesNotContain(
              "Arrays.equals(",
              "Arrays.compare(",
              "contentEquals(",
              "compareTo(mac",
              "equals(mac",
              "equals(browserBinding",
              "equals(binding");
      if (!file.endsWith("ConstantTime.java")) {
        assertThat(source).as(file.toString()).doesNotContain("MessageDigest.isEqual");
      }
    }
    assertThat(Files.readString(SOURCES.resolve("ConstantTime.java")))
        .contains("MessageDigest.isEqual(a, b)", "MessageDigest.isEqual(sha256(a), sha256(b))");
    // Compared without white space, so that line breaks chosen by the formatter do not matter.
    assertThat(Files.readString(SOURCES.resolve("SignedStateCodec.java")).replaceAll("\\s+", ""))
        .contains(
            "ConstantTime.equals(hmac(MAC_DOMAIN,payload),mac)",
            "ConstantTime.equals(nonceTag(browserNonce),");
    assertThat(Files.readString(SOURCES.resolve("AuthorizationCallback.java")))
        .contains("ConstantTime.equalsHashed(data.browserBinding(), binding)");
  }
}
