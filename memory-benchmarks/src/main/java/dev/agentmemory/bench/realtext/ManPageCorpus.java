package dev.agentmemory.bench.realtext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The real-text corpus: the English manual pages of this machine ({@code /usr/share/man/man*}, not the translated
 * folders), one document per page. The document is the page's DESCRIPTION section (its first
 * {@value #DOCUMENT_CHARS} characters, cut at a word), the query is the one-line summary of its NAME section
 * without the command names ({@code ls - list directory contents} asks "list directory contents"): the task is to
 * find the page from what it does, and the names would hand a keyword search the answer, since the description
 * repeats them.
 *
 * <p>Dropped: symbolic links and {@code .so} pages (another page's alias), pages without both sections or with a
 * summary under {@value #MIN_QUERY_CHARS} or a description under {@value #MIN_DOCUMENT_CHARS} characters, and every
 * page whose summary or description (compared case- and space-insensitively) an earlier page already has, so each
 * query has exactly one right page. Earlier means in path order, so {@code man1} wins over {@code man3}.
 *
 * <p>When more than {@code target} pages remain, all pages outside the uniform families ({@link #UNIFORM}) are
 * kept (the first {@code target} in path order, should they alone be more) and pages of those families drawn with a
 * fixed seed fill the rest, so the corpus is as varied as the machine allows. A uniform family is many pages in one
 * style whose summaries differ only in a name or a number:
 * the Google Cloud SDK's reference ({@code gcloud_*}, 16,000 pages, one per subcommand), the Erlang wx binding's
 * class pages ({@code wxFrame.3erl}, "Functions for wxFrame class") and Perl's release notes ({@code perl5360delta.1},
 * "what is new for perl v5.36.0"). {@code bin/realtext-corpus} installs the Debian packages whose pages bring a
 * machine to the target.
 */
public final class ManPageCorpus {

    /** Characters of the DESCRIPTION kept as the document; MiniLM reads 256 word pieces, about 1,000 characters. */
    static final int DOCUMENT_CHARS = 1_500;
    static final int MIN_DOCUMENT_CHARS = 60;
    static final int MIN_QUERY_CHARS = 8;

    private static final Pattern SECTION_DIR = Pattern.compile("man[0-9n][a-z]*");
    /**
     * The files of the uniform families, relative to the man root: drawn only to fill the corpus up to the target.
     */
    static final Pattern UNIFORM = Pattern.compile(
            "man1/gcloud[^/]*|man3/wx[A-Z][^/]*\\.3erl(\\.gz)?|man1/perl(5[0-9]+)?delta\\.1(\\.gz)?");
    private static final Pattern NAME_SEPARATOR = Pattern.compile("\\s+(?:-|--|\u2014|\u2013)\\s+");

    private ManPageCorpus() {
    }

    /** One page: its file (relative to the man root), the query made from its summary, and the document. */
    record Page(String file, String query, String document) {
    }

    /** What {@link #build} did, for the report. */
    record Stats(int files, int links, int parsed, int withoutSections, int duplicates, int kept, int uniformKept,
                 long nanos) {
    }

    /** The selected pages and the counts of how they were chosen. */
    record Built(List<Page> pages, Stats stats) {
    }

    /**
     * Every English page's file under {@code root}, in path order.
     *
     * @param root usually {@code /usr/share/man}
     * @return the regular {@code man<section>} files and the symbolic links, sorted
     */
    static List<Path> files(Path root) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.filter(d -> SECTION_DIR.matcher(d.getFileName().toString()).matches()).toList()) {
                try (Stream<Path> pages = Files.list(dir)) {
                    pages.forEach(files::add);
                }
            }
        }
        files.sort(Comparator.comparing(Path::toString));
        return files;
    }

    /**
     * Reads, parses and selects the pages, in parallel over the machine's cores.
     *
     * @param root usually {@code /usr/share/man}
     * @param target at most this many pages
     * @return the pages, in path order, and the counts
     */
    static Built build(Path root, int target) throws IOException {
        long t0 = System.nanoTime();
        List<Path> files = files(root);
        List<Path> regular = files.stream().filter(f -> !Files.isSymbolicLink(f) && Files.isRegularFile(f)).toList();
        List<Page> parsed = regular.parallelStream().map(f -> parse(root, f)).filter(Objects::nonNull).toList();
        List<Page> unique = new ArrayList<>();
        Set<String> queries = new HashSet<>();
        Set<String> documents = new HashSet<>();
        for (Page p : parsed) {
            boolean newQuery = queries.add(normal(p.query()));
            boolean newDocument = documents.add(normal(p.document()));
            if (newQuery && newDocument) {
                unique.add(p);
            }
        }
        List<Page> kept = unique;
        int uniform = (int) unique.stream().filter(ManPageCorpus::isUniform).count();
        if (unique.size() > target) {
            List<Page> others = unique.stream().filter(p -> !isUniform(p)).toList();
            List<Page> fill = new ArrayList<>(unique.stream().filter(ManPageCorpus::isUniform).toList());
            Collections.shuffle(fill, new Random(20261207L));
            List<Page> chosen = new ArrayList<>(others.subList(0, Math.min(target, others.size())));
            chosen.addAll(fill.subList(0, Math.max(0, target - chosen.size())));
            chosen.sort(Comparator.comparing(Page::file));
            kept = chosen;
            uniform = (int) chosen.stream().filter(ManPageCorpus::isUniform).count();
        }
        Stats stats = new Stats(files.size(), files.size() - regular.size(), regular.size(),
                regular.size() - parsed.size(), parsed.size() - unique.size(), kept.size(), uniform,
                System.nanoTime() - t0);
        return new Built(List.copyOf(kept), stats);
    }

    private static boolean isUniform(Page p) {
        return UNIFORM.matcher(p.file()).matches();
    }

    /** @return the page, or null when it is an alias or lacks a usable NAME summary or DESCRIPTION */
    static Page parse(Path root, Path file) {
        String source;
        try (InputStream in = open(file)) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (source.startsWith(".so ") || source.startsWith("'so ")) {
            return null;
        }
        return page(root.relativize(file).toString(), source);
    }

    /** @return the page made from roff source, or null when it lacks a usable NAME summary or DESCRIPTION */
    static Page page(String file, String source) {
        Map<String, String> sections = RoffText.sections(source);
        String name = sections.get("NAME");
        String description = sections.get("DESCRIPTION");
        if (name == null || description == null) {
            return null;
        }
        String[] parts = NAME_SEPARATOR.split(name, 2);
        if (parts.length < 2) {
            return null;
        }
        String query = parts[1].strip();
        String document = cut(description.strip(), DOCUMENT_CHARS);
        if (query.length() < MIN_QUERY_CHARS || document.length() < MIN_DOCUMENT_CHARS) {
            return null;
        }
        return new Page(file, query, document);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int space = text.lastIndexOf(' ', max);
        return text.substring(0, space > max / 2 ? space : max);
    }

    private static String normal(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[\\s.]+", " ").strip();
    }

    /**
     * The queries of a run: {@code count} pages drawn with a fixed seed.
     *
     * @return indexes into {@code pages}, in drawing order
     */
    static int[] sampleQueries(int pages, int count, long seed) {
        List<Integer> all = new ArrayList<>(pages);
        for (int i = 0; i < pages; i++) {
            all.add(i);
        }
        Collections.shuffle(all, new Random(seed));
        return all.subList(0, Math.min(count, pages)).stream().mapToInt(Integer::intValue).toArray();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
