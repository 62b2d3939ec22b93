package dev.agentmemory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README and the pages under docs/ stay true to the checkout: every relative link (and its {@code #anchor})
 * resolves, no page names a path of one machine, every page under docs/ is linked from the README, the coordinates
 * and module names the README gives are the ones this build declares, and the README's example compiles against
 * this build's API.
 */
class DocumentationTest {

    private static final Path ROOT = Path.of("..");
    private static final Path README = ROOT.resolve("README.md");

    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    /** Absolute paths that only exist on one machine: a home, a scratch or a work directory. */
    private static final Pattern MACHINE_PATH = Pattern.compile("(?<![\\w.$~-])/(work|tmp|home|root|Users)/");

    @Test
    void everyRelativeLinkResolvesToAFileAndAnchor() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String target : links(page)) {
                if (target.matches("^[a-zA-Z][a-zA-Z+.-]*:.*")) {
                    continue; // https:, mailto:: not this checkout's files
                }
                if (target.startsWith("/")) {
                    broken.add(page + ": " + target + " is absolute; link relative to the page");
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no file " + resolved + ")");
                } else if (anchor != null && !anchors(resolved).contains(anchor)) {
                    broken.add(page + ": " + target + " (no heading with anchor #" + anchor + " in " + resolved + ")");
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void noPageNamesAPathOfOneMachine() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (MACHINE_PATH.matcher(lines.get(i)).find()) {
                    found.add(page + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertTrue(found.isEmpty(), "machine-specific paths:\n" + String.join("\n", found));
    }

    @Test
    void everyPageUnderDocsIsLinkedFromTheReadme() throws IOException {
        Set<Path> linked = links(README).stream()
                .map(target -> target.replaceFirst("#.*", ""))
                .filter(target -> !target.isEmpty() && !target.contains(":"))
                .map(target -> ROOT.resolve(target).normalize())
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md"))
                    .map(Path::normalize)
                    .filter(p -> !linked.contains(p))
                    .forEach(p -> missing.add(p.toString()));
        }
        assertTrue(missing.isEmpty(), "pages not linked from README.md: " + missing);
    }

    @Test
    void theReadmeGivesTheCoordinatesThisBuildPublishes() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        String parent = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
        Matcher version = Pattern.compile("<artifactId>agentmemory-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(parent);
        assertTrue(version.find(), "the parent pom's version");
        Matcher group = Pattern.compile("<groupId>([^<]+)</groupId>").matcher(parent);
        assertTrue(group.find(), "the parent pom's groupId");

        assertTrue(readme.contains("<groupId>" + group.group(1) + "</groupId>\n      <artifactId>memory-bom</artifactId>\n"
                        + "      <version>" + version.group(1) + "</version>"),
                "README.md imports " + group.group(1) + ":memory-bom:" + version.group(1));
        Set<String> modules = new TreeSet<>();
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (module.find()) {
            modules.add(module.group(1));
        }
        Matcher artifact = Pattern.compile("<artifactId>(memory-[^<]+)</artifactId>").matcher(readme);
        while (artifact.find()) {
            assertTrue(modules.contains(artifact.group(1)), artifact.group(1) + " in README.md is not a module of the build");
        }
    }

    @Test
    void theReadmeNamesTheModulesTheirModuleInfoDeclares() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        Map<String, String> declared = new HashMap<>(); // artifact -> module name
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path dir : dirs.filter(Files::isDirectory).collect(Collectors.toList())) {
                Path info = dir.resolve("src/main/java/module-info.java");
                if (Files.exists(info)) {
                    Matcher name = Pattern.compile("(?m)^module\\s+([\\w.]+)\\s*\\{")
                            .matcher(Files.readString(info, StandardCharsets.UTF_8));
                    assertTrue(name.find(), "module declaration in " + info);
                    declared.put(dir.getFileName().toString(), name.group(1));
                }
            }
        }
        Matcher row = Pattern.compile("(?m)^\\| `(memory-[\\w-]+)` \\| `([\\w.]+)` \\|").matcher(readme);
        int rows = 0;
        while (row.find()) {
            rows++;
            assertEquals(declared.get(row.group(1)), row.group(2), "module of " + row.group(1) + " in README.md's module map");
        }
        assertEquals(declared.size(), rows, "README.md's module map has a row for each module " + declared.keySet());

        Matcher requires = Pattern.compile("requires\\s+([\\w.]+);").matcher(readme);
        Set<String> named = new LinkedHashSet<>();
        while (requires.find()) {
            named.add(requires.group(1));
        }
        assertTrue(named.contains("dev.agentmemory.api"), "README.md shows `requires dev.agentmemory.api;`");
        for (String name : named) {
            assertTrue(declared.containsValue(name), "README.md requires " + name + ", which no module declares");
        }
    }

    @Test
    void theReadmeExampleCompilesAgainstThisBuild(@TempDir Path work) throws IOException {
        String example = javaBlockAfter(Files.readString(README, StandardCharsets.UTF_8), "## Example");
        StringBuilder imports = new StringBuilder("import java.util.List;\n");
        StringBuilder body = new StringBuilder();
        for (String line : example.split("\n", -1)) {
            (line.startsWith("import ") ? imports : body).append(line).append('\n');
        }
        Path source = work.resolve("ReadmeExample.java");
        Files.writeString(source, imports + "class ReadmeExample {\n    void run() {\n" + body + "    }\n}\n",
                StandardCharsets.UTF_8);
        // The test runs on the module path or the class path: either way the API is on one of them.
        String path = Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"))
                .filter(p -> p != null && !p.isEmpty())
                .collect(Collectors.joining(java.io.File.pathSeparator));
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow(() -> new AssertionError("no javac in this JDK"));
        ByteArrayOutputStream messages = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(messages, true, StandardCharsets.UTF_8)) {
            int status = javac.run(out, out, "-proc:none", "-Xlint:none", "-d", work.resolve("classes").toString(),
                    "-classpath", path, source.toString());
            assertEquals(0, status, "the example under \"## Example\" in README.md does not compile against this build:\n"
                    + messages.toString(StandardCharsets.UTF_8));
        }
    }

    /** README.md, every page under docs/, and each module's README.md. */
    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        try (Stream<Path> dirs = Files.list(ROOT)) {
            dirs.map(dir -> dir.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The targets of every link outside fenced code blocks. */
    private static List<String> links(Path page) throws IOException {
        List<String> targets = new ArrayList<>();
        for (String line : prose(page)) {
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                targets.add(link.group(1));
            }
        }
        return targets;
    }

    /** The anchors GitHub gives the page's headings: lower case, punctuation dropped, spaces as hyphens, -1 for a repeat. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new LinkedHashSet<>();
        if (!page.toString().endsWith(".md")) {
            return anchors;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(page)) {
            Matcher heading = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$").matcher(line);
            if (heading.matches()) {
                String slug = heading.group(1).toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                int n = seen.merge(slug, 1, Integer::sum);
                anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
            }
        }
        return anchors;
    }

    /** The page's lines outside fenced code blocks. */
    private static List<String> prose(Path page) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page, StandardCharsets.UTF_8)) {
            if (line.strip().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** The first {@code ```java} block after the heading. */
    private static String javaBlockAfter(String markdown, String heading) {
        int at = markdown.indexOf("\n" + heading + "\n");
        assertTrue(at >= 0, "README.md has the heading " + heading);
        int start = markdown.indexOf("```java\n", at);
        assertTrue(start >= 0, "a java block under " + heading);
        start += "```java\n".length();
        int end = markdown.indexOf("\n```", start);
        return markdown.substring(start, end);
    }
}
