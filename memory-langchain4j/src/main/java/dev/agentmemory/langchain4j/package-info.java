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
 * automatic module declares no dependencies: LangChain4j's own, Jackson ({@code com.fasterxml.jackson.databind}) and
 * SLF4J ({@code org.slf4j}), are explicit modules that the module system resolves only when some module requires
 * them, so this module requires both (without that, a module-path application fails at its first LangChain4j call
 * with {@code NoClassDefFoundError: org/slf4j/LoggerFactory}; ModulePathTest runs the module on the module path of a
 * child JVM and fails without them). An application on
 * the class path needs nothing of this.
 *
 * <p>{@code MessageWindowChatMemory}, which the chat memory store's tests drive, is in {@code langchain4j} (automatic
 * module {@code langchain4j}), not in {@code langchain4j-core}; this module does not need it at run time.
 *
 * <p>This module's tests compile and run on the class path ({@code useModulePath=false} for the compiler's
 * testCompile and for Surefire): LangChain4j's test jar {@code langchain4j-core-1.19.0-tests.jar} has no descriptor
 * either and derives the same automatic name, {@code langchain4j.core} (version {@code 1.19.0-tests}), so the module
 * path refuses the pair ("Two versions of module langchain4j.core found"); it also shares packages with
 * {@code langchain4j-core} ({@code dev.langchain4j.store.embedding}), which two modules may not.
 */
package dev.agentmemory.langchain4j;
