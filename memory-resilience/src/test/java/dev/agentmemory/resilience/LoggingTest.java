package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The log lines of one failed call, at the documented levels, through System.Logger (here backed by
 * java.util.logging): the outage it starts at ERROR, per-call lines at WARNING (the second retry of the same call is
 * held back by the log interval), the circuit opening at WARNING.
 */
class LoggingTest {

    @RegisterExtension
    final ResilienceLogCapture log = new ResilienceLogCapture();

    /** "[n similar lines held back" on a per-call line, "; n per-call log lines held back" on the outage's end. */
    private static final Pattern HELD_BACK = Pattern.compile("(\\d+) (?:similar|per-call log) lines held back");

    private List<String> lines(Level level, String containing) {
        return log.lines(level, containing);
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
        assertEquals(1, retries.size(), () -> log.messages().toString());
        assertEquals(1, lines(Level.WARNING, "gave up after 3 attempts").size(), () -> log.messages().toString());
        List<String> errors = log.lines(Level.SEVERE, "");
        assertEquals(1, errors.size(), () -> log.messages().toString());
        assertTrue(errors.get(0).startsWith("backend log://test unavailable since "), errors::toString);
        List<String> opened = lines(Level.WARNING, "CLOSED -> OPEN");
        assertEquals(1, opened.size(), () -> log.messages().toString());
        assertTrue(opened.get(0).contains("log://test"), opened::toString);
        assertTrue(log.messages().stream().allMatch(m -> m.contains("log://test")), "every line names the backend");
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
        List<String> errors = log.lines(Level.SEVERE, "");
        assertEquals(1, errors.size(), () -> errors.size() + " ERROR lines, first: " + errors.get(0));
        assertTrue(errors.get(0).contains("unavailable since"), errors::toString);
        List<String> ends = lines(Level.INFO, "available again after");
        assertEquals(1, ends.size(), () -> log.messages().toString());
        assertTrue(ends.get(0).contains(", 990 failed calls"), ends::toString);
        List<String> gaveUp = lines(Level.WARNING, "gave up after");
        long bound = 1 + elapsed.toNanos() / policy.logInterval().toNanos();
        assertTrue(gaveUp.size() <= bound, () -> gaveUp.size() + " per-call lines in " + elapsed.toMillis() + " ms");
        long accounted = gaveUp.size();
        for (String line : log.messages()) {
            Matcher m = HELD_BACK.matcher(line);
            while (m.find()) {
                accounted += Long.parseLong(m.group(1));
            }
        }
        assertEquals(990, accounted, "every failed call's line is logged or counted as held back");
    }
}
