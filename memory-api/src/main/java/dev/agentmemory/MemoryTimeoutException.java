package dev.agentmemory;

import org.jspecify.annotations.Nullable;

/**
 * The backend did not answer in time (response or statement timeout). The call may or may not have taken effect; writes are idempotent by id, so retrying is safe.
 */
public final class MemoryTimeoutException extends TransientMemoryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     * @param cause the driver exception, or {@code null}
     */
    public MemoryTimeoutException(String backend, String operation, String detail, @Nullable Throwable cause) {
        super(backend, operation, detail, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     */
    public MemoryTimeoutException(String backend, String operation, String detail) {
        super(backend, operation, detail, null);
    }
}
