package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one user-info rule (issue 10, defect 1): up to the last '@' before the hosts, whatever the password holds. */
class StoreUriTest {

    @Test
    void theUserInfoEndsAtTheLastAtSignBeforeTheHosts() {
        StoreUri u = StoreUri.parse("postgresql://u:S3cret#Hash@127.0.0.1:5499/db");
        assertTrue(u.hasUserInfo());
        assertEquals("postgresql", u.scheme());
        assertEquals(Optional.of("u"), u.user());
        assertEquals(Optional.of("S3cret#Hash"), u.password());
        assertEquals("127.0.0.1:5499/db", u.afterUserInfo());
        assertEquals("postgresql://127.0.0.1:5499/db", u.withoutUserInfo());
        assertEquals("postgresql://***@127.0.0.1:5499/db", u.toString());

        StoreUri jdbc = StoreUri.parse("jdbc:postgresql://u:S3cret/?Q@127.0.0.1:5499/db?sslmode=disable");
        assertEquals("jdbc:postgresql", jdbc.scheme());
        assertEquals(Optional.of("S3cret/?Q"), jdbc.password());
        assertEquals("127.0.0.1:5499/db?sslmode=disable", jdbc.afterUserInfo());
    }

    @ParameterizedTest
    @ValueSource(strings = {"pass word", "a@h/x", "a@b#c", ":colon:", "@", "a://b", "p@[::1]:1/", "\u0436\u0436", "a+b"})
    void aPasswordMayHoldAnyCharacterButPercentAsItIs(String password) {
        for (String hosts : new String[] {"h", "h:6379", "[::1]:6379", "h1:1,h2:2", "127.0.0.1:5432"}) {
            StoreUri u = StoreUri.parse("redis-cluster://user:" + password + "@" + hosts + "/0?x=1");
            assertEquals(Optional.of(password), u.password(), hosts);
            assertEquals(Optional.of("user"), u.user());
            assertEquals(hosts + "/0?x=1", u.afterUserInfo());
        }
    }

    @Test
    void percentEscapesAreStrictUtf8AndAPlusIsAPlus() {
        assertEquals(Optional.of("p@ss:w+rd%"), StoreUri.parse("redis://:p%40ss%3Aw+rd%25@h").password());
        assertEquals(Optional.of("\u0436"), StoreUri.parse("redis://:%D0%B6@h").password());
        assertEquals(Optional.of("app@acme"), StoreUri.parse("redis://app%40acme@h").user());
        for (String bad : new String[] {"Kx7Qm%", "%Kx7Qm", "Kx7Qm%4", "Kx7Qm%zz", "Kx7Qm%C3%28"}) {
            StoreUri u = StoreUri.parse("postgresql://u:" + bad + "@h/db");
            MemoryConfigurationException e = assertThrows(MemoryConfigurationException.class, u::password, bad);
            assertFalse(e.getMessage().contains("Kx7Qm"), e.getMessage());
            assertTrue(e.getMessage().contains("%25"), e.getMessage());
            assertEquals("postgresql://***@h/db", e.backend());
        }
    }

    @Test
    void withoutAnAtSignBeforeAHostThereIsNoUserInfo() {
        StoreUri plain = StoreUri.parse("redis://h:6379/0");
        assertFalse(plain.hasUserInfo());
        assertEquals(Optional.empty(), plain.user());
        assertEquals(Optional.empty(), plain.password());
        assertEquals("h:6379/0", plain.afterUserInfo());
        assertFalse(StoreUri.parse("postgresql://h/db?user=me@corp&password=x").hasUserInfo(),
                "'corp&password=x' is not a host");
        assertFalse(StoreUri.parse("jdbc:postgresql://h:5432/db?user=me@corp").hasUserInfo(),
                "an '@' in a query parameter's value stays there");
        assertFalse(StoreUri.parse("jdbc:postgresql://h:5432/db?user=u&password=p@ss").hasUserInfo());
        assertEquals("jdbc:postgresql://h:5432/db?user=u&password=***",
                MemoryOptions.redact("jdbc:postgresql://h:5432/db?user=u&password=p@ss"));
        assertFalse(StoreUri.parse("mem:").hasUserInfo());
        assertEquals("mem:", StoreUri.parse("mem:").withoutUserInfo());
        assertEquals(Optional.empty(), StoreUri.parse("redis://alice@h").password(), "a user without a password");
        assertEquals(Optional.of(""), StoreUri.parse("redis://alice:@h").password());
    }
}
