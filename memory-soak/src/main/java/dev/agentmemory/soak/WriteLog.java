package dev.agentmemory.soak;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * What the writers of one store were told, per session: the ids acknowledged (in acknowledgement order) and the ids
 * refused. Each session belongs to one writer thread, which alone records into it; the maps are read only after the
 * writers have been joined. The counters may be read at any time, for progress lines.
 */
final class WriteLog {

    private final Map<String, List<String>> acknowledged = new LinkedHashMap<>();
    private final Map<String, Set<String>> refused = new LinkedHashMap<>();
    private final AtomicLong acknowledgedCount = new AtomicLong();
    private final AtomicLong refusedCount = new AtomicLong();
    private final AtomicLong rawErrors = new AtomicLong();
    private volatile @Nullable String firstRawError;

    /** Makes room for a session before its writer starts on it, so that the maps never change shape concurrently. */
    synchronized void open(String session) {
        acknowledged.put(session, new ArrayList<>());
        refused.put(session, new HashSet<>());
    }

    void acknowledged(String session, String id) {
        sessionAcks(session).add(id);
        acknowledgedCount.incrementAndGet();
    }

    void refused(String session, String id) {
        sessionRefusals(session).add(id);
        refusedCount.incrementAndGet();
    }

    /** A write that threw something other than a MemoryException: a broken contract, reported as a failure. */
    void rawError(String session, String id, RuntimeException e) {
        refused(session, id);
        if (rawErrors.getAndIncrement() == 0) {
            firstRawError = e.toString();
        }
    }

    private synchronized List<String> sessionAcks(String session) {
        return acknowledged.get(session);
    }

    private synchronized Set<String> sessionRefusals(String session) {
        return refused.get(session);
    }

    synchronized Map<String, List<String>> acknowledged() {
        return acknowledged;
    }

    synchronized Map<String, Set<String>> refused() {
        return refused;
    }

    synchronized Set<String> sessions() {
        return Set.copyOf(acknowledged.keySet());
    }

    long acknowledgedCount() {
        return acknowledgedCount.get();
    }

    long refusedCount() {
        return refusedCount.get();
    }

    long rawErrors() {
        return rawErrors.get();
    }

    @Nullable String firstRawError() {
        return firstRawError;
    }
}
