package dev.agentmemory.postgres;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentmemory.Scope;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The stored vectors this store has read, kept in its heap so that a search reads each memory's id and version
 * instead of its 1.5 kB vector: an exact scan of 10,000 memories transfers about 300 kB instead of 15 MB.
 *
 * <p>Never stale: an entry is used only when the row read in the search's own statement carries the version the
 * entry was cached with, its {@code xmin} (the transaction that wrote this version of the row; every update, also
 * one from another process, writes a new one) together with its {@code updated_at} (which a re-store sets, so that
 * a transaction id reused after 2<sup>32</sup> transactions cannot match on its own). A row whose version differs
 * is read again with its vector, in a second statement, and replaces the entry.
 *
 * <p>Bounded by the bytes of the vectors it holds ({@link PostgresOptions#VECTOR_CACHE}), with Caffeine's
 * frequency-based admission, so that a scan of more memories than fit does not flush the ones searched often. A scope
 * whose candidates outnumber what the cache holds (an exact scan of a large scope) would miss on most of them at
 * every search and pay a version read on top of the vector read: such a scope is searched without the cache for a
 * minute, then tried again. Its maintenance runs on the calling thread: the cache owns no thread. Thread-safe.
 */
final class VectorCache {

    /** Bytes an entry costs beyond its vector: the key's strings, the entry, the map node (an estimate). */
    private static final int ENTRY_OVERHEAD = 160;

    /**
     * A vector as stored, with the version of the row it was read from.
     *
     * @param xmin the row's {@code xmin}, as received
     * @param updatedAt its {@code updated_at}, as received (8 bytes in pgjdbc's binary form, else its text)
     * @param vector the vector, decoded
     * @param squaredNorm its {@code EncodedCosine.squaredNorm}, so that a search computes only the dot product
     */
    record Entry(byte[] xmin, byte[] updatedAt, float[] vector, double squaredNorm) {
    }

    private record Key(String tenant, String agent, String id) {
    }

    /** Scopes whose last search read more candidates than the cache holds: searched without it for a while. */
    private static final Duration TOO_LARGE_FOR = Duration.ofMinutes(1);

    private final @Nullable Cache<Key, Entry> cache;
    private final long capacity;
    private final Cache<Scope, Boolean> tooLarge = Caffeine.newBuilder()
            .maximumSize(1_000).expireAfterWrite(TOO_LARGE_FOR).executor(Runnable::run).build();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /**
     * @param maxBytes most bytes of vectors (and their bookkeeping) kept; 0 keeps nothing
     * @param dimension the vectors' dimension, to know how many fit
     */
    VectorCache(long maxBytes, int dimension) {
        this.capacity = maxBytes / ((long) dimension * Float.BYTES + ENTRY_OVERHEAD + 48);
        this.cache = maxBytes <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key k, Entry e) -> e.vector().length * Float.BYTES + e.xmin().length + e.updatedAt().length + 2 * k.id().length()
                        + ENTRY_OVERHEAD)
                .executor(Runnable::run)
                .build();
    }

    /** @return whether it keeps anything */
    boolean enabled() {
        return cache != null;
    }

    /** @return whether a search of this scope should go through the cache (it is on and the scope is not too large) */
    boolean serves(Scope scope) {
        return cache != null && tooLarge.getIfPresent(scope) == null;
    }

    /** Notes how many candidates a search of this scope read through the cache. */
    void read(Scope scope, int candidates) {
        if (candidates > capacity) {
            tooLarge.put(scope, Boolean.TRUE);
        }
    }

    /**
     * The version columns are compared byte for byte in the form the server sent them, the same form every time (a
     * value received in another form only misses).
     *
     * @return the cached vector of this version of the row, or {@code null} when it is not cached at this version
     */
    @Nullable Entry get(Scope scope, String id, byte[] xmin, byte[] updatedAt) {
        if (cache == null) {
            return null;
        }
        Entry e = cache.getIfPresent(new Key(scope.tenant(), scope.agent(), id));
        if (e != null && Arrays.equals(e.xmin(), xmin) && Arrays.equals(e.updatedAt(), updatedAt)) {
            hits.increment();
            return e;
        }
        misses.increment();
        return null;
    }

    /** Keeps a vector read from the row with this version, replacing an older one. */
    void put(Scope scope, String id, Entry entry) {
        if (cache != null) {
            cache.put(new Key(scope.tenant(), scope.agent(), id), entry);
        }
    }

    /** Forgets a memory this store deleted (a version check would skip it anyway; this frees its bytes sooner). */
    void forget(Scope scope, String id) {
        if (cache != null) {
            cache.invalidate(new Key(scope.tenant(), scope.agent(), id));
        }
    }

    /** Forgets every memory of a scope. */
    void forget(Scope scope) {
        if (cache != null) {
            cache.asMap().keySet().removeIf(k -> k.tenant().equals(scope.tenant()) && k.agent().equals(scope.agent()));
        }
    }

    /** Forgets everything, when the store closes. */
    void clear() {
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    /** @return vectors found at their row's version and vectors not found (absent or of another version) so far */
    long[] hitsAndMisses() {
        return new long[] {hits.sum(), misses.sum()};
    }

    /** @return the entries kept, for tests and health */
    long size() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
