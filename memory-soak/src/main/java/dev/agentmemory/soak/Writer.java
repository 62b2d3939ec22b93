package dev.agentmemory.soak;

import dev.agentmemory.MemoryException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One writer thread: writes to its own sessions, one after another, a fixed number of writes each, with ids it
 * chooses ({@code <writer>-s<session>-<n>}), and records each outcome in the {@link WriteLog} as soon as the call
 * returns. Stops when told, after the call in progress.
 */
final class Writer implements Runnable {

    /** One write: the store call for a session key and an id. */
    @FunctionalInterface
    interface Write {
        void write(String session, String id, int n);
    }

    private final String name;
    private final int writesPerSession;
    private final Duration pause;
    private final AtomicBoolean stop;
    private final WriteLog log;
    private final Write write;
    private volatile @Nullable String current;

    Writer(String name, int writesPerSession, Duration pause, AtomicBoolean stop, WriteLog log, Write write) {
        this.name = name;
        this.writesPerSession = writesPerSession;
        this.pause = pause;
        this.stop = stop;
        this.log = log;
        this.write = write;
    }

    /** @return the session this writer writes to now, or null before its first */
    @Nullable String current() {
        return current;
    }

    @Override
    public void run() {
        for (int s = 0; !stop.get(); s++) {
            String session = name + "-s" + s;
            log.open(session);
            current = session;
            for (int n = 0; n < writesPerSession && !stop.get(); n++) {
                String id = session + "-" + n;
                try {
                    write.write(session, id, n);
                    log.acknowledged(session, id);
                } catch (MemoryException e) {
                    // Refused (buffer full, store closing): never acknowledged, so never owed.
                    log.refused(session, id);
                } catch (RuntimeException e) {
                    log.rawError(session, id, e);
                }
                try {
                    // Pacing, as an agent between two turns; not synchronisation.
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
