package dev.agentmemory.inmemory;

import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.SearchKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A quick measurement, not part of the default build (tag {@code measurement}, and its name is not a test's): hit@1,
 * hit@10 and MRR@10 of vector, keyword and hybrid search on the system's manual pages (the NAME line, without its
 * dash, as the query; the DESCRIPTION as the memory; read at run time), with the built-in HashingEmbedder. The
 * "-or" rows join the query's words with {@code or}. The real-text benchmark ({@code bin/bench --only realtext})
 * measures the same with a real embedding model. The table goes to
 * {@code target/surefire-reports/dev.agentmemory.inmemory.KeywordQualityMeasurement-output.txt}. Run:
 * {@code mvn -o -q -B verify -pl memory-inmemory-provider -am -Dtest=KeywordQualityMeasurement -Dsurefire.failIfNoSpecifiedTests=false -Dmeasurement.pages=3000}.
 */
@Tag("measurement")
class KeywordQualityMeasurement {

    private record Page(String id, String name, String description) {
    }

    @Test
    void measure() throws IOException {
        int max = Integer.getInteger("measurement.pages", 3000);
        List<Path> files;
        try (var s = Files.list(Path.of("/usr/share/man/man1"))) { files = s.filter(f -> f.toString().endsWith(".gz")).sorted().toList(); }
        List<Page> pages = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Path f : files) {
            if (pages.size() >= max) break;
            String text;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) { text = new String(in.readAllBytes(), StandardCharsets.UTF_8); }
            String name = null; StringBuilder desc = new StringBuilder(); String section = "";
            for (String line : text.split("\n")) {
                if (line.startsWith(".SH") || line.startsWith(".Sh")) { section = line.substring(3).replace("\"", "").trim().toUpperCase(); continue; }
                if (line.startsWith(".") || line.startsWith("'")) {
                    if (section.equals("DESCRIPTION") && (line.startsWith(".B ") || line.startsWith(".I "))) desc.append(line.substring(3)).append(' ');
                    continue;
                }
                String clean = line.replaceAll("\\\\f[BIRP]", "").replaceAll("\\\\\\(..", " ").replace("\\-", "-").replace("\\", "");
                if (section.equals("NAME") && name == null && !clean.isBlank()) name = clean.trim();
                else if (section.equals("DESCRIPTION") && desc.length() < 4000) desc.append(clean).append(' ');
            }
            if (name == null || desc.length() < 200 || !name.contains(" - ")) continue;
            if (!seen.add(desc.toString())) continue;
            pages.add(new Page(String.format("p%05d", pages.size()), name, desc.toString().trim()));
        }
        Assumptions.assumeTrue(pages.size() >= 100, "needs manual pages under /usr/share/man/man1");
        StringBuilder table = new StringBuilder("\n" + pages.size() + " manual pages, HashingEmbedder(384), mem:\n");
        Scope scope = new Scope("t", "a");
        try (LongTermMemory store = MemoryStores.longTerm("mem:", MemoryOptions.of(), new HashingEmbedder(384))) {
            List<NewMemory> batch = new ArrayList<>();
            for (Page p : pages) batch.add(NewMemory.builder(p.description()).id(p.id()).build());
            for (int i = 0; i < batch.size(); i += 500) store.storeAll(scope, batch.subList(i, Math.min(batch.size(), i + 500)));
            String[] variants = {"vector", "keyword", "hybrid", "keyword-or", "hybrid-or"};
            for (String v : variants) {
                int h1 = 0, h10 = 0; double mrr = 0; int empty = 0;
                for (Page p : pages) {
                    // The NAME line without its dash, which websearch_to_tsquery would read as an exclusion.
                    String q = p.name().replace(" - ", " ").replace(",", " ");
                    if (v.endsWith("-or")) q = String.join(" or ", q.trim().split("\\s+"));
                    SearchKind kind = v.startsWith("vector") ? SearchKind.VECTOR : v.startsWith("keyword") ? SearchKind.KEYWORD : SearchKind.HYBRID;
                    List<ScoredMemory> hits = store.search(scope, MemoryQuery.text(q).kind(kind).limit(10).minSimilarity(-1).build());
                    if (hits.isEmpty()) empty++;
                    for (int r = 0; r < hits.size(); r++) if (hits.get(r).memory().id().equals(p.id())) { if (r == 0) h1++; h10++; mrr += 1.0 / (r + 1); break; }
                }
                int n = pages.size();
                table.append(String.format("%-11s hit@1 %.3f  hit@10 %.3f  MRR@10 %.3f  no hit at all %d%n", v, h1 / (double) n, h10 / (double) n, mrr / n, empty));
            }
        }
        System.out.println(table); // a table for the reader, as the other measurements print theirs
    }
}
