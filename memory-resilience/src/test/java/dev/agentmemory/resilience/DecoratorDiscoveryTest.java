package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Embedder;
import dev.agentmemory.Health;
import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.ShortTermMemory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Having this module on the path makes every store from MemoryStores resilient; the option turns it off. */
class DecoratorDiscoveryTest {

    @Test
    void theDecoratorIsFoundAndTurnedOffByItsOption() {
        assertTrue(MemoryStores.decorators(MemoryOptions.empty()).contains(Resilience.DECORATOR_NAME));
        assertFalse(MemoryStores.decorators(MemoryOptions.of("resilience.enabled", "false"))
                .contains(Resilience.DECORATOR_NAME));
    }

    @Test
    void storesFromMemoryStoresAreResilient() {
        try (ShortTermMemory recent = MemoryStores.shortTerm("mem:", MemoryOptions.of("resilience.max-retries", "1"));
             LongTermMemory durable = MemoryStores.longTerm("mem:")) {
            Health h = recent.health();
            assertEquals(Health.Status.UP, h.status(), h::toString);
            assertEquals("CLOSED", h.attributes().get("resilience.circuit"));
            assertEquals("CLOSED", durable.health().attributes().get("resilience.circuit"));
        }
        try (ShortTermMemory plain = MemoryStores.shortTerm("mem:", MemoryOptions.of("resilience.enabled", "false"))) {
            assertFalse(plain.health().attributes().containsKey("resilience.circuit"));
        }
    }

    @Test
    void aBadResilienceOptionFailsTheOpenNamingTheOption() {
        MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                () -> MemoryStores.shortTerm("mem:", MemoryOptions.of("resilience.degradation", "pray")));
        assertTrue(e.getMessage().contains("resilience.degradation"), e::getMessage);
    }

    @Test
    void aLongTermStoreEmbedsThroughAResilientEmbedder() {
        Embedder plain = new dev.agentmemory.HashingEmbedder(16);
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Embedder counting = new Embedder() {
            @Override
            public int dimension() {
                return plain.dimension();
            }

            @Override
            public float[] embed(String text) {
                seen.add(text);
                if (seen.size() == 1) {
                    throw new java.io.UncheckedIOException(new java.io.IOException("embedding service blipped"));
                }
                return plain.embed(text);
            }
        };
        try (LongTermMemory durable = MemoryStores.longTerm("mem:", MemoryOptions.of("resilience.backoff-initial", "5ms",
                "resilience.backoff-max", "10ms"), counting)) {
            durable.store(new dev.agentmemory.Scope("t", "a"), dev.agentmemory.NewMemory.builder("remember me").build());
            assertEquals(List.of("remember me", "remember me"), seen, "the blip was retried once");
        }
    }
}
