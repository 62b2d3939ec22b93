/**
 * The Spring Boot starter of agentmemory: {@link dev.agentmemory.spring.boot.AgentMemoryAutoConfiguration} opens a
 * {@link dev.agentmemory.ShortTermMemory} and a {@link dev.agentmemory.LongTermMemory} from {@code agentmemory.*}
 * properties and exposes them as Spring AI's {@code ChatMemoryRepository} and {@code VectorStore};
 * {@link dev.agentmemory.spring.boot.AgentMemoryHealthAutoConfiguration} adds an Actuator health indicator per store.
 * See {@code docs/spring-ai.md}.
 */
@NullMarked
package dev.agentmemory.spring.boot;

import org.jspecify.annotations.NullMarked;
