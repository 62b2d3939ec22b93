package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.Health;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.NewEntry;
import dev.agentmemory.SessionRef;
import dev.agentmemory.ShortTermMemory;
import dev.agentmemory.faultproxy.resp.RespClient;
import dev.agentmemory.tck.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code redis-sentinel://} for real: a private master and one Sentinel that monitors it, on ephemeral loopback
 * ports. The store finds the master through the Sentinel and uses it. Skipped, with the reason, where
 * redis-server is not installed.
 */
class RedisSentinelTest {

    @Test
    void theStoreFindsTheMasterThroughTheSentinel() throws Exception {
        try (RedisServerProcess master = RedisServerProcess.start();
             RedisServerProcess sentinel = startSentinel(master.port())) {
            String uri = "redis-sentinel://127.0.0.1:" + sentinel.port() + "/amtest-master";
            try (ShortTermMemory store = new RedisMemoryProvider().openShortTerm(uri,
                    MemoryOptions.of(MemoryOptions.CLIENT_NAME.key(), "amtest-sentinel"));
                 RespClient direct = master.client()) {
                SessionRef s = SessionRef.of("acme", "bot", "via-sentinel");
                store.append(s, NewEntry.of("user", "found the master"));
                assertEquals("found the master", store.recent(s, 1).get(0).content());
                assertEquals(1, direct.number("ZCARD", "am:{acme/bot/via-sentinel}:ids"), "written on the master");
                assertTrue(direct.connectionsNamed("amtest-sentinel") >= 1, "connections to the master carry the name");
                Health h = store.health();
                assertEquals(Health.Status.UP, h.status(), h::detail);
                assertEquals("sentinel", h.attributes().get("topology"));
            }
        }
    }

    private static RedisServerProcess startSentinel(int masterPort) throws Exception {
        Path conf = Files.createTempFile("amtest-sentinel-", ".conf");
        Files.writeString(conf, "sentinel monitor amtest-master 127.0.0.1 " + masterPort + " 1\n"
                + "sentinel down-after-milliseconds amtest-master 5000\n");
        conf.toFile().deleteOnExit();
        RedisServerProcess sentinel = RedisServerProcess.startWithConfig(conf, "--sentinel");
        try (RespClient c = sentinel.client()) {
            if (Await.until(Duration.ofSeconds(10),
                    () -> c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "amtest-master") != null)) {
                return sentinel;
            }
        }
        sentinel.close();
        throw new IllegalStateException("the Sentinel did not learn its master");
    }
}
