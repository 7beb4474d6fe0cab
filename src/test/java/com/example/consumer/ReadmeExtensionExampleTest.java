package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's JUnit extension example is {@link ConnectFlowTest}, which runs in this build: this
 * fails when the two drift apart.
 */
class ReadmeExtensionExampleTest {

  private static final String BEGIN = "// tag::readme[]\n";
  private static final String END = "// end::readme[]";

  @Test
  void readmeWhenReadThenQuotesConnectFlowTestVerbatim() throws IOException {
    String source =
        Files.readString(
            Path.of("src/test/java/com/example/consumer/ConnectFlowTest.java"),
            StandardCharsets.UTF_8);
    int begin = source.indexOf(BEGIN);
    int end = source.indexOf(END);
    assertThat(begin).as("tag::readme[] in ConnectFlowTest.java").isNotNegative();
    assertThat(end).as("end::readme[] in ConnectFlowTest.java").isGreaterThan(begin);
    String snippet = source.substring(begin + BEGIN.length(), end);

    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

    assertThat(readme)
        .as("README.md must quote ConnectFlowTest.java between its tags")
        .contains("```java\n" + snippet + "```\n");
  }
}
