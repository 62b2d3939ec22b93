package dev.agentmemory;

import org.jspecify.annotations.Nullable;

/**
 * The backend stayed unavailable: retries were exhausted, the circuit breaker is open, or a write buffer is full. The cause chain keeps the last transient error.
 */
public final class MemoryUnavailableException extends PermanentMemoryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     * @param cause the driver exception, or {@code null}
     */
    public MemoryUnavailableException(String backend, String operation, String detail, @Nullable Throwable cause) {
        super(backend, operation, detail, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     */
    public MemoryUnavailableException(String backend, String operation, String detail) {
        super(backend, operation, detail, null);
    }
}
