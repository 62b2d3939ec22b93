package dev.agentmemory.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The soak's verdict: each kind of damage a store can do to acknowledged writes is counted, and only that kind. */
class CheckTest {

    private static final Map<String, List<String>> ACKED = Map.of("s1", List.of("a", "b", "c", "d"), "s2", List.of("x"));
    private static final Map<String, Set<String>> REFUSED = Map.of("s1", Set.of("r"), "s2", Set.of());

    @Test
    void everythingKeptInOrderPasses() {
        Check c = Check.of(ACKED, REFUSED, Map.of("s1", List.of("a", "b", "c", "d"), "s2", List.of("x")), true);
        assertEquals(new Check(5, 5, 0, 0, 0, 1, 0, 0), c);
        assertTrue(c.kept());
    }

    @Test
    void aMissingAcknowledgedWriteIsLost() {
        Check c = Check.of(ACKED, REFUSED, Map.of("s1", List.of("a", "c", "d"), "s2", List.of("x")), true);
        assertEquals(1, c.lost());
        assertEquals(4, c.stored());
        assertEquals(0, c.outOfOrder(), "a gap is a loss, not a reordering");
        assertFalse(c.kept());
    }

    @Test
    void aSecondCopyIsADuplicate() {
        Check c = Check.of(ACKED, REFUSED, Map.of("s1", List.of("a", "b", "b", "c", "d"), "s2", List.of("x")), true);
        assertEquals(1, c.duplicated());
        assertEquals(0, c.lost());
        assertFalse(c.kept());
    }

    @Test
    void aWriteStoredBeforeOneAcknowledgedEarlierIsOutOfOrder() {
        Check c = Check.of(ACKED, REFUSED, Map.of("s1", List.of("a", "c", "b", "d"), "s2", List.of("x")), true);
        assertEquals(1, c.outOfOrder());
        assertEquals(0, c.lost());
        assertFalse(c.kept());
    }

    @Test
    void orderIsNotJudgedWhereItMeansNothing() {
        Check c = Check.of(ACKED, REFUSED, Map.of("s1", List.of("d", "c", "b", "a"), "s2", List.of("x")), false);
        assertEquals(-1, c.outOfOrder());
        assertTrue(c.kept());
    }

    @Test
    void aRefusedWriteStoredOnceIsAllowedAndCountedAnIdNobodyWroteIsNot() {
        Check refusedStored = Check.of(ACKED, REFUSED, Map.of("s1", List.of("a", "b", "r", "c", "d"), "s2", List.of("x")), true);
        assertEquals(1, refusedStored.refusedStoredAnyway());
        assertTrue(refusedStored.kept());

        Check unknown = Check.of(ACKED, REFUSED, Map.of("s1", List.of("a", "b", "c", "d"), "s2", List.of("x", "ghost")), true);
        assertEquals(1, unknown.unknown());
        assertFalse(unknown.kept());
    }

    @Test
    void aSessionNeverReadBackLosesAllItsAcknowledgedWrites() {
        Check c = Check.of(ACKED, REFUSED, Map.of("s1", List.of("a", "b", "c", "d")), true);
        assertEquals(1, c.lost());
    }
}
