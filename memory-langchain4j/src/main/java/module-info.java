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
    // langchain4j.core is an automatic module: it declares no dependencies, so on the module path its own (explicit
    // modules Jackson and SLF4J) are resolved only if some module requires them. Without these two lines an
    // application must add them with --add-modules, or fails with NoClassDefFoundError: org/slf4j/LoggerFactory.
    requires com.fasterxml.jackson.databind;
    requires org.slf4j;
    requires static org.jspecify;

    exports dev.agentmemory.langchain4j;
}
