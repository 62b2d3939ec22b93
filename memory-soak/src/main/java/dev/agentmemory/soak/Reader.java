package dev.agentmemory.soak;

import dev.agentmemory.MemoryException;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.Scope;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A reader thread: the recent turns of a writer's current session, again and again, as an agent building a prompt. */
final class Reader implements Runnable {

    private static final int LIMIT = 20;
    private static final Duration PAUSE = Duration.ofMillis(20);

    private final ShortTermMemory store;
    private final Scope scope;
    private final List<Writer> writers;
    private final AtomicBoolean stop;
    private final Random random;
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong rawErrors = new AtomicLong();

    Reader(ShortTermMemory store, Scope scope, List<Writer> writers, AtomicBoolean stop, long seed) {
        this.store = store;
        this.scope = scope;
        this.writers = writers;
        this.stop = stop;
        this.random = new Random(seed);
    }

    @Override
    public void run() {
        while (!stop.get()) {
            String session = writers.get(random.nextInt(writers.size())).current();
            if (session != null) {
                try {
                    store.recent(scope.session(session), LIMIT);
                    ok.incrementAndGet();
                } catch (MemoryException e) {
                    // Reads fail while the backend is down (BUFFER_WRITES buffers writes only).
                    failed.incrementAndGet();
                } catch (RuntimeException e) {
                    rawErrors.incrementAndGet();
                }
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
