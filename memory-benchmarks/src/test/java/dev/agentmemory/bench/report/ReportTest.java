package dev.agentmemory.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.bench.redis.AppendBytes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table printer and the verdicts on the targets. */
class ReportTest {

    @Test
    void tablePadsAndAlignsNumbersRight() {
        String table = new MarkdownTable("store", ">p50").row("provider", "95.0 µs").row("raw", "1.2 ms").toString();
        assertEquals("""
                | store    |     p50 |
                | -------- | ------: |
                | provider | 95.0 µs |
                | raw      |  1.2 ms |
                """, table);
    }

    @Test
    void tableRejectsARowOfTheWrongWidth() {
        assertThrows(IllegalArgumentException.class, () -> new MarkdownTable("a", "b").row("only one"));
    }

    @Test
    void latencyIsInMicrosecondsBelowTenMillisecondsElseInMilliseconds() {
        assertEquals("87.5 µs", MarkdownTable.latency(87.5));
        assertEquals("412 µs", MarkdownTable.latency(412.4));
        assertEquals("18.3 ms", MarkdownTable.latency(18_300));
        assertEquals("152 ms", MarkdownTable.latency(152_000));
    }

    @Test
    void throughputIsThreadsOverMeanLatency() {
        assertEquals(40_000.0, redis("provider", 4, 100).throughput(), 1e-6);
    }

    @Test
    void targetsAreJudgedFromTheMeasurements() {
        Results results = new Results();
        results.add(redis("raw", 1, 100));
        results.add(redis("provider", 1, 110));
        results.add(redis("resilient", 1, 120));
        results.add(new Measurement("AppendHistoryBenchmark", Map.of("history", "1000", "variant", "provider"), 1,
                200, 400, 210, 1000));
        results.add(new Measurement("AppendHistoryBenchmark", Map.of("history", "1000", "variant", "full-rewrite"), 1,
                1000, 2000, 1100, 1000));
        results.bytes("provider", 1000, new AppendBytes.Bytes(300, 400));
        results.bytes("full-rewrite", 1000, new AppendBytes.Bytes(500_000, 250_000));
        String report = Report.markdown(results, List.of("## Performance"));
        assertTrue(line(report, "resilience decorator overhead").contains("+9.1%"), report);
        assertTrue(line(report, "resilience decorator overhead").contains("**missed**"), report);
        assertTrue(line(report, "provider vs raw Redisson floor").contains("1.10x"), report);
        assertTrue(line(report, "provider vs raw Redisson floor").contains("| met"), report);
        assertTrue(line(report, "append at 1,000 turns vs full rewrite, p50").contains("5.00x faster"), report);
        assertTrue(line(report, "append at 1,000 turns vs full rewrite, bytes").contains("1667x fewer"), report);
        assertEquals(1, report.split("\\*\\*missed\\*\\*", -1).length - 1, report);
    }

    private static List<String> cells(String row) {
        return java.util.Arrays.stream(row.split("\\|")).map(String::trim).filter(c -> !c.isEmpty()).toList();
    }

    private static String line(String report, String containing) {
        return report.lines().filter(l -> l.contains(containing)).findFirst().orElse("(no line with " + containing + ")");
    }

    private static Measurement redis(String variant, int threads, double mean) {
        return new Measurement("RedisAppendBenchmark", Map.of("variant", variant), threads, mean, mean * 2, mean, 1000);
    }

    @Test
    void sustainedLoadTableAndItsTargets() {
        Results results = new Results();
        results.load(new dev.agentmemory.bench.recovery.LoadOutcome("after", "redis", 8, 8_400, 20_000, 20_000, 0, 0,
                0, 9_000, 1_500, 20, 400, 1_500, 700, 30, 0, 0));
        results.load(new dev.agentmemory.bench.recovery.LoadOutcome("after", "postgres", 8, 9_100, 20_000, 19_000,
                1_000, 0, 0, 10_000, -1, 20, 400, 1_500, 700, 30, 0, 0));
        String report = Report.markdown(results, List.of("## Performance"));
        assertTrue(report.contains("### Recovery under sustained load"), report);
        assertTrue(line(report, "| this checkout | redis").contains("1,500 ms"), report);
        assertTrue(line(report, "| this checkout | postgres").contains("not in 20 s"), report);
        assertTrue(line(report, "heal to backlog empty, redis").contains("| met"), report);
        assertTrue(line(report, "heal to backlog empty, postgres").contains("**missed**"), report);
        assertTrue(line(report, "refused writes, redis, 8 s").contains("| met"), report);
        assertTrue(line(report, "refused writes, postgres, 8 s").contains("1,000"), report);
    }

    @Test
    void chatMemoryTableNamesBothStoresWithTheirLatencyAndBytesPerMessage() {
        Results results = new Results();
        results.chatMemory(List.of(
                new dev.agentmemory.bench.redis.ChatMemoryConversation.Row("agentmemory", 1000, 20, 3000, 700, 2500, 900,
                        1304, 21_920),
                new dev.agentmemory.bench.redis.ChatMemoryConversation.Row("full-rewrite", 1000, 20, 3000, 170, 315, 179,
                        5162, 5035)));
        String report = Report.markdown(results, List.of("## Performance"));
        assertTrue(report.contains("### LangChain4j chat memory on Redis"), report);
        assertEquals(List.of("1,000", "20", "agentmemory (AgentMemoryChatMemoryStore)", "700 µs", "2500 µs", "900 µs",
                "1,304", "21,920"), cells(line(report, "agentmemory (AgentMemoryChatMemoryStore)")), report);
        assertTrue(line(report, "whole-list rewrite (JSON, GET and SET) ").contains("5,162"), report);
    }
}
