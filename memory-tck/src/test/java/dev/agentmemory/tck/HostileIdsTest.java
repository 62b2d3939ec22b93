package dev.agentmemory.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryDefaults;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostileIdsTest {

    @Test
    void theFirstIdIsTheEmptyStringAndEscapesAreDecoded() {
        List<HostileIds.HostileId> ids = HostileIds.load();

        assertEquals("", ids.get(0).value());
        assertTrue(ids.stream().anyMatch(i -> i.value().equals("a\nb")), "\\n decoded");
        assertTrue(ids.stream().anyMatch(i -> i.value().equals("a\0b")), "\\0 decoded");
        assertTrue(ids.stream().anyMatch(i -> i.value().length() > MemoryDefaults.MAX_ID_LENGTH), "an oversized id");
        assertTrue(ids.size() > 30, "all lines loaded: " + ids.size());
    }

    @Test
    void namesAreOneLineOfPrintableAscii() {
        for (HostileIds.HostileId id : HostileIds.load()) {
            assertTrue(id.toString().chars().allMatch(c -> c >= 0x20 && c < 0x7f), id.toString());
        }
    }
}
