package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.ShortTermMemory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One log line per event, at the documented level, through System.Logger (here backed by java.util.logging). */
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

    private List<String> lines(Level level, String containing) {
        return records.stream().filter(r -> r.getLevel() == level && r.getMessage().contains(containing))
                .map(LogRecord::getMessage).toList();
    }

    @Test
    void oneLinePerRetryExhaustionAndCircuitChange() {
        FlakyShortTermMemory backend = new FlakyShortTermMemory();
        ResiliencePolicy policy = Fixtures.fast().maxRetries(2).circuitFailureThreshold(3)
                .circuitDelay(Duration.ofMinutes(1)).build();
        try (ShortTermMemory store = Resilience.wrap(backend, "log://test", policy)) {
            backend.mode = FlakyShortTermMemory.Mode.DOWN;
            assertThrows(MemoryUnavailableException.class, () -> store.size(Fixtures.session()));
        }
        assertEquals(2, lines(Level.WARNING, "retrying in").size(), records::toString);
        assertEquals(1, lines(Level.SEVERE, "gave up after 3 attempts").size(), records::toString);
        List<String> opened = lines(Level.WARNING, "CLOSED -> OPEN");
        assertEquals(1, opened.size(), records::toString);
        assertTrue(opened.get(0).contains("log://test"), opened::toString);
        assertTrue(records.stream().allMatch(r -> r.getMessage().contains("log://test")), "every line names the backend");
    }
}
