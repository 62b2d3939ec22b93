/**
 * agentmemory for LangChain4j: a {@code LongTermMemory} as LangChain4j's {@code EmbeddingStore}, a
 * {@code ShortTermMemory} as its {@code ChatMemoryStore}, and any LangChain4j {@code EmbeddingModel} as an
 * {@link dev.agentmemory.Embedder}. LangChain4j's jars have no module descriptor and no
 * {@code Automatic-Module-Name}: they are automatic modules named after their file, {@code langchain4j.core}
 * (see {@link dev.agentmemory.langchain4j}).
 */
module dev.agentmemory.langchain4j {
    requires transitive dev.agentmemory.api;
    requires transitive langchain4j.core;
    requires static org.jspecify;

    exports dev.agentmemory.langchain4j;
}
