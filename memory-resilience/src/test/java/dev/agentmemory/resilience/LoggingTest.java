package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log lines of one failed call, at the documented levels, through System.Logger (here backed by
 * java.util.logging): the outage it starts at ERROR, per-call lines at WARNING (the second retry of the same call is
 * held back by the log interval), the circuit opening at WARNING.
 */
class LoggingTest {

    private final Logger logger = Logger.getLogger("dev.agentmemory.resilience");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
    }

    /** "[n similar lines held back" on a per-call line, "; n per-call log lines held back" on the outage's end. */
    private static final Pattern HELD_BACK = Pattern.compile("(\\d+) (?:similar|per-call log) lines held back");

    private List<String> lines(Level level, String containing) {
        return records.stream().filter(r -> r.getLevel() == level && r.getMessage().contains(containing))
                .map(LogRecord::getMessage).toList();
    }

    @Test
    void oneOutageLineAndRateLimitedPerCallLines() {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        ResiliencePolicy policy = Fixtures.fast().maxRetries(2).circuitFailureThreshold(3)
                .circuitDelay(Duration.ofMinutes(1)).build();
        try (ShortTermMemory store = Resilience.wrap(backend, "log://test", policy)) {
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            assertThrows(MemoryUnavailableException.class, () -> store.size(Fixtures.session()));
        }
        List<String> retries = lines(Level.WARNING, "retrying in");
        assertEquals(1, retries.size(), records::toString);
        assertEquals(1, lines(Level.WARNING, "gave up after 3 attempts").size(), records::toString);
        List<String> errors = records.stream().filter(r -> r.getLevel() == Level.SEVERE).map(LogRecord::getMessage)
                .toList();
        assertEquals(1, errors.size(), records::toString);
        assertTrue(errors.get(0).startsWith("backend log://test unavailable since "), errors::toString);
        List<String> opened = lines(Level.WARNING, "CLOSED -> OPEN");
        assertEquals(1, opened.size(), records::toString);
        assertTrue(opened.get(0).contains("log://test"), opened::toString);
        assertTrue(records.stream().allMatch(r -> r.getMessage().contains("log://test")), "every line names the backend");
    }

    /**
     * Regression for issue 10 defect 5: 990 failed calls printed 990 ERROR lines. Now one ERROR for the outage, one
     * INFO for its end with the count, and per-call lines that account for every one they held back. (The exact
     * number of per-call lines, on a clock the test controls, is pinned by internal.OutageLoggingTest.)
     */
    @Test
    void nineHundredNinetyFailedCallsLogOneErrorLine() {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        ResiliencePolicy policy = Fixtures.fast().maxRetries(0).circuitFailureThreshold(10_000).build();
        SessionRef s = Fixtures.session();
        long started = System.nanoTime();
        try (ShortTermMemory store = Resilience.wrap(backend, "log://test", policy)) {
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            for (int i = 0; i < 990; i++) {
                assertThrows(MemoryUnavailableException.class, () -> store.size(s));
            }
            backend.mode = FlakyShortTermMemory.Mode.UP;
            for (int i = 0; i < 10; i++) {
                store.size(s);
            }
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        List<String> errors = records.stream().filter(r -> r.getLevel() == Level.SEVERE).map(LogRecord::getMessage)
                .toList();
        assertEquals(1, errors.size(), () -> errors.size() + " ERROR lines, first: " + errors.get(0));
        assertTrue(errors.get(0).contains("unavailable since"), errors::toString);
        List<String> ends = lines(Level.INFO, "available again after");
        assertEquals(1, ends.size(), records::toString);
        assertTrue(ends.get(0).contains(", 990 failed calls"), ends::toString);
        List<String> gaveUp = lines(Level.WARNING, "gave up after");
        long bound = 1 + elapsed.toNanos() / policy.logInterval().toNanos();
        assertTrue(gaveUp.size() <= bound, () -> gaveUp.size() + " per-call lines in " + elapsed.toMillis() + " ms");
        long accounted = gaveUp.size();
        for (String line : records.stream().map(LogRecord::getMessage).toList()) {
            Matcher m = HELD_BACK.matcher(line);
            while (m.find()) {
                accounted += Long.parseLong(m.group(1));
            }
        }
        assertEquals(990, accounted, "every failed call's line is logged or counted as held back");
    }
}
