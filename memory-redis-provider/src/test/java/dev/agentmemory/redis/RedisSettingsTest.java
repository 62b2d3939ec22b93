package dev.agentmemory.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Options: defaults from MemoryDefaults, and bad values named with what is allowed. */
class RedisSettingsTest {

    @Test
    void defaults() {
        RedisSettings s = RedisSettings.from(MemoryOptions.of(java.util.Map.of()));
        assertEquals(RedisOptions.DEFAULT_KEY_PREFIX, s.keyPrefix());
        assertEquals(MemoryDefaults.SHORT_TERM_TTL, s.ttl());
        assertEquals(MemoryDefaults.SHORT_TERM_MAX_ENTRIES, s.maxEntries());
        assertEquals(MemoryOptions.ConnectMode.LAZY, s.connectMode());
        assertEquals(MemoryDefaults.CONNECT_TIMEOUT, s.connectTimeout());
        assertEquals(MemoryDefaults.RESPONSE_TIMEOUT, s.responseTimeout());
        assertEquals(MemoryDefaults.CLOSE_TIMEOUT, s.closeTimeout());
        assertEquals(MemoryDefaults.CLIENT_NAME, s.clientName());
        assertEquals(MemoryDefaults.POOL_MIN_SIZE, s.poolMinSize());
        assertEquals(MemoryDefaults.POOL_MAX_SIZE, s.poolMaxSize());
        assertEquals(RedisOptions.TlsVerify.STRICT, s.tlsVerify());
        assertNull(s.truststore());
    }

    @Test
    void valuesAreRead() {
        RedisSettings s = RedisSettings.from(MemoryOptions.of(RedisOptions.KEY_PREFIX.key(), "app.v2:mem",
                MemoryOptions.SHORT_TERM_TTL.key(), "30m", MemoryOptions.SHORT_TERM_MAX_ENTRIES.key(), "7",
                MemoryOptions.CONNECT.key(), "eager", MemoryOptions.RESPONSE_TIMEOUT.key(), "250ms", RedisOptions.TLS_VERIFY.key(), "none"));
        assertEquals("app.v2:mem", s.keyPrefix());
        assertEquals(Duration.ofMinutes(30), s.ttl());
        assertEquals(7, s.maxEntries());
        assertEquals(MemoryOptions.ConnectMode.EAGER, s.connectMode());
        assertEquals(Duration.ofMillis(250), s.responseTimeout());
        assertEquals(RedisOptions.TlsVerify.NONE, s.tlsVerify());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "redis.key-prefix|a{b}", "redis.key-prefix|has space", "redis.key-prefix|a/b",
        "short-term.max-entries|0", "short-term.ttl|-5s", "short-term.ttl|99999d", "response-timeout|30d",
        "client-name|two words", "client-name|{tag}", "pool.max-size|0", "redis.tls.verify|sometimes",
        "redis.tls.truststore|/does/not/exist.p12", "connect|later"
    })
    void badValuesNameTheOption(String key, String value) {
        MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                () -> RedisSettings.from(MemoryOptions.of(key, value)));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    @Test
    void passwordsStayOutOfToString() {
        RedisSettings s = RedisSettings.from(MemoryOptions.of(RedisOptions.SENTINEL_PASSWORD.key(), "sentinel-secret",
                RedisOptions.TLS_TRUSTSTORE_PASSWORD.key(), "store-secret"));
        assertFalse(s.toString().contains("secret"), s.toString());
    }

    @Test
    void theProviderDeclaresItsOptionsSoOnlyItsSecretsAreMaskedInTheOptionsToString() {
        MemoryOptions options = MemoryOptions.empty().with(RedisOptions.KEY_PREFIX, "app-a")
                .with(RedisOptions.TLS_VERIFY, RedisOptions.TlsVerify.CA_ONLY)
                .with(RedisOptions.SENTINEL_PASSWORD, "sentinel-secret")
                .with(RedisOptions.TLS_TRUSTSTORE_PASSWORD, "store-secret");
        String text = options.toString();
        assertTrue(text.contains("redis.key-prefix=app-a") && text.contains("redis.tls.verify=ca-only"), text);
        assertFalse(text.contains("secret"), text);
        assertTrue(new RedisMemoryProvider().options().containsAll(List.of(RedisOptions.KEY_PREFIX,
                RedisOptions.SENTINEL_PASSWORD, MemoryOptions.SHORT_TERM_MAX_ENTRIES)));
    }
}
