package dev.agentmemory.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The short soak of the test build: {@link SoakPlan#shortSoak} (60 s of writers and readers through the resilience
 * decorator in BUFFER_WRITES mode, each private server crashed once and restarted) must lose, duplicate and reorder
 * nothing that was acknowledged, and leave no connection and no thread. Refused writes (the buffer was full) were
 * never acknowledged: they are reported, not failed. The report goes to target/soak-test/short-soak.md.
 */
class ShortSoakTest {

    @Test
    // Only "does not hang": the run bounds each of its own waits (server starts, the writers' last calls, the flush).
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void aMinuteOfWritesWithACrashOfEachServerKeepsEveryAcknowledgedWriteOnceAndInOrder() throws Exception {
        Path dir = Path.of("target", "soak-test").toAbsolutePath();
        Files.createDirectories(dir);
        long seed = System.nanoTime();
        SoakReport report = new SoakRun(SoakPlan.shortSoak(seed), dir, System.out).run();
        String table = report.render();
        Files.writeString(dir.resolve("short-soak.md"), table, StandardCharsets.UTF_8);
        new PrintStream(System.out, true, StandardCharsets.UTF_8).print(table);

        assertEquals(2, report.outages().size());
        report.outages().forEach((server, crashes) -> assertEquals(1, crashes.size(), server + " crashed once"));
        assertTrue(report.stores().stream().allMatch(s -> s.check().acknowledged() > 0), table);
        List<String> failures = report.failures();
        assertTrue(failures.isEmpty(), () -> "the soak failed:\n" + table);
    }
}
