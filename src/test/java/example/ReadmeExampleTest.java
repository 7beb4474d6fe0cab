package example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use it in WebFlux" example is {@link ConnectApp}, the app the browser test runs:
 * this fails when the two drift apart.
 */
class ReadmeExampleTest {

  private static final String BEGIN = "// tag::readme[]\n";
  private static final String END = "// end::readme[]";

  @Test
  void readmeWhenReadThenQuotesConnectAppVerbatim() throws IOException {
    String source =
        Files.readString(Path.of("src/test/java/example/ConnectApp.java"), StandardCharsets.UTF_8);
    int begin = source.indexOf(BEGIN);
    int end = source.indexOf(END);
    assertThat(begin).as("tag::readme[] in ConnectApp.java").isNotNegative();
    assertThat(end).as("end::readme[] in ConnectApp.java").isGreaterThan(begin);
    String snippet = source.substring(begin + BEGIN.length(), end);

    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);

    assertThat(readme)
        .as("README.md must quote src/test/java/example/ConnectApp.java between its tags")
        .contains("```java\n" + snippet + "```\n");
  }
}
