package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Scope;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.jul.Log4jBridgeHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Regression for issue 10, defect 1 ("Passwords leak"): a password never appears in what a store shows, whatever
 * characters it holds and however it was given.
 *
 * <p>The matrix: every printable ASCII punctuation character, a space and a letter outside ASCII, at the start, in
 * the middle and at the end of a password, times every way to give one (the user-info of each Redis and PostgreSQL
 * URI form, pgjdbc's {@code password=} and {@code sslpassword=} query parameters, the {@code password} option), times
 * every surface: {@code toString()} of the store with and without the resilience decorator (both as
 * {@link MemoryStores} opens it and as {@link Resilience#wrap(ShortTermMemory, ResiliencePolicy)} names it),
 * {@code health()} against a closed port, every exception's message, backend, cause chain and suppressed
 * exceptions (from a call and from an eager open), and every log line at DEBUG and below, read through Log4j2:
 * System.Logger and pgjdbc's java.util.logging through a bridge handler, Redisson and Netty through SLF4J.
 *
 * <p>A password is two halves around the character, each made of {@value #HEAD} or {@value #TAIL} and the case's
 * number; neither half may appear anywhere, so a password cut in two by a parser (pgjdbc's "invalid port number:
 * S3cret") is caught too. The cases run {@value #PARALLEL_CASES} at a time, each checking the log lines written
 * while it ran for its own password; at the end, every line is checked for every password. A raw {@code %} in a
 * URI's user-info is not a percent-escape and is rejected with a {@link MemoryConfigurationException} (the README's
 * rule: write it as {@code %25}); every other character is accepted as it is.
 */
class CredentialLeakTest {

    /** Every password starts its two halves with these; a case adds its own number, so leaks are told apart. */
    static final String HEAD = "Kx7";
    static final String TAIL = "Vz3";
    /** Cases run this many at a time: most of a case is spent waiting for connections to be refused and closed. */
    private static final int PARALLEL_CASES = 4;
    /** The 32 printable ASCII punctuation characters, a space, and a Cyrillic letter (two bytes in UTF-8). */
    private static final String SPECIALS = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \u0436";
    private static final SessionRef SESSION = SessionRef.of("leak-t", "agent", "s1");
    private static final Scope SCOPE = new Scope("leak-t", "agent");
    private static final LogLines LOG = new LogLines();
    private static int closedPort;
    private static int otherClosedPort;

    /** One way to give a password to a store. */
    private record Form(String name, boolean redis, boolean userInfo, Function<String, String> uri,
                        boolean passwordOption) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Form> forms() {
        String host = "127.0.0.1:" + closedPort;
        String hosts = host + ",127.0.0.1:" + otherClosedPort;
        return List.of(
                new Form("redis", true, true, p -> "redis://:" + p + "@" + host, false),
                new Form("rediss", true, true, p -> "rediss://agent:" + p + "@" + host + "/0", false),
                new Form("redis-sentinel", true, true, p -> "redis-sentinel://:" + p + "@" + hosts + "/mymaster", false),
                new Form("redis-cluster", true, true, p -> "redis-cluster://:" + p + "@" + hosts, false),
                new Form("redis+option", true, false, p -> "redis://" + host, true),
                new Form("postgresql", false, true, p -> "postgresql://agent:" + p + "@" + host + "/db", false),
                new Form("postgres", false, true, p -> "postgres://agent:" + p + "@" + host + "/db?sslmode=disable", false),
                new Form("jdbc:postgresql", false, true, p -> "jdbc:postgresql://agent:" + p + "@" + host + "/db", false),
                new Form("jdbc:postgresql?password", false, false, p -> "jdbc:postgresql://" + host
                        + "/db?user=agent&password=" + encode(p) + "&sslpassword=" + encode(p), false),
                new Form("postgresql+option", false, false, p -> "postgresql://agent@" + host + "/db", true));
    }

    /** A password and the two halves of it that must never appear. */
    private record Secret(String password, String head, String tail) {
        boolean leaksIn(String text) {
            return text.contains(head) || text.contains(tail);
        }
    }

    /** Each special character at the start, in the middle and at the end of a password of its own. */
    private static List<Secret> passwords(int formIndex) {
        List<Secret> out = new ArrayList<>();
        List<String> specials = SPECIALS.codePoints().mapToObj(Character::toString).toList();
        for (int i = 0; i < specials.size(); i++) {
            String c = specials.get(i);
            for (int position = 0; position < 3; position++) {
                String id = Integer.toString((formIndex * specials.size() + i) * 3 + position, 36);
                String head = HEAD + id + "q";
                String tail = TAIL + id + "p";
                String password = switch (position) {
                    case 0 -> c + head + tail;
                    case 1 -> head + c + tail;
                    default -> head + tail + c;
                };
                out.add(new Secret(password, head, tail));
            }
        }
        return out;
    }

    private static ExecutorService cases;

    @BeforeAll
    static void start() {
        closedPort = closedPort();
        otherClosedPort = closedPort();
        LOG.capture();
        cases = Executors.newFixedThreadPool(PARALLEL_CASES);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        cases.shutdown();
        // Only a bound against a hang: every case has already been awaited by its test.
        assertTrue(cases.awaitTermination(5, TimeUnit.MINUTES), "the cases did not finish");
        LOG.release();
        // Lines written after their case checked its own (a late reconnect, a close that finished later).
        List<String> leaked = LOG.lines().stream().filter(l -> l.contains(HEAD) || l.contains(TAIL)).toList();
        assertEquals(List.of(), leaked, "log lines that show a password");
        // Proof that the capture sees the drivers' own loggers; without it a silent capture would pass.
        // Redisson's own lines depend on what ran before in this JVM (it logs its version once per JVM, at the first
        // client), so the SLF4J route it logs through is proven by either Redisson or Netty, its transport, which
        // logs through SLF4J as well.
        Set<String> loggers = LOG.loggers();
        for (List<String> expected : List.of(List.of("dev.agentmemory.resilience"), List.of("dev.agentmemory.postgres"),
                List.of("org.postgresql"), List.of("org.redisson", "io.netty"))) {
            assertTrue(loggers.stream().anyMatch(l -> expected.stream().anyMatch(l::startsWith)),
                    () -> "nothing was logged by " + String.join(" or ", expected) + "; loggers seen: " + loggers);
        }
    }

    @TestFactory
    Stream<DynamicTest> noSurfaceShowsThePassword() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Form> forms = forms();
        for (int f = 0; f < forms.size(); f++) {
            Form form = forms.get(f);
            for (Secret secret : passwords(f)) {
                Future<?> result = cases.submit(() -> check(form, secret));
                tests.add(DynamicTest.dynamicTest(form + " " + secret.password(), () -> rethrow(result)));
            }
        }
        return tests.stream();
    }

    private static void rethrow(Future<?> result) throws Throwable {
        try {
            result.get();
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void check(Form form, Secret secret) {
        int mark = LOG.size();
        String password = secret.password();
        Map<String, String> surfaces = new TreeMap<>();
        String uri = form.uri().apply(password);
        boolean rejected = form.userInfo() && password.contains("%");

        // The store as MemoryStores opens it, with the resilience decorator.
        Surfaced decorated = open(form, uri, options(form, password).with(MemoryOptions.CONNECT.key(), "lazy"), false);
        surfaces.putAll(decorated.texts("decorated "));
        if (rejected) {
            assertInstanceOf(MemoryConfigurationException.class, decorated.openFailure,
                    "a raw '%' in the user-info is not a percent-escape");
            surfaces.putAll(LOG.since(mark));
            assertNoLeak(form, secret, surfaces);
            return;
        }
        assertNotNull(decorated.store, () -> "every character but a raw '%' is accepted: " + decorated.openFailure);

        // Without the decorator, then wrapped by hand, which names the backend after the store's toString().
        MemoryOptions plain = options(form, password).with(ResilienceOptions.ENABLED.key(), "false");
        ShortTermMemory undecorated = MemoryStores.shortTerm(uri, plain);
        Surfaced bare = exercise(undecorated, "toString", s -> s.health(), s -> s.size(SESSION));
        surfaces.putAll(bare.texts("undecorated "));
        try (ShortTermMemory wrapped = Resilience.wrap(undecorated, Fixtures.fast().maxRetries(1).build())) {
            surfaces.putAll(exercise(wrapped, "toString", s -> s.health(), s -> s.size(SESSION)).texts("wrapped "));
        }

        // Eager: the failure comes from opening.
        Surfaced eager = open(form, uri, plain.with(MemoryOptions.CONNECT.key(), "eager"), true);
        surfaces.putAll(eager.texts("eager "));
        assertNotNull(eager.openFailure, "an eager open of a closed port fails");

        // Lines of the cases running alongside come too; they hold other passwords, not this one.
        surfaces.putAll(LOG.since(mark));
        assertNoLeak(form, secret, surfaces);
    }

    private static MemoryOptions options(Form form, String password) {
        MemoryOptions o = MemoryOptions.of(
                MemoryOptions.CONNECT_TIMEOUT.key(), "250ms",
                MemoryOptions.RESPONSE_TIMEOUT.key(), "500ms",
                MemoryOptions.CLOSE_TIMEOUT.key(), "2s",
                MemoryOptions.POOL_MIN_SIZE.key(), "0",
                MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), "2s",
                ResilienceOptions.MAX_RETRIES.key(), "1",
                ResilienceOptions.BACKOFF_INITIAL.key(), "1ms",
                ResilienceOptions.BACKOFF_MAX.key(), "2ms");
        return form.passwordOption() ? o.with(MemoryOptions.PASSWORD.key(), password) : o;
    }

    /** What one store showed: its toString, health, the exception of a call, or the exception of opening it. */
    private static final class Surfaced {
        AutoCloseable store;
        Throwable openFailure;
        final Map<String, String> texts = new TreeMap<>();

        Map<String, String> texts(String prefix) {
            Map<String, String> out = new TreeMap<>();
            texts.forEach((k, v) -> out.put(prefix + k, v));
            if (openFailure != null) {
                out.put(prefix + "open failure", describe(openFailure));
            }
            return out;
        }
    }

    private static Surfaced open(Form form, String uri, MemoryOptions options, boolean eager) {
        Surfaced out = new Surfaced();
        try {
            if (form.redis()) {
                ShortTermMemory s = MemoryStores.shortTerm(uri, options);
                out.store = s;
                try (s) {
                    out.texts.putAll(exercise(s, "toString", ShortTermMemory::health, x -> x.size(SESSION)).texts);
                }
            } else {
                LongTermMemory l = MemoryStores.longTerm(uri, options);
                out.store = l;
                try (l) {
                    out.texts.putAll(exercise(l, "toString", LongTermMemory::health, x -> x.get(SCOPE, "m1")).texts);
                }
            }
        } catch (RuntimeException e) {
            out.openFailure = e;
        }
        if (eager && out.store != null) {
            fail("an eager open of a closed port returned " + out.store);
        }
        return out;
    }

    private static <S extends AutoCloseable> Surfaced exercise(S store, String label, Function<S, Health> health,
                                                              Function<S, Object> call) {
        Surfaced out = new Surfaced();
        out.store = store;
        out.texts.put(label, String.valueOf(store));
        try {
            Health h = health.apply(store);
            out.texts.put("health", h.status() + " " + h.detail() + " " + h.attributes() + " " + h);
        } catch (RuntimeException e) {
            out.texts.put("health failure", describe(e));
        }
        try {
            out.texts.put("call", String.valueOf(call.apply(store)));
        } catch (RuntimeException e) {
            out.texts.put("call failure", describe(e));
        }
        return out;
    }

    /** Every message, backend, cause and suppressed exception of a failure. */
    static String describe(Throwable failure) {
        StringBuilder b = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>(List.of(failure));
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            b.append(t).append(" | ").append(t.getLocalizedMessage()).append('\n');
            if (t instanceof MemoryException m) {
                b.append("backend=").append(m.backend()).append('\n');
            }
            if (t.getCause() != null) {
                todo.push(t.getCause());
            }
            for (Throwable s : t.getSuppressed()) {
                todo.push(s);
            }
        }
        return b.toString();
    }

    private static void assertNoLeak(Form form, Secret secret, Map<String, String> surfaces) {
        String password = secret.password();
        List<String> leaks = new ArrayList<>();
        surfaces.forEach((surface, text) -> {
            if (secret.leaksIn(text)) {
                leaks.add(surface + ": " + text);
            }
        });
        if (!leaks.isEmpty()) {
            fail("password " + password + " given as " + form + " leaked in " + leaks.size() + " place(s):\n"
                    + String.join("\n", leaks));
        }
    }

    private static String encode(String password) {
        return URLEncoder.encode(password, StandardCharsets.UTF_8);
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every Log4j2 event at every level while the test runs, with java.util.logging (System.Logger's default backend
     * on this class path, and pgjdbc's) bridged in by a handler on its root logger.
     */
    private static final class LogLines extends AbstractAppender {

        /** Appended by every logging thread; a copy-on-write list would copy tens of thousands of lines per line. */
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final Set<String> loggers = Collections.synchronizedSet(new TreeSet<>());
        private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        private final Log4jBridgeHandler bridge = new Log4jBridgeHandler(false, null, false);
        private java.util.logging.Level julLevel;
        private Level rootLevel;

        LogLines() {
            super("credential-leak-capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            loggers.add(event.getLoggerName());
            String line = event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage();
            lines.add(event.getThrown() == null ? line : line + "\n" + describe(event.getThrown()));
        }

        void capture() {
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            Configuration config = context.getConfiguration();
            start();
            config.addAppender(this);
            LoggerConfig root = config.getRootLogger();
            rootLevel = root.getLevel();
            root.addAppender(this, Level.ALL, null);
            root.setLevel(Level.ALL);
            context.updateLoggers();
            julLevel = julRoot.getLevel();
            julRoot.setLevel(java.util.logging.Level.ALL);
            julRoot.addHandler(bridge);
        }

        void release() {
            julRoot.removeHandler(bridge);
            julRoot.setLevel(julLevel);
            LoggerContext context = (LoggerContext) LogManager.getContext(false);
            LoggerConfig root = context.getConfiguration().getRootLogger();
            root.removeAppender(getName());
            root.setLevel(rootLevel);
            context.updateLoggers();
            stop();
        }

        int size() {
            return lines.size();
        }

        Map<String, String> since(int mark) {
            Map<String, String> out = new TreeMap<>();
            synchronized (lines) {
                for (int i = mark; i < lines.size(); i++) {
                    out.put("log line " + i, lines.get(i));
                }
            }
            return out;
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        Set<String> loggers() {
            synchronized (loggers) {
                return Set.copyOf(loggers);
            }
        }
    }
}
