package dev.agentmemory.langchain4j;

import dev.agentmemory.LongTermMemory;
import dev.agentmemory.MemoryOptions;
import dev.agentmemory.MemoryStores;
import dev.agentmemory.Scope;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.UUID;

/** What the adapter's tests share: one offline MiniLM model and the stores they run against. */
final class Stores {

    /** Loading the ONNX model takes a second or two: every test class shares one. */
    static final EmbeddingModel MINI_LM = new AllMiniLmL6V2EmbeddingModel();

    private Stores() {
    }

    /** A {@code mem:} long-term store of MiniLM's dimension. */
    static LongTermMemory inMemoryLongTerm() {
        return MemoryStores.longTerm("mem:", MemoryOptions.of("embedding.dimension", String.valueOf(MINI_LM.dimension())));
    }

    /** A scope no other test uses. */
    static Scope freshScope() {
        return new Scope("lc4j-" + UUID.randomUUID().toString().substring(0, 8), "agent");
    }
}
