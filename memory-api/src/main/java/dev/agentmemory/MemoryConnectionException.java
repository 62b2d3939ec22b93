package dev.agentmemory;

import org.jspecify.annotations.Nullable;

/**
 * The backend could not be reached or the connection broke: refused, reset, node down, failover in progress.
 */
public final class MemoryConnectionException extends TransientMemoryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     * @param cause the driver exception, or {@code null}
     */
    public MemoryConnectionException(String backend, String operation, String detail, @Nullable Throwable cause) {
        super(backend, operation, detail, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     */
    public MemoryConnectionException(String backend, String operation, String detail) {
        super(backend, operation, detail, null);
    }
}
