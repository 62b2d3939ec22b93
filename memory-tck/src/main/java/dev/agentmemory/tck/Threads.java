package dev.agentmemory.tck;

import dev.agentmemory.faultproxy.FaultProxy;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** Thread bookkeeping for the cleanup contract: which threads started while a store was open and are still alive. */
final class Threads {

    /** JVM-wide pools that a store may borrow but never owns; their threads end on their own schedule. */
    private static final List<String> JVM_SHARED = List.of("ForkJoinPool.commonPool-", "Attach Listener",
            "process reaper", "Common-Cleaner", "Signal Dispatcher", "Reference Handler", "Finalizer");

    private Threads() {
    }

    static Set<Thread> alive() {
        return Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    /**
     * The threads alive now that were not alive in {@code before}, leaving out fault-proxy threads, JVM-wide pools
     * and the threads the fixture calls shared.
     */
    static List<Thread> startedSince(Set<Thread> before, Predicate<Thread> shared) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> !before.contains(t))
                .filter(t -> !t.getName().startsWith(FaultProxy.THREAD_PREFIX))
                .filter(t -> JVM_SHARED.stream().noneMatch(p -> t.getName().startsWith(p)))
                .filter(t -> !shared.test(t))
                .toList();
    }

    static String describe(List<Thread> threads) {
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
