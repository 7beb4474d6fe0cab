package io.sunco.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public API is the checked-in file {@code src/main/api/sunco-oauth-reactor.api}: this test
 * fails when the compiled classes differ from it, with a diff of what was added ({@code +}) and
 * removed ({@code -}), so that every API change shows in review. After a deliberate change,
 * regenerate the file with {@code -Dapi.update=true} (see {@link ApiDump#UPDATE_COMMAND}).
 */
class ApiDumpTest {

  private static final int CONTEXT = 2;

  @Test
  void compiledClassesWhenComparedWithTheCheckedInDumpThenTheyMatch() throws IOException {
    List<String> actual = ApiDump.render(ApiDump.CLASSES, getClass().getClassLoader());
    if (Boolean.getBoolean("api.update")) {
      ApiDump.write(actual);
    }
    assertThat(ApiDump.FILE).as("the API dump; create it with %s", ApiDump.UPDATE_COMMAND).exists();
    List<String> expected = Files.readAllLines(ApiDump.FILE, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      fail(
          "The public API differs from "
              + ApiDump.FILE
              + ". If the change is meant, regenerate the file with "
              + ApiDump.UPDATE_COMMAND
              + " and commit it.\n"
              + diff(expected, actual));
    }
  }

  @Test
  void diffWhenLinesAreAddedAndRemovedThenItShowsThemWithTheirContext() {
    List<String> before = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");
    List<String> after = List.of("a", "b", "c", "X", "e", "f", "g", "h", "i", "j", "k", "l", "Y");

    assertThat(diff(before, after))
        .isEqualTo(
            String.join(
                "\n",
                "--- src/main/api/sunco-oauth-reactor.api (checked in)",
                "+++ target/classes (compiled)",
                "@@ line 2 @@",
                " b",
                " c",
                "-d",
                "+X",
                " e",
                " f",
                "@@ line 11 @@",
                " k",
                " l",
                "+Y",
                ""));
  }

  @Test
  void renderWhenTheCompiledClassesAreReadThenTheFirstLineCountsTypesAndMethods() {
    List<String> lines = ApiDump.render(ApiDump.CLASSES, getClass().getClassLoader());

    long types = lines.stream().skip(1).filter(line -> !line.startsWith(" ")).count();
    assertThat(lines.get(0)).startsWith("# " + types + " public types, ");
    assertThat(lines)
        .anyMatch(line -> line.startsWith("public final class io.sunco.oauth.SunshineOAuthClient "))
        .noneMatch(line -> line.contains("io.sunco.oauth.internal."))
        .noneMatch(line -> line.contains("io.sunco.oauth.cli."));
  }

  @Test
  void renderWhenAPublicClassExtendsAPackagePrivateBaseThenItListsTheInheritedMembers(
      @TempDir Path dir) throws IOException {
    List<String> lines = renderFixture(dir.resolve("before"), "");

    assertThat(lines)
        .containsExactly(
            "# 1 public types, 4 public and protected methods, 1 constructors, 1 fields."
                + " Regenerate: "
                + ApiDump.UPDATE_COMMAND,
            "public final class fixture.Api implements java.lang.Comparable<fixture.Api>",
            "    public fixture.Api named(java.lang.String)",
            "    public fixture.Api()",
            "    public int compareTo(fixture.Api)",
            "    public int hashCode()",
            "    public java.lang.String toString()",
            "    public static final int LIMIT");
  }

  @Test
  void renderWhenAPublicMethodIsAddedToAPackagePrivateBaseThenTheDumpChanges(@TempDir Path dir)
      throws IOException {
    List<String> before = renderFixture(dir.resolve("before"), "");
    List<String> after =
        renderFixture(
            dir.resolve("after"), "public B added(java.util.List<B> others) { return self(); }");

    assertThat(diff(before, after))
        .contains("+    public fixture.Api added(java.util.List<fixture.Api>)");
  }

  /**
   * The dump of a fixture module: a public class {@code fixture.Api} whose package-private generic
   * base {@code Base<B>} declares public methods (one overridden, one final, plus {@code extra})
   * and a public constant, and implements an interface.
   */
  private static List<String> renderFixture(Path dir, String extra) throws IOException {
    Path sources = dir.resolve("src");
    Path classes = dir.resolve("classes");
    Map<String, String> files =
        Map.of(
            "module-info.java",
            "module fixture { exports fixture; }",
            "fixture/Base.java",
            "package fixture;\n"
                + "abstract class Base<B extends Base<B>> implements Comparable<B> {\n"
                + "  public static final int LIMIT = 1;\n"
                + "  abstract B self();\n"
                + "  public B named(String name) { return self(); }\n"
                + "  public String toString() { return \"base\"; }\n"
                + "  public final int hashCode() { return 1; }\n"
                + "  public int compareTo(B other) { return 0; }\n"
                + "  "
                + extra
                + "\n}\n",
            "fixture/Api.java",
            "package fixture;\n"
                + "public final class Api extends Base<Api> {\n"
                + "  Api self() { return this; }\n"
                + "  @Override public String toString() { return \"api\"; }\n"
                + "}\n");
    List<Path> paths = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = sources.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
      paths.add(path);
    }
    // java.base's ToolProvider: the test sources are compiled into the main module, which does not
    // read java.compiler.
    ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
    List<String> arguments = new ArrayList<>(List.of("-proc:none", "-d", classes.toString()));
    paths.forEach(path -> arguments.add(path.toString()));
    StringWriter errors = new StringWriter();
    PrintWriter out = new PrintWriter(errors);
    int exit = javac.run(out, out, arguments.toArray(String[]::new));
    out.flush();
    assertThat(exit).as("javac exit code, output: %s", errors).isZero();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ApiDumpTest.class.getClassLoader())) {
      return ApiDump.render(classes, loader);
    }
  }

  /**
   * A unified-style diff of two line lists (longest common subsequence), with {@value #CONTEXT}
   * lines of context around each change; each hunk names the line of the checked-in file it starts
   * at.
   */
  static String diff(List<String> before, List<String> after) {
    int n = before.size();
    int m = after.size();
    int[][] common = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        common[i][j] =
            before.get(i).equals(after.get(j))
                ? common[i + 1][j + 1] + 1
                : Math.max(common[i + 1][j], common[i][j + 1]);
      }
    }
    // One entry per output line: ' ', '-' or '+', with its line number in "before".
    List<String> edits = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && before.get(i).equals(after.get(j))) {
        edits.add(" " + before.get(i));
        lineNumbers.add(i++);
        j++;
      } else if (i < n && (j == m || common[i + 1][j] >= common[i][j + 1])) {
        edits.add("-" + before.get(i));
        lineNumbers.add(i++);
      } else {
        edits.add("+" + after.get(j++));
        lineNumbers.add(i);
      }
    }
    StringBuilder out =
        new StringBuilder("--- " + ApiDump.FILE.toString().replace('\\', '/') + " (checked in)\n");
    out.append("+++ target/classes (compiled)\n");
    for (int k = 0; k < edits.size(); k++) {
      if (edits.get(k).charAt(0) == ' ') {
        continue;
      }
      // The previous hunk ended at least 2 * CONTEXT + 1 unchanged lines before this change.
      int from = Math.max(k - CONTEXT, 0);
      int to = k;
      // Extend the hunk over every change less than 2 * CONTEXT + 1 lines after the last one.
      for (int next = k + 1; next < edits.size() && next <= to + 2 * CONTEXT + 1; next++) {
        if (edits.get(next).charAt(0) != ' ') {
          to = next;
        }
      }
      to = Math.min(to + CONTEXT, edits.size() - 1);
      out.append("@@ line ").append(lineNumbers.get(from) + 1).append(" @@\n");
      for (int e = from; e <= to; e++) {
        out.append(edits.get(e)).append('\n');
      }
      k = to;
    }
    return out.toString();
  }
}
