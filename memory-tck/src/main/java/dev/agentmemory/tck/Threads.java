package dev.agentmemory.tck;

import dev.agentmemory.faultproxy.FaultProxy;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Thread bookkeeping for the cleanup contract and the providers' own close tests: which threads started while a
 * store was open and are still alive. Stateless and thread-safe.
 */
public final class Threads {

    /** JVM-wide pools that a store may borrow but never owns; their threads end on their own schedule. */
    private static final List<String> JVM_SHARED = List.of("ForkJoinPool.commonPool-", "Attach Listener",
            "process reaper", "Common-Cleaner", "Signal Dispatcher", "Reference Handler", "Finalizer");

    private Threads() {
    }

    /**
     * Takes a snapshot of the threads alive now, to compare with later.
     *
     * @return the threads alive now
     */
    public static Set<Thread> alive() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /**
     * The threads alive now that were not alive in {@code before}, leaving out fault-proxy threads, JVM-wide pools
     * and the threads the fixture calls shared.
     *
     * @param before a snapshot from {@link #alive()}
     * @param shared threads that outlive a store by design (the caller's shared pools, the test runner's own)
     * @return the threads left, in no particular order
     */
    public static List<Thread> startedSince(Set<Thread> before, Predicate<Thread> shared) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !before.contains(t))
                .filter(t -> !t.getName().startsWith(FaultProxy.THREAD_PREFIX))
                .filter(t -> JVM_SHARED.stream().noneMatch(p -> t.getName().startsWith(p)))
                .filter(t -> !shared.test(t))
                .toList();
    }

    /**
     * Describes threads for a failure message: name, state and the top of the stack of each, one per line.
     *
     * @param threads threads, usually from {@link #startedSince}
     * @return the description
     */
    public static String describe(List<Thread> threads) {
        StringBuilder b = new StringBuilder();
        for (Thread t : threads) {
            b.append("\n  ").append(t.getName()).append(" (").append(t.getState()).append(t.isDaemon() ? ", daemon" : "")
                    .append(')');
            StackTraceElement[] stack = t.getStackTrace();
            for (int i = 0; i < Math.min(4, stack.length); i++) {
                b.append("\n      at ").append(stack[i]);
            }
        }
        return b.toString();
    }
}
