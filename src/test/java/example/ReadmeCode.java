package example;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the {@code ```java} blocks of the README and the guides ({@code src/site/markdown}) and the
 * tagged regions of the test sources that hold them, and says where they disagree. A region is the
 * lines between {@code // tag::readme-NAME[]} and {@code // end::readme-NAME[]} (marker lines of
 * other regions left out); a block and a region are equal when their lines are, once each has lost
 * its common leading indentation.
 */
final class ReadmeCode {

  private static final Pattern START = Pattern.compile("^\\s*// tag::readme-([a-z0-9-]+)\\[]\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// end::readme-([a-z0-9-]+)\\[]\\s*$");
  private static final Pattern ANY_MARKER = Pattern.compile("^\\s*//\\s*(tag|end)::\\s*readme.*");

  /** One {@code ```java} block of a Markdown file: the line of its first code line, its code. */
  record Block(int line, List<String> code) {
    /** The first line that is not blank, to name the block in a message. */
    String firstLine() {
      return code.stream().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    }
  }

  /**
   * One tagged region.
   *
   * @param line the line of the first code line after the start marker
   * @param code the lines between the markers, marker lines of other regions left out
   * @param lines the source line of each code line
   */
  record Region(String name, Path file, int line, List<String> code, List<Integer> lines) {}

  private ReadmeCode() {}

  /** Every {@code ```java} block of a Markdown text, in order. */
  static List<Block> javaBlocks(List<String> markdown) {
    List<Block> blocks = new ArrayList<>();
    List<String> current = null;
    int first = 0;
    for (int i = 0; i < markdown.size(); i++) {
      String line = markdown.get(i);
      if (current == null) {
        if (line.strip().equals("```java")) {
          current = new ArrayList<>();
          first = i + 2;
        }
      } else if (line.strip().equals("```")) {
        blocks.add(new Block(first, List.copyOf(current)));
        current = null;
      } else {
        current.add(line);
      }
    }
    if (current != null) {
      throw new IllegalArgumentException(
          "the ```java block of line " + (first - 1) + " never ends");
    }
    return blocks;
  }

  /**
   * The tagged regions of one source file; a marker that is malformed, unmatched or repeated inside
   * its own region is a problem added to {@code problems}.
   */
  static List<Region> regions(Path file, List<String> source, List<String> problems) {
    Map<String, Integer> open = new LinkedHashMap<>();
    Map<String, List<String>> code = new HashMap<>();
    Map<String, List<Integer>> lines = new HashMap<>();
    List<Region> regions = new ArrayList<>();
    for (int i = 0; i < source.size(); i++) {
      String line = source.get(i);
      Matcher start = START.matcher(line);
      Matcher end = END.matcher(line);
      if (start.matches()) {
        String name = start.group(1);
        if (open.putIfAbsent(name, i + 1) != null) {
          problems.add(file + " line " + (i + 1) + ": readme-" + name + " starts again inside it");
        }
        code.put(name, new ArrayList<>());
        lines.put(name, new ArrayList<>());
      } else if (end.matches()) {
        String name = end.group(1);
        Integer from = open.remove(name);
        if (from == null) {
          problems.add(file + " line " + (i + 1) + ": end::readme-" + name + "[] without a start");
        } else {
          List<Integer> at = lines.get(name);
          regions.add(
              new Region(
                  name,
                  file,
                  at.isEmpty() ? from + 1 : at.get(0),
                  code.get(name),
                  List.copyOf(at)));
        }
      } else if (ANY_MARKER.matcher(line).matches()) {
        problems.add(
            file
                + " line "
                + (i + 1)
                + ": a README tag must read // tag::readme-NAME[] or // end::readme-NAME[]"
                + " (NAME in a-z, 0-9, -): "
                + line.strip());
      } else {
        for (String name : open.keySet()) {
          code.get(name).add(line);
          lines.get(name).add(i + 1);
        }
      }
    }
    open.forEach(
        (name, from) ->
            problems.add(file + " line " + from + ": tag::readme-" + name + "[] never ends"));
    return regions;
  }

  /** The tagged regions of every {@code .java} file under {@code root}. */
  static List<Region> scan(Path root, List<String> problems) {
    List<Region> regions = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        regions.addAll(regions(file, Files.readAllLines(file, StandardCharsets.UTF_8), problems));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return regions;
  }

  /**
   * The lines without their common leading indentation and without leading and trailing blank
   * lines; blank lines inside become empty.
   */
  static List<String> dedent(List<String> lines) {
    int common =
        lines.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    List<String> out =
        new ArrayList<>(
            lines.stream()
                .map(l -> l.isBlank() ? "" : l.substring(common).stripTrailing())
                .toList());
    // google-java-format may keep a blank line before an end marker between class members.
    while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
      out.remove(out.size() - 1);
    }
    while (!out.isEmpty() && out.get(0).isEmpty()) {
      out.remove(0);
    }
    return out;
  }

  /**
   * What is wrong: a block of one of the Markdown files that equals no region, a region that no
   * block of any of them quotes, a name used twice. Empty when every block is a region and every
   * region is quoted somewhere.
   *
   * @param blocksByFile each Markdown file's name (for messages) and its blocks
   */
  static List<String> check(Map<String, List<Block>> blocksByFile, List<Region> regions) {
    List<String> problems = new ArrayList<>();
    Map<String, Region> byName = new HashMap<>();
    for (Region region : regions) {
      Region earlier = byName.putIfAbsent(region.name(), region);
      if (earlier != null) {
        problems.add(
            "readme-"
                + region.name()
                + " is tagged twice: "
                + where(earlier)
                + " and "
                + where(region)
                + "; rename one");
      }
    }
    List<Region> quoted = new ArrayList<>();
    blocksByFile.forEach(
        (markdown, blocks) -> {
          for (Block block : blocks) {
            List<String> code = dedent(block.code());
            List<Region> equal =
                regions.stream().filter(r -> dedent(r.code()).equals(code)).toList();
            if (equal.isEmpty()) {
              problems.add(unmatched(markdown, block, code, regions));
            }
            quoted.addAll(equal);
          }
        });
    for (Region region : regions) {
      if (!quoted.contains(region)) {
        problems.add(
            "readme-"
                + region.name()
                + " ("
                + where(region)
                + ") is quoted by no ```java block of "
                + String.join(", ", blocksByFile.keySet())
                + ": quote it in one of them, or remove its tags");
      }
    }
    return problems;
  }

  private static String unmatched(
      String readme, Block block, List<String> code, List<Region> regions) {
    String head =
        readme
            + " line "
            + block.line()
            + ", the ```java block starting `"
            + block.firstLine()
            + "`: no tagged region under src/test/java equals it.";
    String fix =
        " Fix it where it compiles and runs: change the region (between // tag::readme-NAME[] and"
            + " // end::readme-NAME[]) and copy it into "
            + readme
            + ", or make the block equal to the region again.";
    Region closest =
        regions.stream()
            .max(Comparator.comparingInt(r -> sharedLines(code, dedent(r.code()))))
            .filter(r -> sharedLines(code, dedent(r.code())) > 0)
            .orElse(null);
    if (closest == null) {
      return head
          + " No region shares a line with it: tag the code that compiles it with"
          + " // tag::readme-NAME[] ... // end::readme-NAME[].";
    }
    List<String> near = dedent(closest.code());
    int i = 0;
    while (i < code.size() && i < near.size() && code.get(i).equals(near.get(i))) {
      i++;
    }
    String readmeSide =
        i < code.size() ? "line " + (block.line() + i) + " `" + code.get(i) + "`" : "(block ends)";
    String sourceSide =
        i < near.size()
            ? "line " + closest.lines().get(i) + " `" + near.get(i) + "`"
            : "(region ends)";
    return head
        + " Closest: readme-"
        + closest.name()
        + " in "
        + closest.file()
        + "; first difference: "
        + readme
        + " "
        + readmeSide
        + " vs. the source "
        + sourceSide
        + "."
        + fix;
  }

  /** How many lines of {@code a} also occur in {@code b}, each line of {@code b} counted once. */
  private static int sharedLines(List<String> a, List<String> b) {
    Map<String, Integer> counts = new HashMap<>();
    b.forEach(l -> counts.merge(l, 1, Integer::sum));
    int shared = 0;
    for (String line : a) {
      if (!line.isEmpty() && counts.getOrDefault(line, 0) > 0) {
        counts.merge(line, -1, Integer::sum);
        shared++;
      }
    }
    return shared;
  }

  private static String where(Region region) {
    return region.file() + " line " + region.line();
  }
}
