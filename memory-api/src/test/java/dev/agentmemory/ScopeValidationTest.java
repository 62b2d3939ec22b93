package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ScopeValidationTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "a\nb", "*", "?", "[abc]", "{tag}", "a{b}c", "am:*", "../etc", "/",
            "\\", "'", "\"", "x'); DROP TABLE memories;--", "$1", "%", "\u202eevil", "été", "测试", "😀"})
    void rejectsIdsOutsideTheCharacterSet(String id) {
        InvalidMemoryRequestException e = assertThrows(InvalidMemoryRequestException.class, () -> new Scope(id, "agent"));
        assertTrue(e.getMessage().contains("tenant must be 1 to 128 characters"), e.getMessage());
        assertThrows(InvalidMemoryRequestException.class, () -> new Scope("tenant", id));
        assertThrows(InvalidMemoryRequestException.class, () -> SessionRef.of("tenant", "agent", id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "acme", "a:b:c", "..", ".", "-", "@", "_", "CON", "null", "0", "-1",
            "user@example.com", "9999999999999999999999999999999999999999"})
    void acceptsIdsInsideTheCharacterSet(String id) {
        Scope scope = new Scope(id, id);
        assertEquals(id, scope.tenant());
        assertEquals(id, scope.session(id).session());
    }

    @Test
    void rejectsNullAndOversizedIds() {
        assertThrows(InvalidMemoryRequestException.class, () -> new Scope(null, "agent"));
        assertThrows(InvalidMemoryRequestException.class, () -> new SessionRef(null, "s"));
        String max = "a".repeat(MemoryDefaults.MAX_ID_LENGTH);
        assertEquals(max, new Scope(max, "b").tenant());
        InvalidMemoryRequestException e = assertThrows(InvalidMemoryRequestException.class,
                () -> new Scope(max + "a", "b"));
        assertTrue(e.getMessage().contains("(129 chars)"), "long values are shortened in the message: " + e.getMessage());
    }

    @Test
    void messagesEscapeControlCharactersAndNameTheValidation() {
        InvalidMemoryRequestException e = assertThrows(InvalidMemoryRequestException.class, () -> new Scope("a\nb", "x"));
        assertTrue(e.getMessage().contains("'a\\u000ab'"), e.getMessage());
        assertEquals("Scope", e.operation());
        assertEquals("client-side validation", e.backend());
    }

    @Test
    void newEntryRulesAreCheckedOnConstruction() {
        assertThrows(InvalidMemoryRequestException.class, () -> NewEntry.of("user", ""));
        assertThrows(InvalidMemoryRequestException.class, () -> NewEntry.of("user", "x".repeat(MemoryDefaults.MAX_CONTENT_LENGTH + 1)));
        assertThrows(InvalidMemoryRequestException.class, () -> NewEntry.of("user", "nul\0inside"));
        assertThrows(InvalidMemoryRequestException.class, () -> NewEntry.of("us er", "hi"));
        assertThrows(InvalidMemoryRequestException.class, () -> NewEntry.of("user", "hi").withImportance(1.5));
        assertThrows(InvalidMemoryRequestException.class, () -> NewEntry.of("user", "hi").withImportance(Double.NaN));
        assertThrows(InvalidMemoryRequestException.class, () -> NewEntry.of("user", "hi").withId("a b"));
        assertThrows(InvalidMemoryRequestException.class, () -> NewEntry.of("user", "hi").withMetadata(Map.of("", "v")));
        NewEntry ok = NewEntry.of("assistant", "x".repeat(MemoryDefaults.MAX_CONTENT_LENGTH));
        assertEquals(ok.id(), ok.withImportance(0.9).id(), "the id is fixed before the first attempt");
    }

    @Test
    void newMemoryAndQueryRulesAreCheckedOnConstruction() {
        assertThrows(InvalidMemoryRequestException.class, () -> NewMemory.builder("x").embedding(new float[] {1, Float.NaN}).build());
        assertThrows(InvalidMemoryRequestException.class, () -> NewMemory.builder("x").embedding(new float[] {0, 0}).build());
        assertThrows(InvalidMemoryRequestException.class, () -> NewMemory.builder("x").userId("a b").build());
        assertThrows(InvalidMemoryRequestException.class, () -> NewMemory.builder("x").type(null).build());
        assertThrows(InvalidMemoryRequestException.class, () -> MemoryQuery.text("q").limit(0).build());
        assertThrows(InvalidMemoryRequestException.class, () -> MemoryQuery.text("q").limit(101).build());
        assertThrows(InvalidMemoryRequestException.class, () -> MemoryQuery.text("q").minSimilarity(1.1).build());
        assertThrows(InvalidMemoryRequestException.class, () -> MemoryQuery.vector(new float[] {Float.POSITIVE_INFINITY}).build());
        float[] v = {1, 2};
        NewMemory m = NewMemory.builder("x").embedding(v).build();
        v[0] = 9;
        assertEquals(1f, m.embedding().get(0), "the vector is copied when given");
    }
}
