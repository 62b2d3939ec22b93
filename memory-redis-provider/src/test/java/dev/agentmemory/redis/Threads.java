package dev.agentmemory.redis;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Thread snapshots, to check that a closed store left no thread behind. */
final class Threads {

    private Threads() {
    }

    static Set<Thread> snapshot() {
        return Thread.getAllStackTraces().keySet();
    }

    /**
     * Threads alive now that were not in {@code before}, waiting up to {@code patience} for them to end (a thread
     * may still be on its way out when close() returns).
     */
    static List<String> startedSince(Set<Thread> before, Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        List<Thread> left;
        do {
            left = snapshot().stream().filter(t -> !before.contains(t) && t.isAlive())
                    .filter(t -> !t.getName().startsWith("surefire") && !t.getName().startsWith("process reaper"))
                    .collect(Collectors.toList());
            if (left.isEmpty()) {
                break;
            }
            RedisServerProcess.sleep(50);
        } while (System.nanoTime() < deadline);
        return left.stream().map(Thread::getName).sorted().toList();
    }
}
