package dev.agentmemory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Option;
import dev.agentmemory.ShortTermMemory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A shared option has one range, enforced in the same words by every provider (and by memory-resilience, which reads
 * {@code pool.max-size}): before, {@code short-term.max-entries} allowed 100,000 in {@code mem:} and Redis but
 * 1,000,000 in PostgreSQL, and {@code pool.max-size} had no cap in the resilience decorator.
 */
class SharedOptionRangesTest {

    /** One store per provider; lazy, so nothing is contacted: the configuration is checked while opening. */
    private static final Map<String, String> URIS = new LinkedHashMap<>();

    static {
        URIS.put("inmemory", "mem:");
        URIS.put("redis", "redis://127.0.0.1:1");
        URIS.put("postgres", "postgresql://127.0.0.1:1/agentmemory");
    }

    /** A value just outside the range of each shared option that a provider reads. */
    private static final Map<Option<?>, String> OUT_OF_RANGE = new LinkedHashMap<>();

    static {
        OUT_OF_RANGE.put(MemoryOptions.SHORT_TERM_MAX_ENTRIES, "100001");
        OUT_OF_RANGE.put(MemoryOptions.SHORT_TERM_TTL, "3651d");
        OUT_OF_RANGE.put(MemoryOptions.POOL_MAX_SIZE, "1001");
        OUT_OF_RANGE.put(MemoryOptions.POOL_MIN_SIZE, "1001");
        OUT_OF_RANGE.put(MemoryOptions.CONNECT_TIMEOUT, "25d");
        OUT_OF_RANGE.put(MemoryOptions.RESPONSE_TIMEOUT, "0s");
        OUT_OF_RANGE.put(MemoryOptions.CLOSE_TIMEOUT, "-1s");
        OUT_OF_RANGE.put(MemoryOptions.POOL_ACQUIRE_TIMEOUT, "25d");
        OUT_OF_RANGE.put(MemoryOptions.CLIENT_NAME, "has space");
        OUT_OF_RANGE.put(MemoryOptions.CONNECT, "sometimes");
    }

    @Test
    void everyProviderRejectsAnOutOfRangeSharedOptionInTheSameWords() {
        Map<String, List<Option<?>>> declared = MemoryStores.declaredOptions();
        int checked = 0;
        for (Map.Entry<Option<?>, String> bad : OUT_OF_RANGE.entrySet()) {
            Option<?> option = bad.getKey();
            String expected = "option '" + option.key() + "' is '" + bad.getValue() + "'; allowed: " + option.allowed();
            String first = null;
            for (Map.Entry<String, String> provider : URIS.entrySet()) {
                if (!declared.get(provider.getKey()).contains(option)) {
                    continue;
                }
                MemoryOptions options = MemoryOptions.of(option.key(), bad.getValue());
                MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class, () -> {
                    try (ShortTermMemory store = MemoryStores.shortTerm(provider.getValue(), options)) {
                        store.health();
                    }
                }, provider.getKey() + " accepted " + option.key() + "=" + bad.getValue());
                assertTrue(e.getMessage().startsWith(expected), provider.getKey() + ": " + e.getMessage());
                if (first == null) {
                    first = e.getMessage();
                } else {
                    assertEquals(first, e.getMessage(), "every provider says it in the same words");
                }
                checked++;
            }
        }
        assertTrue(checked >= 2 * OUT_OF_RANGE.size(), "each option is read by at least two providers: " + checked);
    }

    @Test
    void aSharedOptionAtItsLimitIsAcceptedByEveryProvider() throws Exception {
        MemoryOptions options = MemoryOptions.empty().with(MemoryOptions.SHORT_TERM_MAX_ENTRIES, 100_000)
                .with(MemoryOptions.POOL_MAX_SIZE, 1000);
        for (String uri : URIS.values()) {
            try (ShortTermMemory store = MemoryStores.shortTerm(uri, options)) {
                assertTrue(store.toString().length() > 0);
            }
        }
    }

    @Test
    void aProviderOptionIsShownOnceItsProviderIsFoundAndASensitiveOneNever() {
        String text = MemoryOptions.of("redis.key-prefix", "app-a", "redis.sentinel.password", "s3ntinel",
                "redis.tls.truststore-password", "tru5t", "postgres.schema", "app_a", "acme.token", "t0ken").toString();
        assertTrue(text.contains("redis.key-prefix=app-a"), text);
        assertTrue(text.contains("postgres.schema=app_a"), text);
        for (String secret : new String[] {"s3ntinel", "tru5t", "t0ken"}) {
            assertFalse(text.contains(secret), text);
        }
    }
}
