package dev.agentmemory;

import org.jspecify.annotations.Nullable;

/**
 * The call was turned away for lack of capacity: connection pool exhausted, bulkhead full, server loading or asking to try again, serialization failure or deadlock.
 */
public final class MemoryBusyException extends TransientMemoryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     * @param cause the driver exception, or {@code null}
     */
    public MemoryBusyException(String backend, String operation, String detail, @Nullable Throwable cause) {
        super(backend, operation, detail, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     */
    public MemoryBusyException(String backend, String operation, String detail) {
        super(backend, operation, detail, null);
    }
}
