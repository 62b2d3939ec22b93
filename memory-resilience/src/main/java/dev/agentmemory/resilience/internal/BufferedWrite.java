package dev.agentmemory.resilience.internal;

import java.util.List;

/**
 * One acknowledged write waiting in the outbox.
 *
 * @param key what its order is kept within: a {@code SessionRef} for short-term memory, a {@code Scope} for long-term
 * @param ids the client-chosen ids it writes (so replaying it is idempotent)
 * @param operation the operation, for messages
 * @param bytes its estimated size
 * @param write sends it to the wrapped store
 * @param items what it writes ({@code NewEntry}s or {@code NewMemory}s), so that the replay can join consecutive
 *        writes of one key into one {@link WriteBuffer.BatchWriter} call; empty if it cannot be joined
 */
record BufferedWrite(Object key, List<String> ids, String operation, long bytes, Runnable write, List<?> items) {

    BufferedWrite {
        ids = List.copyOf(ids);
        items = List.copyOf(items);
    }

    /** Rough UTF-16 size of some strings plus a fixed overhead, for the outbox's byte bound. */
    static long estimate(int fixedOverhead, Iterable<String> texts) {
        long total = fixedOverhead;
        for (String text : texts) {
            total += 2L * text.length();
        }
        return total;
    }
}
