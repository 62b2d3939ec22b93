package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.spi.DecoratorContext;
import dev.agentmemory.spi.MemoryProvider;
import dev.agentmemory.spi.StoreDecorator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    /** A provider that opens a {@link NamedStore} carrying its own name, so a test can see who opened it. */
    record FakeProvider(String name, Set<String> schemes, Set<Capability> capabilities) implements MemoryProvider {
        @Override
        public ShortTermMemory openShortTerm(String uri, MemoryOptions options) {
            return new NamedStore(name, List.of());
        }
    }

    /** A short-term store that only records who opened and who wrapped it; every data call is a no-op. */
    record NamedStore(String openedBy, List<String> wrappers) implements ShortTermMemory {
        NamedStore wrappedBy(String decorator) {
            List<String> w = new ArrayList<>(wrappers);
            w.add(decorator);
            return new NamedStore(openedBy, w);
        }

        @Override
        public MemoryEntry append(SessionRef session, NewEntry e) {
            return MemoryEntry.builder(e).sequence(1).createdAt(Instant.EPOCH).expiresAt(Instant.EPOCH).build();
        }

        @Override
        public List<MemoryEntry> recent(SessionRef session, int limit) {
            return List.of();
        }

        @Override
        public Optional<MemoryEntry> get(SessionRef session, String entryId) {
            return Optional.empty();
        }

        @Override
        public long size(SessionRef session) {
            return 0;
        }

        @Override
        public boolean expire(SessionRef session, Duration ttl) {
            return false;
        }

        @Override
        public void clear(SessionRef session) {
        }

        @Override
        public Health health() {
            return Health.up(openedBy + " " + wrappers, null);
        }

        @Override
        public void close() {
        }
    }

    record FakeDecorator(String name, int order) implements StoreDecorator {
        @Override
        public ShortTermMemory decorate(ShortTermMemory store, DecoratorContext context) {
            return ((NamedStore) store).wrappedBy(name);
        }
    }

    private static final FakeProvider MEM = new FakeProvider("inmemory", Set.of("mem"), EnumSet.allOf(MemoryProvider.Capability.class));
    private static final FakeProvider REDIS = new FakeProvider("redis", Set.of("redis", "rediss"), EnumSet.of(MemoryProvider.Capability.SHORT_TERM));
    private static final FakeProvider OTHER_REDIS = new FakeProvider("zz-redis", Set.of("redis"), EnumSet.of(MemoryProvider.Capability.SHORT_TERM));

    /** An iterator over services where {@code null} stands for a provider whose loading fails. */
    private static <T> Iterator<T> services(List<T> items) {
        return new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < items.size();
            }

            @Override
            public T next() {
                if (i >= items.size()) {
                    throw new NoSuchElementException();
                }
                T item = items.get(i++);
                if (item == null) {
                    throw new ServiceConfigurationError("com.example.BrokenProvider: Provider could not be instantiated");
                }
                return item;
            }
        };
    }

    private static ProviderRegistry registry(List<MemoryProvider> providers, List<StoreDecorator> decorators) {
        return new ProviderRegistry(() -> services(providers), () -> services(decorators));
    }

    private static void unwrap(ShortTermMemory store) {
        // the validating layer is outermost; health() passes through to the named store
        assertInstanceOf(ValidatingShortTermMemory.class, store);
    }

    @Test
    void findsProviderByScheme() {
        ShortTermMemory store = registry(List.of(MEM, REDIS), List.of()).shortTerm("redis://127.0.0.1:6379", MemoryOptions.empty());
        unwrap(store);
        assertEquals("redis []", store.health().detail());
    }

    @Test
    void schemeMatchIgnoresCaseAndJdbcPrefixesAreKept() {
        assertEquals("redis", ProviderRegistry.scheme("REDIS://h"));
        assertEquals("mem", ProviderRegistry.scheme("mem:"));
        assertEquals("jdbc:postgresql", ProviderRegistry.scheme("jdbc:postgresql://h1,h2/db?targetServerType=primary"));
        assertThrows(MemoryConfigurationException.class, () -> ProviderRegistry.scheme(" "));
        assertThrows(MemoryConfigurationException.class, () -> ProviderRegistry.scheme("no-scheme-here"));
    }

    @Test
    void explicitProviderOptionWinsOverScheme() {
        ShortTermMemory store = registry(List.of(MEM, REDIS, OTHER_REDIS), List.of())
                .shortTerm("redis://h:6379", MemoryOptions.of("provider", "zz-redis"));
        assertEquals("zz-redis []", store.health().detail());
    }

    @Test
    void unknownSchemeMessageListsProvidersAndSaysWhatToAdd() {
        MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                () -> registry(List.of(MEM), List.of()).shortTerm("redis://:secret@h:6379", MemoryOptions.empty()));
        String m = e.getMessage();
        assertTrue(m.contains("no short-term provider for scheme 'redis:'"), m);
        assertTrue(m.contains("inmemory [mem] [short-term, long-term]"), m);
        assertTrue(m.contains("Add the provider that serves 'redis:' to the module path"), m);
        assertFalse(m.contains("memory-redis-provider"), "memory-api names no artifact of its plugins: " + m);
        assertFalse(m.contains("secret"), m);
        assertEquals("redis://***@h:6379", e.backend());
    }

    @Test
    void schemeNoArtifactServesIsNamedAsSuch() {
        MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                () -> registry(List.of(), List.of()).shortTerm("cassandra://h", MemoryOptions.empty()));
        assertTrue(e.getMessage().contains("Providers found: none"), e.getMessage());
        assertTrue(e.getMessage().contains("Add the provider that serves 'cassandra:'"), e.getMessage());
    }

    @Test
    void providerWithoutTheCapabilityIsNotChosen() {
        MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                () -> registry(List.of(REDIS), List.of()).longTerm("redis://h", MemoryOptions.empty(), new HashingEmbedder(8)));
        assertTrue(e.getMessage().contains("no long-term provider for scheme 'redis:'"), e.getMessage());
    }

    @Test
    void brokenProviderIsSkipped() {
        List<MemoryProvider> withBroken = new ArrayList<>();
        withBroken.add(null);
        withBroken.add(REDIS);
        ShortTermMemory store = registry(withBroken, List.of()).shortTerm("redis://h", MemoryOptions.empty());
        assertEquals("redis []", store.health().detail());
        assertEquals(List.of(REDIS), registry(withBroken, List.of()).providers());
    }

    @Test
    void decoratorsApplyInAscendingOrderInnermostFirst() {
        ShortTermMemory store = registry(List.of(MEM),
                List.of(new FakeDecorator("metrics", 200), new FakeDecorator("resilience", 100), new FakeDecorator("alpha", 200)))
                .shortTerm("mem:", MemoryOptions.empty());
        assertEquals("inmemory [resilience, alpha, metrics]", store.health().detail());
    }

    @Test
    void decoratorCanBeTurnedOffByOption() {
        List<StoreDecorator> decorators = List.of(new FakeDecorator("metrics", 200), new FakeDecorator("resilience", 100));
        ShortTermMemory store = registry(List.of(MEM), decorators)
                .shortTerm("mem:", MemoryOptions.of("resilience.enabled", "false"));
        assertEquals("inmemory [metrics]", store.health().detail());
        assertEquals(List.of("metrics"), registry(List.of(MEM), decorators)
                .decorators(MemoryOptions.of("resilience.enabled", "false")).stream().map(StoreDecorator::name).toList());
    }

    @Test
    void validatingLayerRejectsBadInputAndUseAfterClose() {
        ShortTermMemory store = registry(List.of(MEM), List.of()).shortTerm("mem:", MemoryOptions.empty());
        SessionRef s = SessionRef.of("t", "a", "s");
        assertThrows(InvalidMemoryRequestException.class, () -> store.recent(s, 0));
        assertThrows(InvalidMemoryRequestException.class, () -> store.get(s, "a b"));
        assertThrows(InvalidMemoryRequestException.class, () -> store.expire(s, Duration.ZERO));
        assertThrows(InvalidMemoryRequestException.class, () -> store.append(null, NewEntry.of("user", "x")));
        store.close();
        store.close();
        MemoryClosedException e = assertThrows(MemoryClosedException.class, () -> store.append(s, NewEntry.of("user", "x")));
        assertEquals("mem:", e.backend());
        assertThrows(MemoryClosedException.class, store::health);
    }

    @Test
    void optionsInDecoratorContextAreTheOpenOptions() {
        List<DecoratorContext> seen = new ArrayList<>();
        StoreDecorator spy = new StoreDecorator() {
            @Override
            public String name() {
                return "spy";
            }

            @Override
            public int order() {
                return 0;
            }

            @Override
            public ShortTermMemory decorate(ShortTermMemory store, DecoratorContext context) {
                seen.add(context);
                return store;
            }
        };
        MemoryOptions options = MemoryOptions.of(Map.of("x", "1"));
        registry(List.of(REDIS), List.of(spy)).shortTerm("redis://u:pw@h:1", options);
        assertEquals(List.of(new DecoratorContext("redis", "redis://***@h:1", options)), seen);
    }
}
