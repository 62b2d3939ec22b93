package dev.agentmemory.soak.servers;

/**
 * The JVM shutdown hook of one server: it ends the server and removes its files when the JVM exits (normally, on
 * Ctrl-C or SIGTERM) before the server was closed. Closing the server cancels it.
 */
final class CleanupHook {

    private final Thread thread;

    private CleanupHook(Thread thread) {
        this.thread = thread;
    }

    static CleanupHook register(String name, Runnable cleanup) {
        Thread t = new Thread(cleanup, "agentmemory-soak-cleanup " + name);
        Runtime.getRuntime().addShutdownHook(t);
        return new CleanupHook(t);
    }

    /** Unregisters the hook, unless the JVM is already shutting down (the hook then runs, and finds nothing to do). */
    void cancel() {
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException e) {
            // Shutdown in progress: the hook runs anyway; cleanup is idempotent.
        }
    }
}
