/**
 * agentmemory for LangChain4j.
 *
 * <ul>
 *   <li>{@link dev.agentmemory.langchain4j.AgentMemoryEmbeddingStore}: a {@code LongTermMemory} as an
 *       {@code EmbeddingStore<TextSegment>}; it passes LangChain4j's published suites {@code EmbeddingStoreIT},
 *       {@code EmbeddingStoreWithFilteringIT} and {@code EmbeddingStoreWithRemovalIT}.</li>
 *   <li>{@link dev.agentmemory.langchain4j.LangChain4jEmbedder}: any LangChain4j {@code EmbeddingModel} as an
 *       {@link dev.agentmemory.Embedder}.</li>
 *   <li>{@link dev.agentmemory.langchain4j.AgentMemoryChatMemoryStore}: a {@code ShortTermMemory} as a
 *       {@code ChatMemoryStore} that appends only what is new, with deterministic entry ids.</li>
 * </ul>
 *
 * <h2>Modules</h2>
 * LangChain4j 1.19.0's jars have no {@code module-info} and no {@code Automatic-Module-Name} in their manifest: on the
 * module path they are automatic modules named after the file, {@code langchain4j-core-1.19.0.jar} becoming
 * {@code langchain4j.core}. This module {@code requires transitive langchain4j.core} (its API shows LangChain4j's
 * types). The name depends on the file name, so a renamed jar breaks it; build tools keep Maven's names. An
 * application on the class path needs nothing of this.
 *
 * <p>{@code MessageWindowChatMemory}, which the chat memory store's tests drive, is in {@code langchain4j} (automatic
 * module {@code langchain4j}), not in {@code langchain4j-core}; this module does not need it at run time.
 *
 * <p>This module's tests compile and run on the class path ({@code useModulePath=false}): LangChain4j's test jar
 * ({@code langchain4j-core:tests}) has no descriptor either, and it puts classes in packages of
 * {@code langchain4j-core} ({@code dev.langchain4j.store.embedding}), which two modules on the module path may not
 * share.
 */
package dev.agentmemory.langchain4j;
