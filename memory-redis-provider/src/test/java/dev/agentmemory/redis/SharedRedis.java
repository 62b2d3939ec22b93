package dev.agentmemory.redis;

import dev.agentmemory.MemoryOptions;
import dev.agentmemory.faultproxy.resp.RespClient;
import dev.agentmemory.tck.TestServers;
import java.util.UUID;

/**
 * The shared Redis server of the test environment, from {@code AGENTMEMORY_TEST_REDIS_URI} (bin/test exports
 * it) or a container (see {@link TestServers}). Tests never flush or stop it: each uses its own key prefix and
 * deletes that prefix afterwards.
 */
final class SharedRedis {

    static final String ENV = "AGENTMEMORY_TEST_REDIS_URI";

    private SharedRedis() {
    }

    /**
     * @return the URI, for example redis://127.0.0.1:6379; from {@link TestServers#redis()}, so a container stands in
     *         when the variable is not set, and the test fails saying how to get a server when neither is there
     */
    static String uri() {
        return TestServers.redis().uri();
    }

    static RedisAddress.Node node() {
        return RedisAddress.parse(uri(), MemoryOptions.empty()).nodes().get(0);
    }

    static RespClient client() {
        RedisAddress.Node n = node();
        return new RespClient(n.host(), n.port());
    }

    /** A key prefix no other test uses. */
    static String uniquePrefix(String what) {
        return "amtest-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A client name no other test uses. */
    static String uniqueClientName(String what) {
        return "amtest-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Deletes every key under the prefix. */
    static void deletePrefix(String prefix) {
        try (RespClient c = client()) {
            c.deletePrefix(prefix);
        }
    }
}
