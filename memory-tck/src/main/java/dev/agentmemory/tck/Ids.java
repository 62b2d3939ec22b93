package dev.agentmemory.tck;

import java.util.UUID;

/** Fresh ids, so that tests can run in any order, at the same time, against one shared server. */
final class Ids {

    private Ids() {
    }

    /**
     * A new id, unique across runs.
     *
     * @param prefix a few letters saying what the id is for
     * @return for example {@code tenant-3f2a9c1b7d4e}
     */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
