/**
 * agentmemory for Spring AI: a {@code ShortTermMemory} as Spring AI's {@code ChatMemoryRepository}, a
 * {@code LongTermMemory} as its {@code VectorStore}, and an {@code EmbeddingModel} bridge both ways. Spring AI's jars
 * have no module descriptor and no {@code Automatic-Module-Name}: they are automatic modules named after their file,
 * {@code spring.ai.model}, {@code spring.ai.vector.store} and {@code spring.ai.commons} (see
 * {@link dev.agentmemory.springai}).
 */
module dev.agentmemory.springai {
    requires transitive dev.agentmemory.api;
    // Spring AI's types appear in this module's API (Message, Document, EmbeddingModel, VectorStore).
    requires transitive spring.ai.model;
    requires transitive spring.ai.vector.store;
    requires transitive spring.ai.commons;
    // The message codec writes JSON with Jackson 3, which Spring AI 2 uses too (an explicit module).
    requires tools.jackson.databind;
    // MimeType and Assert, from Spring Framework (an automatic module that names itself).
    requires spring.core;
    // Spring Framework logs through Commons Logging, an explicit module (org.apache.commons.logging) that the module
    // system resolves only when some module requires it: the automatic spring.core declares nothing. Without this line
    // the first Spring log call of a module-path application fails with NoClassDefFoundError:
    // org/apache/commons/logging/LogFactory (checked on Java 17; ModulePathTest guards it).
    requires org.apache.commons.logging;
    requires static org.jspecify;

    exports dev.agentmemory.springai;
}
