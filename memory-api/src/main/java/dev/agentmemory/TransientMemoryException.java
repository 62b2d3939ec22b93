package dev.agentmemory;

import org.jspecify.annotations.Nullable;

/**
 * The backend could not serve the call now, but may a moment later: a connection was refused or reset, a
 * response timed out, a pool or the server was busy. The resilience decorator retries these; because every
 * write carries a client-chosen id, retrying a write whose outcome is unknown is safe.
 */
public abstract sealed class TransientMemoryException extends MemoryException
        permits MemoryConnectionException, MemoryTimeoutException, MemoryBusyException {

    private static final long serialVersionUID = 1L;

    TransientMemoryException(String backend, String operation, String detail, @Nullable Throwable cause) {
        super(backend, operation, detail, cause);
    }

    /** Always {@code true}. */
    @Override
    public final boolean isTransient() {
        return true;
    }
}
