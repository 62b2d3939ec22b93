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
 * ({@code spring.core}, {@code spring.context}, ...). An automatic module declares no dependencies, so an explicit module
 * that only automatic modules use is not resolved: Spring Framework logs through Commons Logging
 * ({@code org.apache.commons.logging}, explicit), and without a {@code requires} its first log call fails with
 * {@code NoClassDefFoundError: org/apache/commons/logging/LogFactory}; this module requires it. Jackson 3
 * ({@code tools.jackson.databind}, explicit), which the chat memory repository writes messages with, is required too.
 * ModulePathTest runs the adapter (chat memory, vector store with a text filter, a Spring log call) on a child JVM's
 * module path built from this module's run-time dependencies exactly, and fails without the Commons Logging line. An
 * application on the class path needs nothing of this. This module's own tests run on the class path:
 * {@code spring-ai-test} brings JUnit 4, OkHttp's mock server and Kotlin, which are not worth resolving as modules.
 */
@NullMarked
package dev.agentmemory.springai;

import org.jspecify.annotations.NullMarked;
