package dev.agentmemory;

import org.jspecify.annotations.Nullable;

/**
 * The request itself is invalid (an id, a size, a vector dimension, a limit) and was rejected before any I/O; nothing stored was changed.
 */
public final class InvalidMemoryRequestException extends PermanentMemoryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     * @param cause the driver exception, or {@code null}
     */
    public InvalidMemoryRequestException(String backend, String operation, String detail, @Nullable Throwable cause) {
        super(backend, operation, detail, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     */
    public InvalidMemoryRequestException(String backend, String operation, String detail) {
        super(backend, operation, detail, null);
    }
}
