package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaxonomyTest {

    @Test
    void transientBranchIsConnectionTimeoutAndBusy() {
        for (MemoryException e : List.of(new MemoryConnectionException("b", "op", "d"),
                new MemoryTimeoutException("b", "op", "d"), new MemoryBusyException("b", "op", "d"))) {
            assertTrue(e.isTransient(), e.getClass().getSimpleName());
            assertTrue(e instanceof TransientMemoryException);
        }
    }

    @Test
    void permanentBranchIsNeverTransient() {
        for (MemoryException e : List.of(new MemoryConfigurationException("b", "op", "d"),
                new InvalidMemoryRequestException("b", "op", "d"), new MemoryClosedException("b", "op", "d"),
                new MemoryUnavailableException("b", "op", "d"))) {
            assertFalse(e.isTransient(), e.getClass().getSimpleName());
            assertTrue(e instanceof PermanentMemoryException);
        }
    }

    @Test
    void keepsBackendOperationAndCause() {
        IOException cause = new IOException("connection reset");
        MemoryConnectionException e = new MemoryConnectionException("redis://10.0.0.5:6379", "append", "connection reset", cause);
        assertEquals("redis://10.0.0.5:6379", e.backend());
        assertEquals("append", e.operation());
        assertSame(cause, e.getCause());
        assertEquals("connection reset [operation=append, backend=redis://10.0.0.5:6379]", e.getMessage());
    }

    @Test
    void taxonomyIsSealed() {
        assertTrue(MemoryException.class.isSealed());
        assertEquals(2, MemoryException.class.getPermittedSubclasses().length);
        assertEquals(3, TransientMemoryException.class.getPermittedSubclasses().length);
        assertEquals(4, PermanentMemoryException.class.getPermittedSubclasses().length);
    }
}
