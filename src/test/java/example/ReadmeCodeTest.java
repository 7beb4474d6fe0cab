package example;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import example.ReadmeCode.Block;
import example.ReadmeCode.Region;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of README.md and of the guides under {@code src/site/markdown} is a
 * tagged region of a test source under {@code src/test/java} (compiled by the build, and run where
 * it does I/O), and every tagged region is quoted by one of them: a block that drifts from its code
 * fails the build, naming the file and the block.
 */
class ReadmeCodeTest {

  // Built by concatenation, so that this file holds no marker the scan would take for a region.
  private static final String TAG = "// tag::" + "readme-";
  private static final String END = "// end::" + "readme-";
  private static final String GUIDES = "src/site/markdown";

  @Test
  void readmeAndGuidesWhenCheckedThenEveryJavaBlockIsATaggedRegionAndEveryRegionIsQuoted()
      throws IOException {
    Map<String, List<Block>> blocks = new LinkedHashMap<>();
    for (Path markdown : markdownFiles()) {
      blocks.put(
          markdown.toString(),
          ReadmeCode.javaBlocks(Files.readAllLines(markdown, StandardCharsets.UTF_8)));
    }
    List<String> problems = new ArrayList<>();
    List<Region> regions = ReadmeCode.scan(Path.of("src/test/java"), problems);
    problems.addAll(ReadmeCode.check(blocks, regions));

    assertThat(problems).withFailMessage("%s", String.join("\n\n", problems)).isEmpty();
    // Not vacuous: the README and the guides have their blocks, and the scan found their regions.
    assertThat(blocks).containsKeys("README.md", Path.of(GUIDES, "flow.md").toString());
    assertThat(blocks.get("README.md")).isNotEmpty();
    assertThat(blocks.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(10);
    assertThat(regions).hasSizeGreaterThanOrEqualTo(10);
  }

  /** README.md, then every page of the guides, by name. */
  private static List<Path> markdownFiles() throws IOException {
    List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> guides = Files.list(Path.of(GUIDES))) {
      guides.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    return files;
  }

  /** The extraction and comparison on small inputs. */
  @Nested
  class Logic {

    private final Path file = Path.of("src/test/java/x/Example.java");

    private List<Region> regions(String... source) {
      List<String> problems = new ArrayList<>();
      List<Region> regions = ReadmeCode.regions(file, List.of(source), problems);
      assertThat(problems).isEmpty();
      return regions;
    }

    @Test
    void javaBlocksWhenMarkdownHasSeveralFencesThenOnlyJavaBlocksWithTheirFirstCodeLine() {
      List<Block> blocks =
          ReadmeCode.javaBlocks(
              List.of("# Title", "```xml", "<a/>", "```", "", "```java", "int a = 1;", "```"));

      assertThat(blocks).containsExactly(new Block(7, List.of("int a = 1;")));
      assertThat(blocks.get(0).firstLine()).isEqualTo("int a = 1;");
    }

    @Test
    void javaBlocksWhenAFenceNeverEndsThenIllegalArgumentException() {
      assertThatThrownBy(() -> ReadmeCode.javaBlocks(List.of("```java", "int a = 1;")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("line 1 never ends");
    }

    @Test
    void dedentWhenCommonIndentationThenRemovedAndBlankLinesEmptied() {
      assertThat(ReadmeCode.dedent(List.of("    a(", "      b);", "  ", "    c;")))
          .containsExactly("a(", "  b);", "", "c;");
    }

    @Test
    void regionsWhenNestedThenEachHoldsItsLinesWithoutMarkers() {
      List<Region> regions =
          regions(
              "class A {",
              TAG + "outer[]",
              "  int a;",
              "  " + TAG + "inner[]",
              "  int b;",
              "  " + END + "inner[]",
              END + "outer[]",
              "}");

      assertThat(regions)
          .extracting(Region::name, Region::code, Region::line)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("inner", List.of("  int b;"), 5),
              org.assertj.core.groups.Tuple.tuple("outer", List.of("  int a;", "  int b;"), 3));
    }

    @Test
    void regionsWhenMarkerMalformedOrUnclosedThenProblemsNameTheLine() {
      List<String> problems = new ArrayList<>();
      ReadmeCode.regions(
          file, List.of("// tag::readme[]", TAG + "a[]", "int a;", END + "b[]"), problems);

      assertThat(problems)
          .containsExactly(
              file
                  + " line 1: a README tag must read // tag::readme-NAME[] or"
                  + " // end::readme-NAME[] (NAME in a-z, 0-9, -): // tag::readme[]",
              file + " line 4: end::readme-b[] without a start",
              file + " line 2: tag::readme-a[] never ends");
    }

    @Test
    void checkWhenBlockDiffersOnlyByIndentationThenNoProblem() {
      List<Region> regions =
          regions(
              "  void m() {",
              "    " + TAG + "m[]",
              "    int a = 1;",
              "    if (a > 0) {",
              "      a--;",
              "    }",
              "    " + END + "m[]",
              "  }");
      List<Block> blocks =
          List.of(new Block(12, List.of("int a = 1;", "if (a > 0) {", "  a--;", "}")));

      assertThat(ReadmeCode.check(Map.of("README.md", blocks), regions)).isEmpty();
    }

    @Test
    void checkWhenBlockDiffersByOneCharacterThenProblemNamesBlockLineAndRegion() {
      List<Region> regions = regions(TAG + "m[]", "int a = 1;", "int b = 2;", END + "m[]");
      List<Block> blocks = List.of(new Block(40, List.of("int a = 1;", "int b = 3;")));

      List<String> problems = ReadmeCode.check(Map.of("README.md", blocks), regions);

      assertThat(problems).hasSize(2);
      assertThat(problems.get(0))
          .startsWith(
              "README.md line 40, the ```java block starting `int a = 1;`: no tagged region under"
                  + " src/test/java equals it. Closest: readme-m in "
                  + file
                  + "; first difference: README.md line 41 `int b = 3;` vs. the source line 3"
                  + " `int b = 2;`.")
          .contains("change the region");
      assertThat(problems.get(1))
          .isEqualTo(
              "readme-m ("
                  + file
                  + " line 2) is quoted by no ```java block of README.md: quote it in one of"
                  + " them, or remove its tags");
    }

    @Test
    void checkWhenBlockSharesNoLineThenProblemSaysToTagIt() {
      List<String> problems =
          ReadmeCode.check(
              Map.of("README.md", List.of(new Block(3, List.of("int c;")))), List.of());

      assertThat(problems)
          .containsExactly(
              "README.md line 3, the ```java block starting `int c;`: no tagged region under"
                  + " src/test/java equals it. No region shares a line with it: tag the code that"
                  + " compiles it with // tag::readme-NAME[] ... // end::readme-NAME[].");
    }

    @Test
    void checkWhenNameTaggedTwiceThenProblemNamesBoth() {
      List<Region> regions = new ArrayList<>(regions(TAG + "m[]", "int a;", END + "m[]"));
      regions.addAll(
          ReadmeCode.regions(
              Path.of("B.java"), List.of(TAG + "m[]", "int b;", END + "m[]"), new ArrayList<>()));
      List<Block> blocks =
          List.of(new Block(1, List.of("int a;")), new Block(5, List.of("int b;")));

      assertThat(ReadmeCode.check(Map.of("README.md", blocks), regions))
          .containsExactly(
              "readme-m is tagged twice: " + file + " line 2 and B.java line 2; rename one");
    }

    @Test
    void checkWhenSeveralFilesThenAProblemNamesTheFileAndARegionQuotedByAnyOneIsQuoted() {
      List<Region> regions =
          regions(TAG + "a[]", "int a;", END + "a[]", TAG + "b[]", "int b;", END + "b[]");
      Map<String, List<Block>> blocks = new LinkedHashMap<>();
      blocks.put("README.md", List.of(new Block(3, List.of("int a;"))));
      blocks.put(
          "src/site/markdown/flow.md",
          List.of(new Block(7, List.of("int b;")), new Block(12, List.of("int c;"))));

      assertThat(ReadmeCode.check(blocks, regions))
          .singleElement(as(InstanceOfAssertFactories.STRING))
          .startsWith("src/site/markdown/flow.md line 12, the ```java block starting `int c;`");
    }
  }
}
