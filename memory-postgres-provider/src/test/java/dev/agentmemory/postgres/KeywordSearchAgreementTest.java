package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Differential test: keyword and hybrid search on PostgreSQL and on {@code mem:} (which reproduces PostgreSQL's
 * {@code english} text search in Java) give the same ranked ids and the same scores on the same data. Two corpora:
 * hand-written sentences with the token types {@code mem:} supports (stop words, plurals and other inflections, mixed
 * case, hyphenated words, words with digits, numbers, non-ASCII letters, repeated words, punctuation) queried in every
 * form of {@code websearch_to_tsquery} syntax; and a seeded random corpus of sentences over a small vocabulary, so
 * that words repeat at many distances and ts_rank's proximity weights are exercised, queried by random queries;
 * and the vocabulary of the system's manual pages (words of letters only: the token types mem: does not reproduce
 * are documented in docs/search.md).
 */
class KeywordSearchAgreementTest {

    private static final int DIMENSION = 32;
    private static final Scope SCOPE = new Scope("t", "keyword-agreement");
    private static final String SCHEMA = PostgresTestSupport.newSchema("kwagree");
    private static LongTermMemory postgres;
    private static LongTermMemory mem;

    static final List<String> SENTENCES = List.of(
            "The quick brown fox jumps over the lazy dog.",
            "Quick foxes jumped over lazy dogs; the dogs did not care.",
            "A well-known command-line tool lists directory contents.",
            "List the contents of a directory, one entry per line.",
            "Connections to the database are pooled and reused.",
            "The connection pool connects lazily: connecting happens on first use.",
            "PostgreSQL 15 supports generated columns and GIN indexes.",
            "Version 2 of the protocol adds abc123 tokens and 42 new fields.",
            "Über-cool Straße in Zürich has a café.",
            "Running runners run; the run ran.",
            "It's the user's choice: don't repeat, don't repeat, don't repeat yourself.",
            "State-of-the-art retrieval fuses keyword and vector rankings.",
            "Reciprocal rank fusion combines rankings by their reciprocal ranks.",
            "Memory memories memorize memorized memorizing memorial.",
            "The agent remembers that the user prefers tea over coffee.",
            "Coffee, tea, and water: the user drinks water mostly.",
            "Cats and dogs; dogs and cats; cats, cats, cats.",
            "Sad cats and fat rats: the fat rat sat on the sad cat.",
            "Nothing here but stop words: it is what it is, and so on.",
            "Search engines index documents; indexing documents takes time.",
            "HTML and CSS; the DOM tree; JavaScript engines.",
            "Filters apply before ranking in every kind of search.",
            "Scopes isolate tenants and agents from one another.",
            "x_y and foo_bar and e-mail and re-run and co-operate.");

    static final List<String> QUERIES = List.of(
            "fox", "foxes", "quick fox", "lazy dogs", "dog fox jumps", "directory contents", "list directory",
            "well-known", "command-line tool", "known", "\"command line\"", "\"lazy dog\"", "\"the lazy dog\"",
            "\"jumps the lazy\"", "connections", "connect pool", "connecting or database", "database or pool or use",
            "cats", "cats -rats", "-cats dogs", "cat - rat", "\"sad cat\" or \"fat rat\"", "-\"sad cat\" rats",
            "fat rat sat", "abc123", "42 fields", "version 2", "15", "über-cool", "straße zürich", "café",
            "run", "running runners", "repeat", "don't repeat yourself", "state-of-the-art", "state art",
            "reciprocal rank fusion", "rankings", "memory", "memorial memories", "tea coffee", "tea or coffee",
            "water or the", "the", "it is what it is", "or", "-", "\"\"", "documents index", "engines",
            "filters ranking", "scopes tenants agents", "x y", "foo bar", "e-mail", "rerun", "re-run", "co-operate",
            "cats cats", "Cats AND Dogs", "cat & dog | rat", "(cats) [dogs]", "user prefers tea", "hello, world");

    private static final String[] VOCABULARY = ("alpha beta gamma delta epsilon zeta theta kappa lambda sigma omega"
            + " river stone cloud forest light shadow engine signal bridge tower the and of to in is it").split(" ");

    @BeforeAll
    static void open() {
        postgres = PostgresTestSupport.longTerm(PostgresTestSupport.options(SCHEMA), DIMENSION);
        mem = MemoryStores.longTerm("mem:", MemoryOptions.of(), new HashingEmbedder(DIMENSION));
    }

    @AfterAll
    static void close() {
        if (postgres != null) {
            postgres.close();
        }
        if (mem != null) {
            mem.close();
        }
        PostgresTestSupport.dropSchema(SCHEMA);
    }

    @Test
    void handWrittenCorpusRanksAlikeInEveryQueryForm() {
        Scope scope = new Scope("t", "hand");
        List<NewMemory> memories = new ArrayList<>();
        for (int i = 0; i < SENTENCES.size(); i++) {
            memories.add(NewMemory.builder(SENTENCES.get(i)).id(String.format("s%02d", i)).build());
        }
        storeInBoth(scope, memories);
        int nonEmpty = 0;
        for (String q : QUERIES) {
            nonEmpty += assertSameRanking(scope, q, SearchKind.KEYWORD) > 0 ? 1 : 0;
            assertSameRanking(scope, q, SearchKind.HYBRID);
        }
        // Most queries find something, so that agreement is not agreement on empty answers.
        assertTrue(nonEmpty >= QUERIES.size() * 2 / 3, "only " + nonEmpty + " of " + QUERIES.size() + " matched");
    }

    @Test
    void randomCorpusRanksAlikeForRandomQueries() {
        Scope scope = new Scope("t", "random");
        Random random = new Random(20261207L);
        List<NewMemory> memories = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder text = new StringBuilder();
            int words = 3 + random.nextInt(60);
            for (int w = 0; w < words; w++) {
                text.append(VOCABULARY[random.nextInt(VOCABULARY.length)]).append(random.nextInt(8) == 0 ? ", " : " ");
            }
            memories.add(NewMemory.builder(text.toString()).id(String.format("r%03d", i)).build());
        }
        storeInBoth(scope, memories);
        String[] operators = {" ", " ", " ", " or ", " -", " \""};
        int nonEmpty = 0;
        for (int i = 0; i < 150; i++) {
            StringBuilder q = new StringBuilder(VOCABULARY[random.nextInt(VOCABULARY.length)]);
            int terms = random.nextInt(4);
            for (int t = 0; t < terms; t++) {
                q.append(operators[random.nextInt(operators.length)]).append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
            }
            String query = q.toString();
            nonEmpty += assertSameRanking(scope, query, SearchKind.KEYWORD) > 0 ? 1 : 0;
            if (i % 3 == 0) {
                assertSameRanking(scope, query, SearchKind.HYBRID);
            }
        }
        assertTrue(nonEmpty >= 100, "only " + nonEmpty + " of 150 random queries matched");
    }

    /**
     * Real English vocabulary: the words of letters of the system's manual pages (read at run time, never stored),
     * each page one memory of its words joined by spaces, queried by one to three of their words. Catches stems and
     * stop words that differ on words the hand-written corpus does not hold.
     */
    @Test
    void manualPageVocabularyRanksAlike() throws IOException {
        Path man = Path.of("/usr/share/man/man1");
        List<Path> pages;
        try (Stream<Path> files = Files.isDirectory(man) ? Files.list(man) : Stream.empty()) {
            pages = files.filter(f -> f.toString().endsWith(".gz")).sorted().limit(80).toList();
        }
        Assumptions.assumeTrue(pages.size() >= 40, "needs manual pages under " + man + "; found " + pages.size());
        Scope scope = new Scope("t", "man");
        List<NewMemory> memories = new ArrayList<>();
        List<String> vocabulary = new ArrayList<>();
        for (Path page : pages) {
            String text;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(page))) {
                text = new String(in.readNBytes(20_000), StandardCharsets.UTF_8);
            }
            List<String> words = new ArrayList<>();
            for (String w : text.split("[^A-Za-z]+")) {
                if (w.length() > 1) {
                    words.add(w);
                }
            }
            String content = String.join(" ", words.subList(0, Math.min(words.size(), 1500)));
            if (!content.isEmpty()) {
                memories.add(NewMemory.builder(content).id(String.format("p%03d", memories.size())).build());
                vocabulary.addAll(words);
            }
        }
        storeInBoth(scope, memories);
        Random random = new Random(7L);
        int nonEmpty = 0;
        for (int i = 0; i < 120; i++) {
            StringBuilder q = new StringBuilder();
            for (int t = random.nextInt(3); t >= 0; t--) {
                q.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(i % 4 == 0 ? " or " : " ");
            }
            nonEmpty += assertSameRanking(scope, q.toString(), SearchKind.KEYWORD) > 0 ? 1 : 0;
        }
        assertTrue(nonEmpty >= 80, "only " + nonEmpty + " of 120 queries matched");
    }

    private static void storeInBoth(Scope scope, List<NewMemory> memories) {
        postgres.storeAll(scope, memories);
        mem.storeAll(scope, memories);
    }

    /** Asserts equal ids in equal order and equal scores; returns how many hits there were. */
    private static int assertSameRanking(Scope scope, String text, SearchKind kind) {
        MemoryQuery query = MemoryQuery.text(text).kind(kind).limit(100).minSimilarity(-1).build();
        List<ScoredMemory> expected = mem.search(scope, query);
        List<ScoredMemory> actual = postgres.search(scope, query);
        assertEquals(ids(expected), ids(actual), () -> kind + " '" + text + "': ids differ; mem: " + show(expected)
                + " postgres: " + show(actual));
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.get(i).similarity();
            double a = actual.get(i).similarity();
            int at = i;
            // Computed in the same single-precision steps: equal, but for exp()'s last bit in another libm.
            assertEquals(e, a, Math.max(1e-12, Math.abs(e) * 1e-6),
                    () -> kind + " '" + text + "': score of " + ids(expected).get(at) + " differs");
        }
        return expected.size();
    }

    private static List<String> ids(List<ScoredMemory> hits) {
        return hits.stream().map(h -> h.memory().id()).toList();
    }

    private static String show(List<ScoredMemory> hits) {
        StringBuilder b = new StringBuilder("[");
        for (ScoredMemory h : hits) {
            b.append(h.memory().id()).append('=').append(h.similarity()).append(' ');
        }
        return b.append(']').toString();
    }
}
