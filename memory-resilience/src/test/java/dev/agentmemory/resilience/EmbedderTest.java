package dev.agentmemory.resilience;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Embedder;
import dev.agentmemory.HashingEmbedder;
import dev.agentmemory.MemoryBusyException;
import dev.agentmemory.MemoryConnectionException;
import dev.agentmemory.MemoryUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedderTest {

    private final HashingEmbedder real = new HashingEmbedder(32);

    @Test
    void anIoFailureIsTransientAndRetried() {
        ScriptedEmbedder flaky = new ScriptedEmbedder(real, 2,
                () -> new UncheckedIOException(new IOException("connection reset by embedding service")));
        Embedder resilient = Resilience.wrap(flaky, Fixtures.fast().build());
        assertArrayEquals(real.embed("hello"), resilient.embed("hello"));
        assertEquals(3, flaky.calls.get());
        assertEquals(32, resilient.dimension());
    }

    @Test
    void aTransientMemoryExceptionIsRetriedUntilExhausted() {
        ScriptedEmbedder down = new ScriptedEmbedder(real, Integer.MAX_VALUE,
                () -> new MemoryBusyException("embedder:test", "embed", "rate limited"));
        Embedder resilient = Resilience.wrap(down, Fixtures.fast().maxRetries(2).build());
        MemoryUnavailableException e = assertThrows(MemoryUnavailableException.class, () -> resilient.embed("x"));
        assertInstanceOf(MemoryBusyException.class, e.getCause());
        assertEquals(3, down.calls.get());
    }

    @Test
    void anyOtherRawExceptionBecomesPermanentUnavailableAttemptedOnceWithTheOriginalAsCause() {
        IllegalStateException bug = new IllegalStateException("token=sk-secret leaked in a client message");
        ScriptedEmbedder broken = new ScriptedEmbedder(real, Integer.MAX_VALUE, () -> bug);
        Embedder resilient = Resilience.wrap(broken, Fixtures.fast().maxRetries(3).build());
        MemoryUnavailableException e = assertThrows(MemoryUnavailableException.class, () -> resilient.embed("x"));
        assertSame(bug, e.getCause());
        assertEquals(1, broken.calls.get(), "not retried");
        assertTrue(!e.getMessage().contains("sk-secret"), "the raw message is not copied: " + e.getMessage());
    }

    @Test
    void embedAllGoesThroughThePolicyToo() {
        ScriptedEmbedder flaky = new ScriptedEmbedder(real, 1,
                () -> new MemoryConnectionException("embedder:test", "embed", "refused"));
        Embedder resilient = Resilience.wrap(flaky, Fixtures.fast().build());
        List<float[]> vectors = resilient.embedAll(List.of("a", "b"));
        assertEquals(2, vectors.size());
        assertArrayEquals(real.embed("b"), vectors.get(1));
    }
}
