package dev.agentmemory.bench.realtext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RealTextBenchmarkTest {

    @Test
    void anyWordJoinsTheWordsByOrAndLeavesNoDashOrQuoteToBeReadAsSyntax() {
        assertEquals("list or directory or contents", RealTextBenchmark.anyWord("list directory contents"));
        assertEquals("send or receive or well or known or files", RealTextBenchmark.anyWord(
                "send - or receive \"well-known\" files"));
        assertEquals("", RealTextBenchmark.anyWord(" - "));
    }

    @Test
    void onlyExactVectorSearchWithMiniLmIsTheReferenceOfRecall() {
        List<RealTextBenchmark.Setting> settings = RealTextBenchmark.settings(List.of("exact", "signature", "cube"));
        assertEquals(1, settings.stream().filter(RealTextBenchmark.Setting::reference).count());
        assertTrue(settings.get(0).reference());
        assertTrue(settings.stream().anyMatch(s -> s.kind().equals("keyword")));
        assertTrue(settings.stream().anyMatch(s -> s.kind().equals("hybrid") && s.mode().equals("signature")),
                "hybrid on the default mode");
        assertTrue(settings.stream().anyMatch(s -> s.mode().equals("cube")));
        assertFalse(settings.stream().anyMatch(s -> s.mode().equals("pgvector")));
    }
}
