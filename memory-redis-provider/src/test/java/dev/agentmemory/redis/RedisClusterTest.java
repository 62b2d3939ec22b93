package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryEntry;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.faultproxy.resp.RespClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scale-out for real: a private three-master Redis Cluster on ephemeral ports. Sessions spread over the masters,
 * every key of one session lands in one slot (so the append script is legal), and the store works through
 * {@code redis-cluster://}. Skipped, with the reason, only where redis-server is not installed.
 */
@ExtendWith(PrivateClusterExtension.class)
class RedisClusterTest {

    private final PrivateCluster cluster = PrivateClusterExtension.cluster();

    private ShortTermMemory open() {
        return MemoryStores.shortTerm(cluster.uri(), MemoryOptions.of(MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "5",
                MemoryOptions.CLIENT_NAME.key(), "amtest-cluster"));
    }

    @Test
    void sessionsSpreadOverTheMastersAndEachSessionStaysInOneSlot() {
        Set<Integer> nodesUsed = new HashSet<>();
        try (ShortTermMemory store = open()) {
            for (int i = 0; i < 30; i++) {
                SessionRef s = SessionRef.of("acme", "bot", "chat-" + i);
                for (int j = 0; j < 7; j++) {
                    store.append(s, NewEntry.of("user", "m" + j));
                }
                List<MemoryEntry> recent = store.recent(s, 10);
                assertEquals(5, recent.size());
                assertEquals(recent.get(0).sequence() + 4, recent.get(4).sequence(), "one counter per session");
                String tag = "am:{acme/bot/chat-" + i + "}:";
                for (int n = 0; n < cluster.nodes().size(); n++) {
                    try (RespClient c = cluster.nodes().get(n).client()) {
                        long slot = c.number("CLUSTER", "KEYSLOT", tag + "ids");
                        assertEquals(slot, c.number("CLUSTER", "KEYSLOT", tag + "entries"));
                        assertEquals(slot, c.number("CLUSTER", "KEYSLOT", tag + "seq"));
                        if (ownsSlot(c, slot)) {
                            nodesUsed.add(n);
                            assertEquals(1, c.number("EXISTS", tag + "ids"));
                            assertEquals(5, c.number("HLEN", tag + "entries"));
                        }
                    }
                }
            }
            assertEquals(3, nodesUsed.size(), "30 sessions use all three masters");
            Health h = store.health();
            assertEquals(Health.Status.UP, h.status(), h::detail);
            assertEquals("cluster", h.attributes().get("topology"));
        }
    }

    /** Whether this node holds keys in the slot (a node counts only the slots it serves). */
    private static boolean ownsSlot(RespClient c, long slot) {
        return c.number("CLUSTER", "COUNTKEYSINSLOT", Long.toString(slot)) > 0;
    }

    @Test
    void expireAndClearWorkAcrossTheCluster() {
        try (ShortTermMemory store = open()) {
            SessionRef s = SessionRef.of("acme", "bot", "expiring");
            store.append(s, NewEntry.of("user", "x"));
            assertTrue(store.expire(s, Duration.ofMinutes(2)));
            store.clear(s);
            assertEquals(0, store.size(s));
            assertTrue(store.recent(s, 3).isEmpty());
        }
    }
}
