package dev.agentmemory.inmemory;

import dev.agentmemory.SearchKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.tartarus.snowball.ext.englishStemmer;

/**
 * Keyword search as PostgreSQL's {@code english} text search configuration does it ({@link SearchKind}): a document
 * becomes what {@code to_tsvector('english', text)} makes of it, a query what {@code websearch_to_tsquery('english',
 * text)} makes of it, a document matches as {@code @@} decides, and it scores what {@code ts_rank} computes, in the
 * same single-precision steps, so that {@code mem:} and PostgreSQL rank the same data alike. The PostgreSQL provider's
 * differential test runs one corpus and its queries through both and compares ranked ids and scores.
 *
 * <p>What is reproduced: PostgreSQL's default parser for words of letters (ASCII or not), words holding digits, whole
 * numbers, and hyphenated words of letters (the whole word, then each part, each at its own position); everything
 * else between words is a separator. Words of letters are lower-cased, dropped if they are in PostgreSQL's
 * {@code english.stop} list (keeping their position), else stemmed by the Snowball English stemmer; words holding a
 * digit are only lower-cased. A lexeme keeps at most 255 positions, positions stop at 16,383, and a token of 2,048
 * UTF-8 bytes or more is skipped, as in PostgreSQL.
 *
 * <p>Where PostgreSQL differs (the parser reads these as one token of another type): URLs, e-mail addresses, host
 * names and other words joined by dots ({@code e.g}, {@code example.com}), file paths ({@code /usr/bin}), version
 * numbers and decimals ({@code 3.14}), signed numbers and hyphenated words with a part holding a digit
 * ({@code x-1}), XML/HTML tags and entities. Here they split at the punctuation into separate words.
 *
 * <p>Stateless and thread-safe (each call uses its own stemmer).
 */
final class EnglishTextSearch {

    /** Largest position PostgreSQL keeps (MAXENTRYPOS - 1); later words all sit there. */
    static final int MAX_POSITION = 16_383;
    /** Most positions a lexeme keeps (MAXNUMPOS - 1 in PostgreSQL's uniqueWORD). */
    static final int MAX_POSITIONS = 255;
    /** A token this long or longer (in UTF-8 bytes) is skipped, as PostgreSQL's parser skips it. */
    private static final int MAX_TOKEN_BYTES = 2_048;
    /** A word longer than this (in UTF-8 bytes) is not stemmed, only lower-cased, as in PostgreSQL's dict_snowball. */
    private static final int MAX_STEMMED_BYTES = 1_000;
    /** ts_rank's weight of a position without a weight label (D). */
    private static final float WEIGHT_D = 0.1f;

    /** PostgreSQL 15's {@code tsearch_data/english.stop}, the stop words of the {@code english_stem} dictionary. */
    static final Set<String> STOP_WORDS = Set.of(("i me my myself we our ours ourselves you your yours yourself"
            + " yourselves he him his himself she her hers herself it its itself they them their theirs themselves"
            + " what which who whom this that these those am is are was were be been being have has had having do"
            + " does did doing a an the and but if or because as until while of at by for with about against between"
            + " into through during before after above below to from up down in out on off over under again further"
            + " then once here there when where why how all any both each few more most other some such no nor not"
            + " only own same so than too very s t can will just don should now").split(" "));

    private EnglishTextSearch() {
    }

    /**
     * A document's lexemes and their positions (ascending): what {@code to_tsvector('english', text)} holds.
     *
     * @param lexemes each lexeme and its positions
     */
    record Document(Map<String, int[]> lexemes) {
        boolean isEmpty() {
            return lexemes.isEmpty();
        }
    }

    /** A parsed query: its tree (null when it has no lexeme), its operands sorted as ts_rank sorts them. */
    record Query(@Nullable Node root, List<String> operands) {
        /** Whether the query matches nothing: it held only stop words or no word at all. */
        boolean isEmpty() {
            return root == null;
        }
    }

    /** A node of a query tree. */
    sealed interface Node permits Term, Phrase, Not, And, Or {
    }

    /** A lexeme that must occur. */
    record Term(String lexeme) implements Node {
    }

    /** Lexemes that must occur at these offsets from the first one's position. */
    record Phrase(List<String> lexemes, int[] offsets) implements Node {
    }

    /** A subtree that must not match. */
    record Not(Node child) implements Node {
    }

    /** Subtrees that must all match. */
    record And(List<Node> children) implements Node {
    }

    /** Subtrees of which one must match. */
    record Or(List<Node> children) implements Node {
    }

    /** Receives the tokens of a text: the lexeme (null for a stop word) and its position. */
    private interface TokenSink {
        void accept(@Nullable String lexeme, int position);
    }

    /**
     * The document {@code to_tsvector('english', text)} makes.
     *
     * @param text any text
     * @return its lexemes and positions
     */
    static Document document(String text) {
        Map<String, List<Integer>> positions = new HashMap<>();
        tokens(text, new englishStemmer(), (lexeme, position) -> {
            if (lexeme == null) {
                return;
            }
            List<Integer> list = positions.computeIfAbsent(lexeme, k -> new ArrayList<>());
            int last = list.isEmpty() ? -1 : list.get(list.size() - 1);
            if (list.size() < MAX_POSITIONS && last != MAX_POSITION && last != position) {
                list.add(position);
            }
        });
        Map<String, int[]> lexemes = new HashMap<>(positions.size() * 2);
        positions.forEach((lexeme, list) -> lexemes.put(lexeme, list.stream().mapToInt(Integer::intValue).toArray()));
        return new Document(Map.copyOf(lexemes));
    }

    /**
     * The query {@code websearch_to_tsquery('english', text)} makes: words (all must occur), {@code or},
     * {@code -word} and {@code "quoted phrases"}.
     *
     * @param text the query text
     * @return the query; {@link Query#isEmpty()} if it holds no lexeme
     */
    static Query query(String text) {
        englishStemmer stemmer = new englishStemmer();
        List<List<Node>> groups = new ArrayList<>();
        List<Node> current = new ArrayList<>();
        boolean negate = false;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '"') {
                int end = text.indexOf('"', i + 1);
                if (end < 0) {
                    end = n;
                }
                add(current, unit(text.substring(i + 1, end), stemmer), negate);
                negate = false;
                i = end + 1;
                continue;
            }
            int j = i;
            while (j < n && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '"') {
                j++;
            }
            String chunk = text.substring(i, j);
            i = j;
            if (chunk.equalsIgnoreCase("or")) {
                groups.add(current);
                current = new ArrayList<>();
                continue;
            }
            int k = 0;
            while (k < chunk.length() && chunk.charAt(k) == '-') {
                k++;
            }
            if (k > 0) {
                // A dash before a word (or alone, before the next word or quote) excludes it.
                negate = true;
                chunk = chunk.substring(k);
                if (chunk.isEmpty()) {
                    continue;
                }
            }
            add(current, unit(chunk, stemmer), negate);
            negate = false;
        }
        groups.add(current);
        List<Node> alternatives = new ArrayList<>();
        for (List<Node> group : groups) {
            if (group.size() == 1) {
                alternatives.add(group.get(0));
            } else if (group.size() > 1) {
                alternatives.add(new And(List.copyOf(group)));
            }
        }
        Node root = alternatives.isEmpty() ? null
                : alternatives.size() == 1 ? alternatives.get(0) : new Or(List.copyOf(alternatives));
        TreeSet<byte[]> sorted = new TreeSet<>(Arrays::compareUnsigned);
        if (root != null) {
            collect(root, sorted);
        }
        List<String> operands = new ArrayList<>(sorted.size());
        for (byte[] b : sorted) {
            operands.add(new String(b, StandardCharsets.UTF_8));
        }
        return new Query(root, List.copyOf(operands));
    }

    /**
     * Whether the document matches the query, as {@code document @@ query} decides.
     *
     * @param query the query
     * @param document the document
     * @return {@code true} if it matches; never for an empty query
     */
    static boolean matches(Query query, Document document) {
        return query.root() != null && matches(query.root(), document);
    }

    /**
     * The document's {@code ts_rank(document, query)}: default weights, no normalisation, single precision.
     *
     * @param query the query
     * @param document the document
     * @return the rank
     */
    static float rank(Query query, Document document) {
        Node root = query.root();
        if (root == null || document.isEmpty()) {
            return 0f;
        }
        boolean and = root instanceof And || (root instanceof Phrase p && p.lexemes().size() > 1);
        float res = and ? rankAnd(query.operands(), document) : rankOr(query.operands(), document);
        return res < 0 ? 1e-20f : res;
    }

    /** calc_rank_and of PostgreSQL's tsrank.c: every pair of positions of two different operands adds its weight. */
    private static float rankAnd(List<String> operands, Document document) {
        int size = operands.size();
        if (size < 2) {
            return rankOr(operands, document);
        }
        float res = -1f;
        int[][] pos = new int[size][];
        for (int i = 0; i < size; i++) {
            int[] post = document.lexemes().get(operands.get(i));
            if (post == null) {
                continue;
            }
            pos[i] = post;
            for (int k = 0; k < i; k++) {
                int[] ct = pos[k];
                if (ct == null) {
                    continue;
                }
                for (int l = 0; l < post.length; l++) {
                    for (int p = 0; p < ct.length; p++) {
                        int dist = Math.abs(post[l] - ct[p]);
                        if (dist != 0) {
                            float curw = (float) Math.sqrt(WEIGHT_D * WEIGHT_D * wordDistance(dist));
                            res = res < 0 ? curw : (float) (1.0 - (1.0 - res) * (1.0 - curw));
                        }
                    }
                }
            }
        }
        return res;
    }

    /** calc_rank_or of PostgreSQL's tsrank.c: each operand found adds a weight that grows with its occurrences. */
    private static float rankOr(List<String> operands, Document document) {
        float res = 0f;
        for (String operand : operands) {
            int[] post = document.lexemes().get(operand);
            if (post == null) {
                continue;
            }
            float resj = 0f;
            float wjm = -1f;
            int jm = 0;
            for (int j = 0; j < post.length; j++) {
                resj = resj + WEIGHT_D / ((j + 1) * (j + 1));
                if (WEIGHT_D > wjm) {
                    wjm = WEIGHT_D;
                    jm = j;
                }
            }
            res = (float) (res + (wjm + resj - wjm / ((jm + 1) * (jm + 1))) / 1.64493406685);
        }
        if (!operands.isEmpty()) {
            res = res / operands.size();
        }
        return res;
    }

    /** word_distance of tsrank.c: the weight of two words {@code w} positions apart. */
    private static float wordDistance(int w) {
        if (w > 100) {
            return 1e-30f;
        }
        return (float) (1.0 / (1.005 + 0.05 * StrictMath.exp((float) w / 1.5 - 2)));
    }

    private static boolean matches(Node node, Document document) {
        Map<String, int[]> lexemes = document.lexemes();
        if (node instanceof Term t) {
            return lexemes.containsKey(t.lexeme());
        }
        if (node instanceof Phrase p) {
            int[] first = lexemes.get(p.lexemes().get(0));
            if (first == null) {
                return false;
            }
            for (int start : first) {
                boolean all = true;
                for (int i = 1; i < p.lexemes().size() && all; i++) {
                    int[] at = lexemes.get(p.lexemes().get(i));
                    all = at != null && Arrays.binarySearch(at, start + p.offsets()[i]) >= 0;
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }
        if (node instanceof Not not) {
            return !matches(not.child(), document);
        }
        if (node instanceof And and) {
            for (Node child : and.children()) {
                if (!matches(child, document)) {
                    return false;
                }
            }
            return true;
        }
        for (Node child : ((Or) node).children()) {
            if (matches(child, document)) {
                return true;
            }
        }
        return false;
    }

    private static void add(List<Node> group, @Nullable Node unit, boolean negate) {
        if (unit != null) {
            group.add(negate ? new Not(unit) : unit);
        }
    }

    /** One word, hyphenated word or quoted text of a query: a term, a phrase, or null if it holds no lexeme. */
    private static @Nullable Node unit(String text, englishStemmer stemmer) {
        List<String> lexemes = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        tokens(text, stemmer, (lexeme, position) -> {
            if (lexeme != null) {
                lexemes.add(lexeme);
                positions.add(position);
            }
        });
        if (lexemes.isEmpty()) {
            return null;
        }
        if (lexemes.size() == 1) {
            return new Term(lexemes.get(0));
        }
        int[] offsets = new int[lexemes.size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = positions.get(i) - positions.get(0);
        }
        return new Phrase(List.copyOf(lexemes), offsets);
    }

    private static void collect(Node node, TreeSet<byte[]> operands) {
        if (node instanceof Term t) {
            operands.add(t.lexeme().getBytes(StandardCharsets.UTF_8));
        } else if (node instanceof Phrase p) {
            p.lexemes().forEach(l -> operands.add(l.getBytes(StandardCharsets.UTF_8)));
        } else if (node instanceof Not not) {
            collect(not.child(), operands);
        } else if (node instanceof And and) {
            and.children().forEach(c -> collect(c, operands));
        } else {
            ((Or) node).children().forEach(c -> collect(c, operands));
        }
    }

    /**
     * Splits text into tokens as PostgreSQL's default parser does for words, numbers and hyphenated words, and
     * normalises each as the {@code english} configuration does; every token takes the next position.
     */
    private static void tokens(String text, englishStemmer stemmer, TokenSink sink) {
        int n = text.length();
        int position = 0;
        int i = 0;
        List<String> parts = new ArrayList<>();
        while (i < n) {
            int cp = text.codePointAt(i);
            if (!isWordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            parts.clear();
            int end = runEnd(text, i);
            parts.add(text.substring(i, end));
            i = end;
            // A hyphen between two runs joins them into one hyphenated word.
            while (i + 1 < n && text.charAt(i) == '-' && isWordChar(text.codePointAt(i + 1))) {
                int next = runEnd(text, i + 1);
                parts.add(text.substring(i + 1, next));
                i = next;
            }
            boolean lettersOnly = true;
            for (String part : parts) {
                lettersOnly &= !hasDigit(part);
            }
            if (parts.size() > 1 && lettersOnly) {
                position = emit(String.join("-", parts), stemmer, position, sink);
            }
            for (String part : parts) {
                position = emit(part, stemmer, position, sink);
            }
        }
    }

    private static int emit(String token, englishStemmer stemmer, int position, TokenSink sink) {
        int bytes = token.getBytes(StandardCharsets.UTF_8).length;
        if (bytes >= MAX_TOKEN_BYTES) {
            return position;
        }
        int next = position + 1;
        String lower = token.toLowerCase(Locale.ROOT);
        String lexeme;
        if (hasDigit(token) || bytes > MAX_STEMMED_BYTES) {
            lexeme = lower;
        } else if (STOP_WORDS.contains(lower)) {
            lexeme = null;
        } else {
            stemmer.setCurrent(lower);
            stemmer.stem();
            lexeme = stemmer.getCurrent();
        }
        sink.accept(lexeme, Math.min(next, MAX_POSITION));
        return next;
    }

    private static int runEnd(String text, int from) {
        int i = from;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            if (!isWordChar(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetter(cp) || Character.isDigit(cp);
    }

    private static boolean hasDigit(String s) {
        return s.codePoints().anyMatch(Character::isDigit);
    }
}
