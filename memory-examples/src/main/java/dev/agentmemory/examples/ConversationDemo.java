package dev.agentmemory.examples;

import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryQuery;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.MemoryType;
import dev.agentmemory.NewEntry;
import dev.agentmemory.NewMemory;
import dev.agentmemory.Scope;
import dev.agentmemory.ScoredMemory;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent conversation on real stores: several sessions append turns to short-term memory, the important turns
 * are promoted to long-term memory, and later questions recall them by similarity search. Prints what it did as
 * tables.
 *
 * <p>Exit codes: 0 done; 1 a backend failed; 2 bad arguments or configuration (for example no provider on the
 * module path for the chosen URI).
 */
public final class ConversationDemo {

    static final int MAX_ENTRIES = 4;
    static final double PROMOTE_AT = 0.7;

    /** One scripted turn: the session it belongs to, who speaks, what, and how much it matters. */
    record Turn(String session, String role, String content, double importance) {
    }

    /** A question asked later, and the turn whose memory should answer it. */
    record Question(String text, String expectedTurn) {
    }

    static final List<Turn> SCRIPT = List.of(
            new Turn("trip-planning", "user", "I'm planning a trip to Lisbon in May for a conference.", 0.6),
            new Turn("trip-planning", "assistant", "Great, I can help with flights and a hotel near the venue.", 0.3),
            new Turn("trip-planning", "user", "I always prefer a window seat on long flights.", 0.9),
            new Turn("trip-planning", "user", "Please keep the hotel under 180 euros per night.", 0.8),
            new Turn("trip-planning", "assistant", "Noted: window seat, and a hotel under 180 euros a night.", 0.4),
            new Turn("billing", "user", "My invoice for March was charged twice.", 0.7),
            new Turn("billing", "assistant", "I see two charges of 49 euros on March 3 and requested a refund.", 0.8),
            new Turn("billing", "user", "Please send receipts to finance@acme.example from now on.", 0.9),
            new Turn("billing", "assistant", "Done, receipts will go to finance@acme.example.", 0.3),
            new Turn("onboarding", "user", "We deploy with Kubernetes and our services are written in Java 17.", 0.85),
            new Turn("onboarding", "assistant", "Good to know, I will suggest Java examples that run on Kubernetes.", 0.3),
            new Turn("onboarding", "user", "Our on-call rotation changes every Monday at 9 am.", 0.75),
            new Turn("onboarding", "user", "What is the weather like today?", 0.1));

    static final List<Question> QUESTIONS = List.of(
            new Question("Which seat does the user prefer on flights?", "trip-planning-3"),
            new Question("What is the hotel budget per night?", "trip-planning-4"),
            new Question("Where should receipts be sent?", "billing-8"),
            new Question("Which language are the services written in?", "onboarding-10"),
            new Question("When does the on-call rotation change?", "onboarding-12"));

    private ConversationDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args {@code [--short-term URI] [--long-term URI] [--chaos] [--verbose]}, or {@code --langchain4j} and
     *     the LangChain4j demo's arguments ({@code --help} lists them)
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("--langchain4j")) {
            return LangChain4jDemo.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        }
        String shortTermUri = null;
        String longTermUri = "mem:";
        boolean chaos = false;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--short-term", "--long-term" -> {
                    if (i + 1 >= args.length) {
                        return usage(err, args[i] + " needs a URI");
                    }
                    if (args[i].equals("--short-term")) {
                        shortTermUri = args[++i];
                    } else {
                        longTermUri = args[++i];
                    }
                }
                case "--verbose" -> verbose = true;
                case "--chaos" -> chaos = true;
                case "--help", "-h" -> {
                    usage(out, null);
                    return 0;
                }
                default -> {
                    return usage(err, "unknown argument: " + args[i]);
                }
            }
        }
        // Quiet by default; in --chaos the failures are the point, and the tables count them instead.
        System.setProperty("agentmemory.log.level", verbose ? "debug" : chaos ? "off" : "error");
        System.getLogger(ConversationDemo.class.getName()).log(System.Logger.Level.DEBUG,
                "demo starting: short-term {0}, long-term {1}", MemoryOptions.redact(String.valueOf(shortTermUri)),
                MemoryOptions.redact(longTermUri));
        try {
            if (chaos) {
                if (ModuleLayer.boot().findModule("dev.agentmemory.resilience").isEmpty()) {
                    return usage(err, "--chaos needs dev.agentmemory:memory-resilience on the module path");
                }
                return ChaosRun.run(shortTermUri == null ? ChaosRun.DEFAULT_URI : shortTermUri, out);
            }
            return converse(shortTermUri == null ? "mem:" : shortTermUri, longTermUri, out);
        } catch (MemoryException e) {
            return failed(e, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("agentmemory demo: interrupted");
            return 1;
        }
    }

    /** Says why the demo failed; the exit code: 2 for a configuration error (nothing to retry), else 1. */
    static int failed(MemoryException e, PrintStream err) {
        if (e instanceof MemoryConfigurationException) {
            err.println("agentmemory demo: " + e.getMessage());
            return 2;
        }
        err.println("agentmemory demo: the backend failed: " + e.getMessage());
        return 1;
    }

    private static int usage(PrintStream stream, String problem) {
        if (problem != null) {
            stream.println("agentmemory demo: " + problem);
        }
        stream.println("usage: bin/demo [--short-term URI] [--long-term URI] [--chaos] [--verbose]");
        stream.println("  URIs: mem: (default), redis://host:6379, postgresql://host:5432/db, ...");
        stream.println("  --chaos    cut the short-term backend (default " + ChaosRun.DEFAULT_URI + ") mid-conversation");
        stream.println("             through a fault proxy and show what the resilience layer did");
        stream.println("  --verbose  show the library's log lines");
        stream.println("       bin/demo --langchain4j [--help]  a LangChain4j AI service: chat memory on Redis, retrieval on PostgreSQL");
        stream.println("       bin/demo --spring-ai [--help]    a Spring Boot application on the agentmemory starter (class path)");
        return problem == null ? 0 : 2;
    }

    private static int converse(String shortTermUri, String longTermUri, PrintStream out) {
        MemoryOptions options = MemoryOptions.of(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), Integer.toString(MAX_ENTRIES));
        Scope scope = new Scope("acme", "concierge");
        try (ShortTermMemory shortTerm = MemoryStores.shortTerm(shortTermUri, options);
             LongTermMemory longTerm = MemoryStores.longTerm(longTermUri, options)) {
            out.println("agentmemory demo: an agent that remembers across sessions");
            out.println();
            out.println(new TextTable("store", "uri", "health", "detail")
                    .row("short-term", MemoryOptions.redact(shortTermUri), describe(shortTerm.health()), shortTerm.health().detail())
                    .row("long-term", MemoryOptions.redact(longTermUri), describe(longTerm.health()), longTerm.health().detail())
                    .render());
            out.println("  decorators: " + orNone(MemoryStores.decorators(options)));
            out.println();

            Map<String, SessionRef> sessions = new LinkedHashMap<>();
            for (Turn turn : SCRIPT) {
                sessions.computeIfAbsent(turn.session(), scope::session);
            }
            // Each run starts its sessions afresh, so that a persistent backend shows the same table every time.
            sessions.values().forEach(shortTerm::clear);

            TextTable conversation = new TextTable("session", "seq", "role", "importance", "promoted", "content")
                    .rightAlign(1, 3);
            Map<String, int[]> perSession = new LinkedHashMap<>();
            int turnNumber = 0;
            for (Turn turn : SCRIPT) {
                turnNumber++;
                SessionRef session = sessions.get(turn.session());
                NewEntry entry = NewEntry.of(turn.role(), turn.content()).withImportance(turn.importance())
                        .withId(turn.session() + "-" + turnNumber);
                MemoryEntry stored = shortTerm.append(session, entry);
                boolean promote = turn.importance() >= PROMOTE_AT;
                if (promote) {
                    longTerm.store(scope, NewMemory.builder(turn.content()).id(stored.id())
                            .type(turn.role().equals("user") ? MemoryType.SEMANTIC : MemoryType.EPISODIC)
                            .importance(turn.importance()).sessionId(turn.session())
                            .metadata(Map.of("role", turn.role())).build());
                }
                int[] counts = perSession.computeIfAbsent(turn.session(), k -> new int[2]);
                counts[0]++;
                counts[1] += promote ? 1 : 0;
                conversation.row(turn.session(), stored.sequence(), turn.role(), String.format("%.2f", turn.importance()),
                        promote ? "yes" : "", TextTable.shorten(turn.content(), 60));
            }
            out.println("Conversation: turns appended to short-term memory; turns of importance >= " + PROMOTE_AT
                    + " promoted to long-term memory");
            out.println(conversation.render());

            TextTable kept = new TextTable("session", "appended", "kept", "promoted", "oldest kept turn").rightAlign(1, 2, 3);
            int appended = 0;
            long keptTotal = 0;
            int promoted = 0;
            for (Map.Entry<String, SessionRef> e : sessions.entrySet()) {
                int[] counts = perSession.get(e.getKey());
                List<MemoryEntry> recent = shortTerm.recent(e.getValue(), 100);
                long size = shortTerm.size(e.getValue());
                kept.row(e.getKey(), counts[0], size, counts[1], recent.isEmpty() ? "" : TextTable.shorten(recent.get(0).content(), 40));
                appended += counts[0];
                keptTotal += size;
                promoted += counts[1];
            }
            out.println("Short-term memory keeps the newest " + MAX_ENTRIES + " turns of each session");
            out.println(kept.render());

            TextTable recall = new TextTable("question", "best memory", "similarity", "from session", "recalled")
                    .rightAlign(2);
            int recalled = 0;
            for (Question q : QUESTIONS) {
                List<ScoredMemory> hits = longTerm.search(scope, MemoryQuery.text(q.text()).limit(3).minSimilarity(0.05).build());
                if (hits.isEmpty()) {
                    recall.row(q.text(), "(nothing similar)", "", "", "no");
                    continue;
                }
                ScoredMemory best = hits.get(0);
                boolean right = best.memory().id().equals(q.expectedTurn());
                recalled += right ? 1 : 0;
                recall.row(q.text(), TextTable.shorten(best.memory().content(), 48), String.format("%.3f", best.similarity()),
                        best.memory().sessionId(), right ? "yes" : "no");
            }
            out.println("Recall: later questions searched in long-term memory");
            out.println(recall.render());
            out.printf("Summary: %d sessions, %d turns appended, %d kept in short-term memory, %d promoted, "
                    + "%d/%d questions recalled the right memory.%n", sessions.size(), appended, keptTotal, promoted,
                    recalled, QUESTIONS.size());
            return 0;
        }
    }

    private static String describe(Health health) {
        return health.status().toString();
    }

    private static String orNone(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

}
