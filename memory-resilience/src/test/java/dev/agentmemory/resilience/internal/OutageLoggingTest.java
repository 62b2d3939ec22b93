package dev.agentmemory.resilience.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.resilience.ResilienceLogCapture;
import dev.agentmemory.resilience.ResiliencePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression for issue 10 defect 5: 990 failed calls printed 990 ERROR lines. An outage is logged once when it starts
 * (ERROR) and once when it ends (INFO, its length and failed calls); per-call lines pass at most once per interval
 * and kind, each counting what it held back. The clock is the test's, so the count of lines does not depend on how
 * fast the machine is.
 */
class OutageLoggingTest {

    private static final String BACKEND = "outage://test";
    private static final Pattern HELD_BACK = Pattern.compile("\\[(\\d+) similar lines held back");
    private static final Pattern HELD_BACK_AT_END = Pattern.compile("; (\\d+) per-call log lines held back");

    @RegisterExtension
    final ResilienceLogCapture log = new ResilienceLogCapture(BACKEND);

    private List<String> lines(Level level, String containing) {
        return log.lines(level, containing);
    }

    private static long sum(List<String> lines, Pattern count) {
        long total = 0;
        for (String line : lines) {
            Matcher m = count.matcher(line);
            if (m.find()) {
                total += Long.parseLong(m.group(1));
            }
        }
        return total;
    }

    @Test
    void nineHundredNinetyFailedCallsLogOneOutageAndAFewCountedPerCallLines() {
        int failedCalls = 990;
        Duration betweenCalls = Duration.ofMillis(100);
        Duration interval = Duration.ofSeconds(10);
        AtomicLong now = new AtomicLong(1_000_000_000L);
        ResiliencePolicy policy = ResiliencePolicy.builder().maxRetries(1)
                .backoff(Duration.ofMillis(1), Duration.ofMillis(1)).circuitFailureThreshold(10_000)
                .logInterval(interval).build();
        SwitchableStore backend = new SwitchableStore(BACKEND);
        SessionRef session = SessionRef.of("t", "a", "s");
        try (ShortTermMemory store = new ResilientShortTermMemory(backend, BACKEND, policy, Duration.ofHours(1),
                now::get)) {
            for (int i = 0; i < failedCalls; i++) {
                assertThrows(MemoryUnavailableException.class, () -> store.size(session));
                now.addAndGet(betweenCalls.toNanos());
            }
            backend.up = true;
            for (int i = 0; i < 10; i++) {
                assertEquals(0, store.size(session));
            }
        }

        List<String> errors = lines(Level.SEVERE, "");
        assertEquals(1, errors.size(), () -> log.messages().toString());
        assertTrue(errors.get(0).startsWith("backend " + BACKEND + " unavailable since "), errors::toString);
        assertTrue(errors.get(0).contains("connection refused"), "the cause: " + errors);

        List<String> ends = lines(Level.INFO, "available again");
        assertEquals(1, ends.size(), ends::toString);
        long outageMillis = (failedCalls - 1) * betweenCalls.toMillis() + betweenCalls.toMillis();
        assertTrue(ends.get(0).contains("after " + outageMillis + " ms, " + failedCalls + " failed calls"),
                ends::toString);

        // 990 calls, 100 ms apart on the test's clock, span 99 s: one line per kind every 10 s.
        long expectedLines = (failedCalls * betweenCalls.toMillis() + interval.toMillis() - 1) / interval.toMillis();
        List<String> retries = lines(Level.WARNING, "retrying in");
        List<String> gaveUp = lines(Level.WARNING, "gave up after 2 attempts");
        assertEquals(expectedLines, retries.size(), retries::toString);
        assertEquals(expectedLines, gaveUp.size(), gaveUp::toString);
        long heldBackAtEnd = sum(ends, HELD_BACK_AT_END);
        assertEquals(2L * failedCalls, retries.size() + gaveUp.size() + sum(retries, HELD_BACK) + sum(gaveUp, HELD_BACK)
                + heldBackAtEnd, "every per-call line is either logged or counted as held back");
    }

    @Test
    void aSecondOutageIsLoggedAgainWithItsOwnCount() {
        AtomicLong now = new AtomicLong();
        ResiliencePolicy policy = ResiliencePolicy.builder().maxRetries(0).circuitFailureThreshold(10_000).build();
        SwitchableStore backend = new SwitchableStore(BACKEND);
        SessionRef session = SessionRef.of("t", "a", "s");
        try (ShortTermMemory store = new ResilientShortTermMemory(backend, BACKEND, policy, Duration.ofHours(1),
                now::get)) {
            for (int outage = 1; outage <= 2; outage++) {
                backend.up = false;
                for (int i = 0; i < 3 * outage; i++) {
                    assertThrows(MemoryUnavailableException.class, () -> store.size(session));
                }
                now.addAndGet(Duration.ofSeconds(outage).toNanos());
                backend.up = true;
                store.size(session);
            }
        }
        assertEquals(2, lines(Level.SEVERE, "unavailable since").size(), () -> log.messages().toString());
        List<String> ends = lines(Level.INFO, "available again");
        assertEquals(2, ends.size(), ends::toString);
        assertTrue(ends.get(0).contains("after 1000 ms, 3 failed calls"), ends::toString);
        assertTrue(ends.get(1).contains("after 2000 ms, 6 failed calls"), ends::toString);
        assertEquals(2, lines(Level.WARNING, "gave up").size(), "the first per-call line of each outage passes");
    }
}
