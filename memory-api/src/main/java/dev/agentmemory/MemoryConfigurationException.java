package dev.agentmemory;

import org.jspecify.annotations.Nullable;

/**
 * The configuration is wrong: a bad URI or option, no provider for a scheme, failed authentication, a missing or outdated schema. The message says which setting and what is allowed.
 */
public final class MemoryConfigurationException extends PermanentMemoryException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     * @param cause the driver exception, or {@code null}
     */
    public MemoryConfigurationException(String backend, String operation, String detail, @Nullable Throwable cause) {
        super(backend, operation, detail, cause);
    }

    /**
     * Creates the exception without a cause.
     *
     * @param backend the backend address, without credentials
     * @param operation the operation that failed
     * @param detail what went wrong and, where it helps, how to fix it
     */
    public MemoryConfigurationException(String backend, String operation, String detail) {
        super(backend, operation, detail, null);
    }
}
