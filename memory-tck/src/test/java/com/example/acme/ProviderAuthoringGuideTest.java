package com.example.acme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The guide's code is this project's compiled and tested code, word for word, so that what a reader copies passes
 * the TCK; and the coordinates it gives (the BOM and its version) are the ones this build publishes.
 */
class ProviderAuthoringGuideTest {

    private static final Path ROOT = Path.of("..");
    private static final Path GUIDE = ROOT.resolve("docs/provider-authoring.md");

    /** Every file the guide shows whole, relative to the project's root. */
    private static final List<String> SHOWN = List.of(
            "memory-tck/src/test/java/com/example/acme/AcmeProvider.java",
            "memory-tck/src/test/java/com/example/acme/AcmeShortTermMemory.java",
            "memory-tck/src/test/java/com/example/acme/AcmeTckTest.java",
            "memory-redis-provider/src/test/java/com/example/network/NetworkProviderTckTest.java",
            "memory-inmemory-provider/src/test/smoke/agentmemory.smoke/module-info.java",
            "memory-inmemory-provider/src/test/smoke/agentmemory.smoke/smoke/Main.java",
            "memory-inmemory-provider/src/test/java/dev/agentmemory/inmemory/ModulePathSmokeTest.java");

    @Test
    void theGuideShowsTheTestedFilesVerbatim() throws IOException {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        for (String file : SHOWN) {
            String source = Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8).strip();
            assertTrue(guide.contains("```java\n" + source + "\n```"),
                    file + " in " + GUIDE + " differs from the tested source; copy it again");
        }
    }

    @Test
    void theGuideShowsThePomOfTheSmokeTestVerbatim() throws IOException {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        String pom = Files.readString(ROOT.resolve("memory-inmemory-provider/pom.xml"), StandardCharsets.UTF_8);
        String build = pom.substring(pom.indexOf("  <build>"), pom.indexOf("  </build>") + "  </build>".length());
        assertTrue(guide.contains("```xml\n" + build + "\n```"),
                "the <build> of memory-inmemory-provider/pom.xml differs from the guide's; copy it again");
    }

    @Test
    void theGuideImportsTheBomAtTheVersionThisBuildPublishes() throws Exception {
        String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
        Matcher version = Pattern.compile("<agentmemory\\.version>([^<]+)</agentmemory\\.version>").matcher(guide);
        assertTrue(version.find(), "the guide defines the property agentmemory.version");
        assertTrue(guide.contains("<artifactId>memory-bom</artifactId>\n      <version>${agentmemory.version}</version>"),
                "the guide imports memory-bom at ${agentmemory.version}");
        Element parent = pom("pom.xml");
        Element bom = pom("memory-bom/pom.xml");

        assertEquals(text(parent, "version"), version.group(1), "agentmemory.version in the guide");
        assertEquals(text(parent, "version"), text(bom, "version"), "memory-bom's version (it has no parent)");
        assertEquals(text(parent, "groupId"), text(bom, "groupId"));
    }

    @Test
    void theBomManagesEveryPublishedArtifactAndTheTcksJUnitAndTestcontainers() throws Exception {
        Element parent = pom("pom.xml");
        Element bom = pom("memory-bom/pom.xml");
        Set<String> published = new TreeSet<>();
        for (Element module : children(child(parent, "modules"), "module")) {
            Element pom = pom(module.getTextContent().trim() + "/pom.xml");
            boolean library = !"pom".equals(text(pom, "packaging")) && !"true".equals(property(pom, "maven.deploy.skip"));
            if (library) {
                published.add(text(pom, "artifactId"));
            }
        }
        Set<String> managed = new TreeSet<>();
        for (Element d : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
            if (text(d, "groupId").equals(text(parent, "groupId"))) {
                assertEquals("${project.version}", text(d, "version"), text(d, "artifactId"));
                managed.add(text(d, "artifactId"));
            }
        }

        assertEquals(published, managed, "memory-bom lists every module that is deployed, and nothing else");
        assertTrue(published.containsAll(List.of("memory-api", "memory-tck", "memory-faultproxy", "memory-resilience")),
                published::toString);
        for (String version : List.of("junit.version", "testcontainers.version")) {
            assertEquals(property(parent, version), property(bom, version), version + " in memory-bom and the parent");
        }
    }

    private static Element pom(String file) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve(file).toFile());
        return document.getDocumentElement();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && e.getTagName().equals(name)) {
                found.add(e);
            }
        }
        return found;
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertEquals(1, found.size(), () -> "one <" + name + "> in <" + parent.getTagName() + ">");
        return found.get(0);
    }

    /** The element's own child's text (not a parent's), or "" if there is none. */
    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
    }

    private static String property(Element pom, String name) {
        List<Element> properties = children(pom, "properties");
        return properties.isEmpty() ? "" : text(properties.get(0), name);
    }
}
