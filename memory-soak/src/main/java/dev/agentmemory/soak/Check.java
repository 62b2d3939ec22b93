package dev.agentmemory.soak;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a store kept of what its writers were told, per session (or long-term scope), summed over all of them.
 *
 * @param acknowledged writes that returned normally
 * @param stored acknowledged writes found in the store
 * @param lost acknowledged writes not found
 * @param duplicated extra copies of an id in a session
 * @param outOfOrder places where a stored acknowledged write comes before one acknowledged earlier in its session
 *     (descents of the acknowledgement index along the stored order); -1 where order means nothing (long-term)
 * @param refused writes that threw (never acknowledged)
 * @param refusedStoredAnyway refused writes found in the store all the same (an attempt reached the server before
 *     the call gave up): allowed, once
 * @param unknown stored ids that no writer ever wrote
 */
record Check(long acknowledged, long stored, long lost, long duplicated, long outOfOrder, long refused,
             long refusedStoredAnyway, long unknown) {

    /** @return whether nothing acknowledged was lost, doubled or reordered, and nothing unknown appeared */
    boolean kept() {
        return lost == 0 && duplicated == 0 && outOfOrder <= 0 && unknown == 0;
    }

    /**
     * Compares, session by session, what was acknowledged and refused with what is stored.
     *
     * @param acknowledged per session, the ids acknowledged, in the order the acknowledgements came
     * @param refused per session, the ids whose write threw
     * @param stored per session, the ids read back, in the store's order
     * @param ordered whether the store's order must follow the acknowledgements (short-term memory)
     * @return the sums
     */
    static Check of(Map<String, List<String>> acknowledged, Map<String, Set<String>> refused,
                    Map<String, List<String>> stored, boolean ordered) {
        long ack = 0;
        long found = 0;
        long lost = 0;
        long dup = 0;
        long disorder = 0;
        long refusedCount = 0;
        long refusedStored = 0;
        long unknown = 0;
        Set<String> sessions = new HashSet<>(acknowledged.keySet());
        sessions.addAll(refused.keySet());
        sessions.addAll(stored.keySet());
        for (String session : sessions) {
            List<String> acked = acknowledged.getOrDefault(session, List.of());
            Set<String> threw = refused.getOrDefault(session, Set.of());
            List<String> kept = stored.getOrDefault(session, List.of());
            Map<String, Integer> ackIndex = new HashMap<>();
            for (int i = 0; i < acked.size(); i++) {
                ackIndex.putIfAbsent(acked.get(i), i);
            }
            ack += acked.size();
            refusedCount += threw.size();
            Set<String> seen = new HashSet<>();
            int previous = -1;
            for (String id : kept) {
                if (!seen.add(id)) {
                    dup++;
                    continue;
                }
                Integer index = ackIndex.get(id);
                if (index == null) {
                    if (threw.contains(id)) {
                        refusedStored++;
                    } else {
                        unknown++;
                    }
                    continue;
                }
                found++;
                if (index < previous) {
                    disorder++;
                }
                previous = index;
            }
            for (String id : ackIndex.keySet()) {
                if (!seen.contains(id)) {
                    lost++;
                }
            }
        }
        return new Check(ack, found, lost, dup, ordered ? disorder : -1, refusedCount, refusedStored, unknown);
    }
}
