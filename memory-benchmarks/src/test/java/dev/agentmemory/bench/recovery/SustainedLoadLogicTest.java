package dev.agentmemory.bench.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of the sustained-load run: the schedule, the percentiles, the line between the JVMs. */
class SustainedLoadLogicTest {

    @Test
    void pacerKeepsTheScheduleWhateverACallCost() {
        Pacer pacer = new Pacer(1_000, 10);
        assertEquals(1_000, pacer.take(0));
        // The first call took 7 ns: the next slot is still due at 1_010, not 7 ns after it returned.
        assertEquals(1_010, pacer.take(1_007));
        // Late by less than a period: written at once, the slot counts as offered on time.
        assertEquals(1_020, pacer.take(1_025));
        assertEquals(0, pacer.missed());
    }

    @Test
    void pacerSkipsAndCountsTheSlotsAWriterBlockedThrough() {
        Pacer pacer = new Pacer(0, 10);
        assertEquals(0, pacer.take(0));
        // Blocked until 105: slots 1..9 passed (slot 10 is due at 100, within one period).
        assertEquals(100, pacer.take(105));
        assertEquals(9, pacer.missed());
        assertEquals(110, pacer.take(106));
        assertEquals(9, pacer.missed());
    }

    @Test
    void pacerRejectsANonPositivePeriod() {
        assertThrows(IllegalArgumentException.class, () -> new Pacer(0, 0));
    }

    @Test
    void percentileIsNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, LatencyLog.percentile(sorted, 50));
        assertEquals(99, LatencyLog.percentile(sorted, 99));
        assertEquals(100, LatencyLog.percentile(sorted, 100));
        assertEquals(7, LatencyLog.percentile(new long[] {7}, 99));
        assertEquals(-1, LatencyLog.percentile(new long[0], 99));
    }

    @Test
    void windowTakesTheCallsThatBeganInItFromEveryWriterSorted() {
        LatencyLog a = new LatencyLog();
        LatencyLog b = new LatencyLog();
        for (int i = 0; i < 5_000; i++) {
            a.add(i, 1_000 + i % 7);
        }
        b.add(10, 5);
        b.add(20, 3);
        b.add(30, 9);
        long[] window = LatencyLog.window(List.of(a, b), 10, 30);
        assertEquals(20 + 2, window.length);
        assertEquals(3, window[0]);
        assertEquals(5, window[1]);
        long[] later = LatencyLog.window(List.of(a), 4_998, 10_000);
        assertArrayEquals(new long[] {1_000, 1_001}, later);
    }

    @Test
    void outcomeTravelsAsOneLine() {
        LoadOutcome o = new LoadOutcome("before 024899d", "postgres", 8, 9_120, 30_000, 20_000, 9_900, 100, 42, 10_000, -1,
                20, 900, 120_000, 2_500, 14_000, 0, 3);
        assertEquals(o, LoadOutcome.parse(o.toLine()));
        assertFalse(o.drained());
        assertThrows(IllegalArgumentException.class, () -> LoadOutcome.parse("something else"));
    }

    @Test
    void microsecondsRoundUpAndKeepNoneAsNone() {
        assertEquals(-1, SustainedLoad.micros(-1));
        assertEquals(1, SustainedLoad.micros(300));
        assertEquals(2, SustainedLoad.micros(1_001));
        assertEquals(0, SustainedLoad.micros(0));
    }

    @Test
    void outagesUpToEightSecondsFitTheBuffer() {
        assertTrue(outcome(8).fitsBuffer());
        assertFalse(outcome(30).fitsBuffer());
    }

    static LoadOutcome outcome(int outage) {
        return new LoadOutcome("after", "redis", outage, outage * 1_000L + 100, 10_000, 10_000, 0, 0, 0, 1_000, 800,
                20, 400, 1_500, 700, 30, 0, 0);
    }
}
