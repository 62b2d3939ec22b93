package dev.agentmemory;

import org.jspecify.annotations.Nullable;

/**
 * Root of every error that agentmemory raises. Unchecked and sealed: a caller either catches it as a
 * whole or acts on one of its two branches.
 *
 * <ul>
 *   <li>{@link TransientMemoryException}: the backend blipped (connection, timeout, busy); the same call
 *       may succeed later, and the resilience decorator retries it.</li>
 *   <li>{@link PermanentMemoryException}: retrying cannot help (bad input, bad configuration, closed store,
 *       retries exhausted).</li>
 * </ul>
 *
 * <p>Every instance names the {@linkplain #backend() backend} (an address with any password removed) and
 * the {@linkplain #operation() operation} that failed. A driver exception, when there was one, is kept as
 * the {@linkplain #getCause() cause}. Messages never contain a password.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public abstract sealed class MemoryException extends RuntimeException
        permits TransientMemoryException, PermanentMemoryException {

    private static final long serialVersionUID = 1L;

    /** The backend's address without credentials. */
    private final String backend;
    /** The API operation that failed. */
    private final String operation;

    MemoryException(String backend, String operation, String detail, @Nullable Throwable cause) {
        super(detail + " [operation=" + operation + ", backend=" + backend + "]", cause);
        this.backend = backend;
        this.operation = operation;
    }

    /**
     * The backend the operation was sent to.
     *
     * @return its address without credentials, for example {@code redis://10.0.0.5:6379}
     */
    public String backend() {
        return backend;
    }

    /**
     * The operation that failed.
     *
     * @return its name in the API, for example {@code append} or {@code search}
     */
    public String operation() {
        return operation;
    }

    /**
     * Whether the same call may succeed if tried again later.
     *
     * @return {@code true} exactly for a {@link TransientMemoryException}
     */
    public abstract boolean isTransient();
}
