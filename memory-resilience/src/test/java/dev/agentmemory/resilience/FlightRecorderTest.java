package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryUnavailableException;
import dev.agentmemory.ShortTermMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

class FlightRecorderTest {

    private static final String RETRY = "dev.agentmemory.resilience.Retry";
    private static final String CIRCUIT = "dev.agentmemory.resilience.CircuitStateChange";

    @Test
    void retriesAndCircuitChangesAreRecorded() throws Exception {
        Path file = Files.createTempFile("resilience", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable(RETRY);
            recording.enable(CIRCUIT);
            recording.start();
            FlakyShortTermMemory backend = new FlakyShortTermMemory();
            ResiliencePolicy policy = Fixtures.fast().maxRetries(2).circuitFailureThreshold(3)
                    .circuitDelay(Duration.ofMinutes(1)).build();
            try (ShortTermMemory store = Resilience.wrap(backend, policy)) {
                backend.mode = FlakyShortTermMemory.Mode.DOWN;
                assertThrows(MemoryUnavailableException.class, () -> store.size(Fixtures.session()));
            }
            recording.stop();
            recording.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            List<RecordedEvent> retries = events.stream().filter(e -> e.getEventType().getName().equals(RETRY)).toList();
            List<RecordedEvent> circuit = events.stream().filter(e -> e.getEventType().getName().equals(CIRCUIT)).toList();
            assertEquals(2, retries.size(), () -> "retry events: " + retries);
            assertEquals("size", retries.get(0).getString("operation"));
            assertEquals(FlakyShortTermMemory.BACKEND, retries.get(0).getString("backend"));
            assertEquals(1, retries.get(0).getInt("failedAttempts"));
            assertTrue(retries.get(0).getString("error").contains("connection refused"));
            assertEquals(1, circuit.size(), () -> "circuit events: " + circuit);
            assertEquals("OPEN", circuit.get(0).getString("to"));
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
