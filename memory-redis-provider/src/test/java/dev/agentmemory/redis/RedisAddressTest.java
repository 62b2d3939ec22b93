package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.redis.RedisAddress.Node;
import dev.agentmemory.redis.RedisAddress.Topology;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.config.Config;

/** The URI forms, TLS, credentials and their masking, and what the URI turns into in Redisson's configuration. */
class RedisAddressTest {

    private static RedisAddress parse(String uri) {
        return RedisAddress.parse(uri, MemoryOptions.empty());
    }

    @Test
    void standaloneWithDefaultsAndDatabase() {
        RedisAddress a = parse("redis://cache.internal");
        assertEquals(Topology.STANDALONE, a.topology());
        assertFalse(a.tls());
        assertEquals(List.of(new Node("cache.internal", 6379)), a.nodes());
        assertEquals(0, a.database());
        assertNull(a.username());
        assertNull(a.password());

        RedisAddress b = parse("REDIS://127.0.0.1:6380/3");
        assertEquals(List.of(new Node("127.0.0.1", 6380)), b.nodes());
        assertEquals(3, b.database());
    }

    @Test
    void redissIsTls() {
        RedisAddress a = parse("rediss://:pw@redis.example.com:6380/1");
        assertTrue(a.tls());
        assertEquals("pw", a.password());
        assertEquals("rediss://redis.example.com:6380", a.nodes().get(0).redissonAddress(a.tls()));
    }

    @Test
    void credentialsArePercentDecodedAndNeverShown() {
        RedisAddress a = parse("redis://app%40acme:p%40ss%3Aw+rd@127.0.0.1:6379");
        assertEquals("app@acme", a.username());
        assertEquals("p@ss:w+rd", a.password());
        assertFalse(a.toString().contains("p%40ss"), a.toString());
        assertFalse(a.display().contains("acme"), a.display());
        assertEquals("redis://***@127.0.0.1:6379", a.display());
    }

    @Test
    void aRawAtSignInThePasswordDoesNotLeakItsTail() {
        RedisAddress a = parse("redis://:se@cret@127.0.0.1:6379");
        assertEquals("se@cret", a.password());
        assertFalse(a.display().contains("cret"), a.display());
        MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                () -> parse("redis://:se@cret@127.0.0.1:notaport"));
        assertFalse(e.getMessage().contains("cret"), e.getMessage());
    }

    /** Issue 10, defect 1: '#', '?', '/' and spaces in a password were rejected with its pieces, or printed. */
    @Test
    void aPasswordMayHoldUriDelimitersAsItIs() {
        RedisAddress space = parse("redis://:pass word@h");
        assertEquals("pass word", space.password());
        assertEquals("redis://***@h", space.display());
        RedisAddress all = parse("redis://:Kx7Qm#?/@:Vz3Jp@h:6380/2");
        assertEquals("Kx7Qm#?/@:Vz3Jp", all.password());
        assertEquals(2, all.database());
        assertEquals(List.of(new Node("h", 6380)), all.nodes());
        RedisAddress sentinel = parse("redis-sentinel://:p/q?r@s1,s2:26380/mymaster?tls=true");
        assertEquals("p/q?r", sentinel.password());
        assertEquals("mymaster", sentinel.masterName());
        assertTrue(sentinel.tls());
        assertEquals("redis-sentinel://***@s1,s2:26380/mymaster?tls=true", sentinel.display());
    }

    @Test
    void aPercentThatStartsNoEscapeIsRejectedWithoutShowingThePassword() {
        for (String uri : new String[] {"redis://:Kx7Qm%Vz3Jp@h", "rediss://u:Kx7QmVz3Jp%@h",
                "redis-cluster://:Kx7Qm@Vz3Jp@bad!host:1", "redis://:Kx7Qm/Vz3Jp@h:notaport"}) {
            MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class, () -> parse(uri), uri);
            assertFalse(e.getMessage().contains("Kx7Qm") || e.getMessage().contains("Vz3Jp"), e.getMessage());
        }
        assertEquals("50%", parse("redis://:50%25@h").password());
    }

    @Test
    void userWithoutPasswordAndPasswordWithoutUser() {
        assertEquals("alice", parse("redis://alice@h").username());
        assertNull(parse("redis://alice@h").password());
        assertNull(parse("redis://:pw@h").username());
    }

    @Test
    void optionsGiveCredentialsWhenTheUriHasNone() {
        MemoryOptions options = MemoryOptions.of(MemoryOptions.USERNAME.key(), "bob", MemoryOptions.PASSWORD.key(), "opt-pw");
        RedisAddress a = RedisAddress.parse("redis://h:6379", options);
        assertEquals("bob", a.username());
        assertEquals("opt-pw", a.password());
        RedisAddress b = RedisAddress.parse("redis://:uri-pw@h:6379", options);
        assertEquals("uri-pw", b.password());
        assertNull(b.username(), "the URI's credentials win as a whole");
    }

    @Test
    void ipv6InBrackets() {
        RedisAddress a = parse("redis://[::1]:7000");
        assertEquals(new Node("::1", 7000), a.nodes().get(0));
        assertEquals("redis://[::1]:7000", a.nodes().get(0).redissonAddress(false));
        assertEquals(6379, parse("redis://[fe80::1]").nodes().get(0).port());
    }

    @Test
    void sentinelNeedsAMasterAndDefaultsToPort26379() {
        RedisAddress a = parse("redis-sentinel://:pw@s1,s2:26380,s3/mymaster/2");
        assertEquals(Topology.SENTINEL, a.topology());
        assertEquals(List.of(new Node("s1", 26379), new Node("s2", 26380), new Node("s3", 26379)), a.nodes());
        assertEquals("mymaster", a.masterName());
        assertEquals(2, a.database());
        assertFalse(a.tls());
        assertTrue(parse("redis-sentinel://s1/mymaster?tls=true").tls());
        assertThrows(MemoryConfigurationException.class, () -> parse("redis-sentinel://s1:26379"));
        assertThrows(MemoryConfigurationException.class, () -> parse("redis-sentinel://s1:26379/"));
        assertThrows(MemoryConfigurationException.class, () -> parse("redis-sentinel://s1/m/0/x"));
    }

    @Test
    void clusterTakesSeedNodesAndOnlyDatabaseZero() {
        RedisAddress a = parse("redis-cluster://n1:7000,n2:7001,n3:7002?tls=true");
        assertEquals(Topology.CLUSTER, a.topology());
        assertEquals(3, a.nodes().size());
        assertTrue(a.tls());
        assertEquals(0, parse("redis-cluster://n1:7000/0").database());
        assertThrows(MemoryConfigurationException.class, () -> parse("redis-cluster://n1:7000/1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "redis", "redis:", "http://h:6379", "redis://", "redis://h:0", "redis://h:65536", "redis://h:port",
        "redis://h1,h2", "redis://h/x", "redis://h/-1", "redis://h/1/2", "redis://h#frag", "redis://h?tls=true",
        "rediss://h?timeout=1", "redis-cluster://h?tls=maybe", "redis-cluster://h?db=1", "redis://bad host",
        "redis://[::1", "redis://[::1]x", "redis://[zz]:1", "redis://h,", "redis://:pw@", "redis://h:%41"
    })
    void badUrisAreConfigurationErrorsThatListTheAcceptedForms(String uri) {
        MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class, () -> parse(uri));
        assertEquals("open", e.operation());
        assertTrue(e.getMessage().contains("Accepted forms") || e.getMessage().contains("scheme"), e.getMessage());
    }

    @Test
    void theRedissonConfigurationFollowsTheAddressAndTheOptions() {
        RedisSettings settings = RedisSettings.from(MemoryOptions.of(MemoryOptions.CONNECT_TIMEOUT.key(), "750ms",
                MemoryOptions.RESPONSE_TIMEOUT.key(), "1500ms", MemoryOptions.CLIENT_NAME.key(), "svc-a",
                MemoryOptions.POOL_MIN_SIZE.key(), "1", MemoryOptions.POOL_MAX_SIZE.key(), "3", RedisOptions.TLS_VERIFY.key(), "ca-only"));
        Config single = RedissonConfigs.of(parse("rediss://u:p@h:6380/2"), settings);
        assertTrue(single.isLazyInitialization());
        var s = single.useSingleServer();
        assertEquals("rediss://h:6380", s.getAddress());
        assertEquals(2, s.getDatabase());
        assertEquals(0, s.getRetryAttempts(), "Redisson's own retries are off: the resilience module owns retries");
        assertEquals(750, s.getConnectTimeout());
        assertEquals(1500, s.getTimeout());
        assertEquals("svc-a", s.getClientName());
        assertEquals("u", s.getUsername());
        assertEquals("p", s.getPassword());
        assertEquals(1, s.getConnectionMinimumIdleSize());
        assertEquals(3, s.getConnectionPoolSize());
        assertEquals(org.redisson.config.SslVerificationMode.CA_ONLY, s.getSslVerificationMode());

        Config cluster = RedissonConfigs.of(parse("redis-cluster://n1:7000,n2:7001"),
                RedisSettings.from(MemoryOptions.of(MemoryOptions.CONNECT.key(), "eager")));
        assertFalse(cluster.isLazyInitialization());
        var c = cluster.useClusterServers();
        assertEquals(List.of("redis://n1:7000", "redis://n2:7001"), c.getNodeAddresses());
        assertEquals(0, c.getRetryAttempts());
        assertEquals(org.redisson.config.ReadMode.MASTER, c.getReadMode());
        assertEquals(MemoryDefaults.CLIENT_NAME, c.getClientName());

        Config sentinel = RedissonConfigs.of(parse("redis-sentinel://s1,s2/mymaster/4?tls=true"),
                RedisSettings.from(MemoryOptions.of(RedisOptions.SENTINEL_PASSWORD.key(), "spw")));
        var st = sentinel.useSentinelServers();
        assertEquals("mymaster", st.getMasterName());
        assertEquals(List.of("rediss://s1:26379", "rediss://s2:26379"), st.getSentinelAddresses());
        assertEquals(4, st.getDatabase());
        assertEquals("spw", st.getSentinelPassword());
        assertEquals(0, st.getRetryAttempts());
    }
}
