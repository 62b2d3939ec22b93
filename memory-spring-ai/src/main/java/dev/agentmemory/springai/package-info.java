/**
 * agentmemory for Spring AI.
 *
 * <ul>
 *   <li>{@link dev.agentmemory.springai.AgentMemoryChatMemoryRepository}: a {@code ShortTermMemory} as a
 *       {@code ChatMemoryRepository} whose {@code saveAll} appends only what is new, with deterministic entry ids.</li>
 *   <li>{@link dev.agentmemory.springai.AgentMemoryVectorStore}: a {@code LongTermMemory} as a {@code VectorStore},
 *       with Spring AI's observations; it passes Spring AI's published {@code BaseVectorStoreTests}.</li>
 *   <li>{@link dev.agentmemory.springai.SpringAiEmbedder} and {@link dev.agentmemory.springai.AgentMemoryEmbeddingModel}:
 *       a Spring AI {@code EmbeddingModel} as an {@link dev.agentmemory.Embedder}, and the other way.</li>
 * </ul>
 *
 * <h2>Modules</h2>
 * Spring AI 2.0.1's jars have no {@code module-info} and no {@code Automatic-Module-Name}: on the module path they are
 * automatic modules named after the file, {@code spring-ai-model-2.0.1.jar} becoming {@code spring.ai.model},
 * {@code spring-ai-vector-store-2.0.1.jar} {@code spring.ai.vector.store} and {@code spring-ai-commons-2.0.1.jar}
 * {@code spring.ai.commons}; they share no package, so they can be three modules. The names depend on the file names,
 * so a renamed jar breaks them; build tools keep Maven's names. Spring Framework's jars name themselves
 * ({@code spring.core}, {@code spring.context}, ...). An automatic module declares no dependencies; see this module's
 * descriptor for the modules it requires so that Spring AI finds its own at run time. ModulePathTest runs the adapter on
 * a child JVM's module path. An application on the class path needs nothing of this.
 */
@NullMarked
package dev.agentmemory.springai;

import org.jspecify.annotations.NullMarked;
