package dev.agentmemory.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.MemoryConfigurationException;
import dev.agentmemory.MemoryDefaults;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.postgres.PostgresOptions.Migration;
import dev.agentmemory.postgres.PostgresOptions.SearchMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** URI forms and options: parsed and validated at open time, credentials never in a message. */
class PostgresSettingsTest {

    @Test
    void postgresqlUriBecomesAJdbcUrlWithCredentialsKeptOutOfIt() {
        PostgresSettings s = PostgresSettings.parse("postgresql://alice:s%40cret@db.example:6543/agents?sslmode=disable",
                MemoryOptions.empty());
        assertEquals("jdbc:postgresql://db.example:6543/agents?sslmode=disable", s.jdbcUrl());
        assertEquals("alice", s.username());
        assertEquals("s@cret", s.password());
        assertFalse(s.address().contains("s%40cret"));
        assertFalse(s.toString().contains("cret"));
    }

    @Test
    void multiHostUrisPassToPgjdbcUnchanged() {
        PostgresSettings s = PostgresSettings.parse("postgresql://h1:5432,h2:5433/agents?targetServerType=primary",
                MemoryOptions.empty());
        assertEquals("jdbc:postgresql://h1:5432,h2:5433/agents?targetServerType=primary", s.jdbcUrl());
        PostgresSettings jdbc = PostgresSettings.parse(
                "jdbc:postgresql://h1,h2:5433/agents?targetServerType=primary&password=hunter2", MemoryOptions.empty());
        assertEquals("jdbc:postgresql://h1,h2:5433/agents?targetServerType=primary", jdbc.jdbcUrl());
        assertEquals("hunter2", jdbc.password());
        assertFalse(jdbc.address().contains("hunter2"));
        assertNull(jdbc.username());
    }

    /** Issue 10, defect 1: pgjdbc parsed the password as a host or port, and logged it. */
    @Test
    void aPasswordHoldingUriDelimitersIsSplitOffBeforePgjdbcSeesIt() {
        PostgresSettings hash = PostgresSettings.parse("postgresql://u:S3cret#Hash@127.0.0.1:5499/db", MemoryOptions.empty());
        assertEquals("jdbc:postgresql://127.0.0.1:5499/db", hash.jdbcUrl());
        assertEquals("u", hash.username());
        assertEquals("S3cret#Hash", hash.password());
        assertEquals("postgresql://***@127.0.0.1:5499/db", hash.address());

        PostgresSettings jdbc = PostgresSettings.parse("jdbc:postgresql://u:S3cret/?Q@127.0.0.1:5499/db?sslmode=disable",
                MemoryOptions.empty());
        assertEquals("jdbc:postgresql://127.0.0.1:5499/db?sslmode=disable", jdbc.jdbcUrl());
        assertEquals("S3cret/?Q", jdbc.password());
        assertEquals("jdbc:postgresql://***@127.0.0.1:5499/db?sslmode=disable", jdbc.address());

        PostgresSettings at = PostgresSettings.parse("jdbc:postgresql://db:5432/app?user=me@corp&password=p@ss",
                MemoryOptions.empty());
        assertEquals("jdbc:postgresql://db:5432/app?user=me@corp", at.jdbcUrl(), "an '@' in a parameter stays there");
        assertEquals("p@ss", at.password());
    }

    @Test
    void passwordParametersBecomeConnectionPropertiesDecodedAsPgjdbcDecodes() {
        PostgresSettings s = PostgresSettings.parse(
                "jdbc:postgresql://h/db?user=u&password=a%26b+c&sslmode=require&sslpassword=k%25ey", MemoryOptions.empty());
        assertEquals("jdbc:postgresql://h/db?user=u&sslmode=require", s.jdbcUrl());
        assertEquals("a&b c", s.password());
        assertEquals("k%ey", s.driverProperties().getProperty("sslpassword"));
        assertFalse(s.toString().contains("k%ey"), s.toString());
        assertNull(PostgresSettings.parse("postgresql://h/db", MemoryOptions.empty()).driverProperties()
                .getProperty("sslpassword"));
        MemoryConfigurationException twice = assertThrows(MemoryConfigurationException.class,
                () -> PostgresSettings.parse("postgresql://u:Kx7Qm@h/db?password=Vz3Jp", MemoryOptions.empty()));
        assertFalse(twice.getMessage().contains("Kx7Qm") || twice.getMessage().contains("Vz3Jp"), twice.getMessage());
    }

    @Test
    void aPercentThatStartsNoEscapeIsRejectedWithoutShowingThePassword() {
        for (String uri : new String[] {"postgresql://u:Kx7Qm%Vz3Jp@h/db", "jdbc:postgresql://h/db?password=Kx7Qm%Vz3Jp",
                "postgres://u:Kx7Qm@Vz3Jp@bad!host/db"}) {
            MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                    () -> PostgresSettings.parse(uri, MemoryOptions.empty()), uri);
            assertFalse(e.getMessage().contains("Kx7Qm") || e.getMessage().contains("Vz3Jp"), e.getMessage());
        }
        assertEquals("50%", PostgresSettings.parse("postgresql://u:50%25@h/db", MemoryOptions.empty()).password());
    }

    @Test
    void defaultsAreTheNamedConstants() {
        PostgresSettings s = PostgresSettings.parse("postgresql://localhost/test", MemoryOptions.empty());
        assertEquals(MemoryDefaults.POOL_MIN_SIZE, s.poolMinSize());
        assertEquals(MemoryDefaults.POOL_MAX_SIZE, s.poolMaxSize());
        assertEquals(MemoryDefaults.POOL_ACQUIRE_TIMEOUT, s.acquireTimeout());
        assertEquals(PostgresOptions.DEFAULT_SCHEMA, s.schema());
        assertEquals(MemoryDefaults.CLIENT_NAME, s.applicationName());
        assertEquals(Migration.MIGRATE, s.migration());
        assertEquals(SearchMode.AUTO, s.searchMode());
        assertFalse(s.eager());
        assertEquals("agentmemory", s.driverProperties().getProperty("ApplicationName"));
    }

    @Test
    void optionsOverrideDefaults() {
        PostgresSettings s = PostgresSettings.parse("postgres://localhost/test", MemoryOptions.of(
                MemoryOptions.POOL_MAX_SIZE.key(), "4", MemoryOptions.POOL_MIN_SIZE.key(), "0",
                MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), "250ms", MemoryOptions.CLIENT_NAME.key(), "my-agent",
                PostgresOptions.SCHEMA.key(), "tenant_a", PostgresOptions.SEARCH_MODE.key(), "exact",
                PostgresOptions.MIGRATION.key(), "validate", MemoryOptions.CONNECT.key(), "eager",
                MemoryOptions.USERNAME.key(), "bob", MemoryOptions.PASSWORD.key(), "pw"));
        assertEquals(4, s.poolMaxSize());
        assertEquals(0, s.poolMinSize());
        assertEquals(Duration.ofMillis(250), s.acquireTimeout());
        assertEquals("my-agent", s.applicationName());
        assertEquals("tenant_a", s.schema());
        assertEquals(SearchMode.EXACT, s.searchMode());
        assertEquals(Migration.VALIDATE, s.migration());
        assertTrue(s.eager());
        assertEquals("bob", s.username());
        assertEquals("pw", s.password());
    }

    @Test
    void badConfigurationFailsAtOpenNamingTheOptionButNotThePassword() {
        assertThrows(MemoryConfigurationException.class,
                () -> PostgresSettings.parse("mysql://localhost/x", MemoryOptions.empty()));
        MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class,
                () -> PostgresSettings.parse("postgresql://u:topsecret@localhost/x",
                        MemoryOptions.of(PostgresOptions.SCHEMA.key(), "Robert'); DROP TABLE x;--")));
        assertTrue(e.getMessage().contains(PostgresOptions.SCHEMA.key()), e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
        assertThrows(MemoryConfigurationException.class, () -> PostgresSettings.parse("postgresql://localhost/x",
                MemoryOptions.of(MemoryOptions.POOL_ACQUIRE_TIMEOUT.key(), "0s")), "zero would make Agroal wait forever");
        assertThrows(MemoryConfigurationException.class, () -> PostgresSettings.parse("postgresql://localhost/x",
                MemoryOptions.of(MemoryOptions.POOL_MIN_SIZE.key(), "5", MemoryOptions.POOL_MAX_SIZE.key(), "4")));
        assertThrows(MemoryConfigurationException.class, () -> PostgresSettings.parse("postgresql://localhost/x",
                MemoryOptions.of(PostgresOptions.SEARCH_MODE.key(), "annoy")));
        assertThrows(MemoryConfigurationException.class, () -> PostgresSettings.parse("postgresql://localhost/x",
                MemoryOptions.of(PostgresOptions.CUBE_DIMENSIONS.key(), "101")));
    }

    @Test
    void openingNeedsNoServer() {
        // Nothing listens on port 1: opening must still succeed, and closing must be quick.
        try (var store = new PostgresMemoryProvider().openShortTerm("postgresql://127.0.0.1:1/none",
                MemoryOptions.empty())) {
            assertTrue(store.toString().contains("127.0.0.1:1"));
        }
    }
}
