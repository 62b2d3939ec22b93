package dev.agentmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.spi.Cosine;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashingEmbedderTest {

    private final HashingEmbedder embedder = new HashingEmbedder(384);

    @Test
    void sameTextGivesTheSameVector() {
        assertArrayEquals(embedder.embed("The user prefers window seats"), new HashingEmbedder(384).embed("The user prefers window seats"));
    }

    @Test
    void vectorsHaveUnitLength() {
        for (String text : List.of("hello", "a much longer sentence about flights and hotels", "", "!!!", "测试 😀")) {
            float[] v = embedder.embed(text);
            assertEquals(384, v.length);
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            assertEquals(1.0, Math.sqrt(norm), 1e-5, text);
        }
    }

    @Test
    void similarTextsAreCloserThanUnrelatedOnes() {
        float[] a = embedder.embed("The customer prefers a window seat on long flights");
        float[] b = embedder.embed("customer prefers window seats on flights");
        float[] c = embedder.embed("Invoice 1042 was paid by bank transfer in March");
        double close = Cosine.similarity(a, b);
        double far = Cosine.similarity(a, c);
        assertTrue(close > 0.5, "similar texts: " + close);
        assertTrue(far < 0.2, "unrelated texts: " + far);
        assertTrue(close > far + 0.3);
    }

    @Test
    void caseAndPunctuationDoNotMatter() {
        assertArrayEquals(embedder.embed("Hello, World!"), embedder.embed("hello world"));
    }

    @Test
    void dimensionIsConfigurableAndChecked() {
        assertEquals(64, new HashingEmbedder(64).embed("x").length);
        assertEquals(MemoryDefaults.EMBEDDING_DIMENSION, new HashingEmbedder().dimension());
        assertThrows(MemoryConfigurationException.class, () -> new HashingEmbedder(4));
        assertThrows(MemoryConfigurationException.class, () -> new HashingEmbedder(MemoryDefaults.MAX_EMBEDDING_DIMENSION + 1));
    }

    @Test
    void embedAllKeepsOrder() {
        List<float[]> all = embedder.embedAll(List.of("one", "two"));
        assertArrayEquals(embedder.embed("one"), all.get(0));
        assertArrayEquals(embedder.embed("two"), all.get(1));
    }
}
