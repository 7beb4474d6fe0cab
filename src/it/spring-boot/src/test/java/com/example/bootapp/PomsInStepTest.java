package com.example.bootapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * pom.xml (Boot 4.0.x) and pom-boot-4.1.xml run the same project: they must differ only in their
 * parent, artifactId, name, Netty properties and build directory. And pom-boot-4.1.xml's record of
 * the Netty version Boot's parent manages ({@code boot.netty.version}, kept by hand beside its pin)
 * must be the parent's real value, read from the parent's own pom in the local repository.
 */
class PomsInStepTest {

  private static final Path DIR = Path.of(System.getProperty("basedir", "."));

  /** The properties that only pom-boot-4.1.xml has or sets otherwise. */
  private static final List<String> NETTY = List.of("netty.version", "boot.netty.version");

  private static Element project(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(file.toFile());
    return document.getDocumentElement();
  }

  private static Element project(String file) throws Exception {
    return project(DIR.resolve(file));
  }

  /** The child elements of {@code parent}, in order. */
  private static List<Element> children(Element parent) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element) {
        found.add(element);
      }
    }
    return found;
  }

  private static List<Element> children(Element parent, String name) {
    return children(parent).stream().filter(e -> e.getTagName().equals(name)).toList();
  }

  private static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    assertThat(found).as("<%s> in <%s>", name, parent.getTagName()).hasSize(1);
    return found.get(0);
  }

  /** Each dependency as {@code group:artifact:version:scope}, in order. */
  private static List<String> dependencies(Element project) {
    List<String> all = new ArrayList<>();
    for (Element dependency : children(child(project, "dependencies"), "dependency")) {
      all.add(
          String.join(
              ":",
              text(dependency, "groupId"),
              text(dependency, "artifactId"),
              text(dependency, "version"),
              text(dependency, "scope")));
    }
    return all;
  }

  private static String text(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? "" : found.get(0).getTextContent().strip();
  }

  /** The properties, less the Netty ones. */
  private static Map<String, String> properties(Element project) {
    Map<String, String> all = new LinkedHashMap<>();
    for (Element property : children(child(project, "properties"))) {
      if (!NETTY.contains(property.getTagName())) {
        all.put(property.getTagName(), property.getTextContent().strip());
      }
    }
    return all;
  }

  /** The surefire plugin's configuration as text, less the 4.1 pom's own system property. */
  private static String surefire(Element project) {
    Element plugins = child(child(project, "build"), "plugins");
    for (Element plugin : children(plugins, "plugin")) {
      if (text(plugin, "artifactId").equals("maven-surefire-plugin")) {
        Element configuration = child(plugin, "configuration");
        StringBuilder shown = new StringBuilder();
        describe(configuration, shown);
        return shown.toString();
      }
    }
    throw new AssertionError("no maven-surefire-plugin");
  }

  private static void describe(Element element, StringBuilder shown) {
    if (element.getTagName().equals("expected.boot-netty")) {
      return;
    }
    List<Element> elements = children(element);
    shown.append('<').append(element.getTagName()).append('>');
    if (elements.isEmpty()) {
      shown.append(element.getTextContent().strip());
    }
    for (Element child : elements) {
      describe(child, shown);
    }
    shown.append("</").append(element.getTagName()).append('>');
  }

  @Test
  void pomsWhenComparedThenTheSameDependenciesPropertiesAndTestSetUp() throws Exception {
    Element boot40 = project("pom.xml");
    Element boot41 = project("pom-boot-4.1.xml");

    assertThat(dependencies(boot41)).isNotEmpty().isEqualTo(dependencies(boot40));
    assertThat(properties(boot41)).isNotEmpty().isEqualTo(properties(boot40));
    assertThat(surefire(boot41)).contains("<argLine>").isEqualTo(surefire(boot40));
  }

  @Test
  void bootNettyVersionWhenRecordedThenItIsTheParentsOwn() throws Exception {
    Element boot41 = project("pom-boot-4.1.xml");
    String parentVersion = text(child(boot41, "parent"), "version");
    String recorded = text(child(boot41, "properties"), "boot.netty.version");
    String repository = System.getProperty("local.repository", "");
    Path parentPom =
        Path.of(
            repository,
            "org/springframework/boot/spring-boot-dependencies",
            parentVersion,
            "spring-boot-dependencies-" + parentVersion + ".pom");
    // The 4.1 run resolves that pom before its tests; the 4.0 run may not have it yet.
    Assumptions.assumeTrue(
        !repository.isEmpty() && Files.isRegularFile(parentPom), parentPom + " not resolved here");

    Element dependencies = project(parentPom);
    assertThat(recorded)
        .as("boot.netty.version in pom-boot-4.1.xml, against %s", parentPom)
        .isEqualTo(text(child(dependencies, "properties"), "netty.version"));
  }
}
