package dev.agentmemory.soak.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a process that is not this JVM's child has ended. PostgreSQL's postmaster is reparented to PID 1 by
 * {@code pg_ctl}, so after it exits it can stay a zombie until PID 1 reaps it, and {@link ProcessHandle#isAlive()}
 * still says true; a zombie holds no port and no file, so it counts as ended here.
 */
final class ProcessState {

    private ProcessState() {
    }

    static boolean ended(long pid) {
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        try {
            // /proc/<pid>/stat: "pid (comm) S ..."; the state follows the last ')'.
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
        } catch (IOException e) {
            // No /proc (not Linux), or the process went away while we looked: isAlive() above is the answer.
            return !p.get().isAlive();
        }
    }

    /**
     * Waits until the process has ended, within a bound.
     *
     * @return whether it ended in time
     */
    static boolean awaitEnded(long pid, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!ended(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ended(pid);
            }
        }
        return true;
    }
}
