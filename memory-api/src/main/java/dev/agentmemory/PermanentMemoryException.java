package dev.agentmemory;

import org.jspecify.annotations.Nullable;

/**
 * Retrying the same call cannot help: the request or the configuration is wrong, the store is closed, or
 * the resilience layer already gave up. Never retried.
 */
public abstract sealed class PermanentMemoryException extends MemoryException
        permits MemoryConfigurationException, InvalidMemoryRequestException, MemoryClosedException,
                MemoryUnavailableException {

    private static final long serialVersionUID = 1L;

    PermanentMemoryException(String backend, String operation, String detail, @Nullable Throwable cause) {
        super(backend, operation, detail, cause);
    }

    /** Always {@code false}. */
    @Override
    public final boolean isTransient() {
        return false;
    }
}
